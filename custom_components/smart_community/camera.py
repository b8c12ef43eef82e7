"""Camera entities: a door station's picture and live stream."""

from homeassistant.components.camera import Camera, CameraEntityDescription
from homeassistant.components.camera.const import CameraEntityFeature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .community import DoorCapability, DoorStation
from .community_entity import (
    CommunityEntity,
    async_add_as_they_appear,
    door_device_info,
    snapshot_doors,
)
from .community_errors import translated_errors
from .const import CONF_FAMILY, Family
from .coordinator import CommunityConfigEntry, CommunityCoordinator

PARALLEL_UPDATES = 0

DOOR_CAMERA = CameraEntityDescription(key="camera", translation_key="door_camera")


class DoorCamera(CommunityEntity, Camera):
    """Snapshots on demand; the stream URL is fetched fresh each time (it expires)."""

    def __init__(self, coordinator: CommunityCoordinator, door: DoorStation) -> None:
        """The camera of one door station."""
        super().__init__(coordinator, door.id, DOOR_CAMERA, door_device_info(coordinator, door))
        Camera.__init__(self)
        self._door_id = door.id
        if DoorCapability.STREAM in door.capabilities:
            self._attr_supported_features = CameraEntityFeature.STREAM

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """The door station's current picture."""
        with translated_errors():
            return await self.coordinator.client.get_snapshot(self._door_id)

    async def stream_source(self) -> str | None:
        """A short-lived RTSP address of the live stream."""
        with translated_errors():
            return (await self.coordinator.client.get_stream_source(self._door_id)).url


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the camera entities of the entry's family."""
    if entry.data[CONF_FAMILY] == Family.COMMUNITY:
        async_add_as_they_appear(
            entry,
            async_add_entities,
            snapshot_doors,
            lambda coordinator, door: [DoorCamera(coordinator, door)],
        )
