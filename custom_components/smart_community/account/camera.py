"""Cameras of a community account: a door station's picture and live stream."""

from homeassistant.components.camera import Camera, CameraEntityDescription
from homeassistant.components.camera.const import CameraEntityFeature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..community import DoorCapability, DoorStation
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .devices import door_device_info
from .entity import CommunityEntity, Subject, async_add_as_they_appear, snapshot_doors
from .errors import translated_errors

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
        if DoorCapability.STREAM in door.capabilities:
            self._attr_supported_features = CameraEntityFeature.STREAM

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """The door station's current picture."""
        with translated_errors():
            return await self.coordinator.client.get_snapshot(self._subject)

    async def stream_source(self) -> str | None:
        """A short-lived RTSP address of the live stream."""
        with translated_errors():
            return (await self.coordinator.client.get_stream_source(self._subject)).url


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A camera for each door station that takes pictures."""
    async_add_as_they_appear(
        entry, async_add_entities, snapshot_doors, lambda c, door: [DoorCamera(c, door)]
    )
