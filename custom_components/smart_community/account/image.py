"""Images of a community account: the picture of the last visitor who rang."""

import logging

from homeassistant.components.image import ImageEntity, ImageEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from ..community import CallRinging, CommunityError, DoorStation, Event
from ..const import CONF_SNAPSHOT_ON_RING
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .devices import door_device_info
from .entity import StreamEntity, Subject, async_add_as_they_appear, snapshot_doors

_LOGGER = logging.getLogger(__name__)

VISITOR = ImageEntityDescription(key="visitor", translation_key="last_visitor")


class VisitorImage(StreamEntity, ImageEntity):
    """Takes a snapshot when someone rings (if the resident wants), to see who it was later.

    The picture is the entity's own: the platform keeps no copy of it.
    """

    _attr_content_type = "image/jpeg"

    def __init__(self, coordinator: CommunityCoordinator, door: DoorStation) -> None:
        """The last visitor at one door station."""
        super().__init__(
            coordinator, VISITOR, Subject(id=door.id, device=door_device_info(coordinator, door))
        )
        ImageEntity.__init__(self, coordinator.hass)
        self._picture: bytes | None = None

    @callback
    def _on_event(self, event: Event) -> None:
        if isinstance(event, CallRinging) and self.coordinator.config_entry.options.get(
            CONF_SNAPSHOT_ON_RING
        ):
            # Not eagerly: the ring reaches the doorbell entity (and the resident) first; the
            # picture follows a moment later.
            self.hass.async_create_task(self._take_snapshot(), eager_start=False)

    async def _take_snapshot(self) -> None:
        try:
            self._picture = await self.coordinator.client.get_snapshot(self._subject)
        except CommunityError as err:
            _LOGGER.info("Could not take a picture of the visitor at %s: %s", self.name, err)
            return
        self._attr_image_last_updated = dt_util.utcnow()
        self.async_write_ha_state()

    async def async_image(self) -> bytes | None:
        """The picture taken at the last ring."""
        return self._picture


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The last visitor of each door station that takes pictures."""
    async_add_as_they_appear(
        entry, async_add_entities, snapshot_doors, lambda c, door: [VisitorImage(c, door)]
    )
