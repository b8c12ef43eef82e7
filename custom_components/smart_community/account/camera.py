"""Cameras of a community account: a door station's picture, live view and stream."""

from typing import override

from homeassistant.components.camera import Camera, CameraEntityDescription
from homeassistant.components.camera.const import CameraEntityFeature
from homeassistant.components.camera.webrtc import WebRTCSendMessage
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from webrtc_models import RTCIceCandidateInit

from ..community import DoorCapability, DoorStation
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .devices import door_device_info
from .entity import CommunityEntity, Subject, async_add_as_they_appear, snapshot_doors
from .errors import translated_errors
from .live_view import LiveView

DOOR_CAMERA = CameraEntityDescription(key="camera", translation_key="door_camera")


class DoorCamera(CommunityEntity, Camera):
    """Snapshots on demand; the stream URL is fetched fresh each time (it expires)."""

    def __init__(self, coordinator: CommunityCoordinator, door: DoorStation) -> None:
        """The camera of one door station."""
        super().__init__(
            coordinator,
            DOOR_CAMERA,
            Subject(id=door.id, device=door_device_info(coordinator, door)),
        )
        Camera.__init__(self)
        if {DoorCapability.STREAM, DoorCapability.WEBRTC} & door.capabilities:
            self._attr_supported_features = CameraEntityFeature.STREAM

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """The door station's current picture."""
        with translated_errors():
            return await self.coordinator.client.get_snapshot(self._subject)

    async def stream_source(self) -> str | None:
        """A short-lived RTSP address of the live stream."""
        if DoorCapability.STREAM not in self._door.capabilities:
            return None
        with translated_errors():
            return (await self.coordinator.client.get_stream_source(self._subject)).url

    @property
    def _door(self) -> DoorStation:
        return self.coordinator.data.doors[self._subject]


class LiveDoorCamera(DoorCamera):
    """A station with a WebRTC live view: the browser talks to the station itself.

    Home Assistant only relays the offer, the answer and the candidates, so video and the
    resident's voice never pass through it and nothing is transcoded.
    """

    def __init__(self, coordinator: CommunityCoordinator, door: DoorStation) -> None:
        """The camera of one door station with a live view."""
        super().__init__(coordinator, door)
        self._live = LiveView(coordinator.hass, coordinator.client, door.id)

    @override
    async def async_handle_async_webrtc_offer(
        self, offer_sdp: str, session_id: str, send_message: WebRTCSendMessage
    ) -> None:
        """Ask the station to answer the browser's offer; watching never answers a call."""
        await self._live.offer(
            session_id,
            offer_sdp,
            send_message,
            door_name=self._door.name,
            api_version=self.coordinator.data.account.platform.api_version,
        )

    @override
    async def async_on_webrtc_candidate(
        self, session_id: str, candidate: RTCIceCandidateInit
    ) -> None:
        """Pass one of the browser's candidates on to the station."""
        await self._live.candidate(session_id, candidate)

    @callback
    @override
    def close_webrtc_session(self, session_id: str) -> None:
        """The browser closed the live view: the station stops sending."""
        self._live.close(session_id)

    async def async_will_remove_from_hass(self) -> None:
        """Close every live view on the platform before the camera goes."""
        await self._live.close_all()
        await super().async_will_remove_from_hass()


def _camera(coordinator: CommunityCoordinator, door: DoorStation) -> DoorCamera:
    live = DoorCapability.WEBRTC in door.capabilities
    return (LiveDoorCamera if live else DoorCamera)(coordinator, door)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A camera for each door station that takes pictures."""
    async_add_as_they_appear(
        entry, async_add_entities, snapshot_doors, lambda c, door: [_camera(c, door)]
    )
