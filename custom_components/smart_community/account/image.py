"""Images of a community account: the picture of the last visitor who rang."""

from datetime import timedelta
import logging
from typing import Final

from homeassistant.components.image import ImageEntity, ImageEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from ..community import CallRinging, CommunityError, DoorStation, Event, RingPicture
from ..const import CONF_SNAPSHOT_ON_RING
from .coordinator import CommunityConfigEntry, CommunityCoordinator, ring_picture_key
from .devices import door_device_info
from .entity import StreamEntity, Subject, async_add_as_they_appear, snapshot_doors
from .pictures import Picture, PictureFolder, PictureKeeper, picture_folder

_LOGGER = logging.getLogger(__name__)
VISITOR_STILL_AT_THE_DOOR: Final = timedelta(minutes=1)

VISITOR = ImageEntityDescription(key="visitor", translation_key="last_visitor")


def _heard_too_late(ring: CallRinging) -> bool:
    """A ring the stream replayed long after it happened: a picture now shows someone else.

    Only replayed rings are judged by their age, so that a platform whose clock is off never
    costs a live ring its picture.
    """
    return ring.replayed and dt_util.utcnow() - ring.time > VISITOR_STILL_AT_THE_DOOR


class VisitorImage(StreamEntity, ImageEntity):
    """Takes a snapshot when someone rings (if the resident wants), to see who it was later.

    The picture shows at once; the picture history keeps it on disk meanwhile, and after a
    restart the image shows the newest picture kept there.
    """

    _attr_content_type = "image/jpeg"

    def __init__(
        self, coordinator: CommunityCoordinator, door: DoorStation, keeper: PictureKeeper
    ) -> None:
        """The last visitor at one door station; keeper keeps the account's pictures."""
        subject = Subject(
            id=door.id,
            device=door_device_info(coordinator, door),
            keys=(door.id, ring_picture_key(door.id)),
        )
        super().__init__(coordinator, VISITOR, subject)
        ImageEntity.__init__(self, coordinator.hass)
        self._picture: bytes | None = None
        self._kept: Picture | None = None
        self._keeper = keeper

    async def async_added_to_hass(self) -> None:
        """Show the newest kept picture until the next ring."""
        await super().async_added_to_hass()
        folder = picture_folder(self.hass, self.coordinator.config_entry.entry_id)
        try:
            self._kept = await self.hass.async_add_executor_job(folder.newest, self._subject)
        except OSError as err:
            _LOGGER.warning("Could not read the kept visitor pictures: %s", err.strerror)
        if self._kept is not None:
            self._attr_image_last_updated = self._kept.taken_at

    @callback
    def _on_event(self, event: Event) -> None:
        if not self.coordinator.config_entry.options.get(CONF_SNAPSHOT_ON_RING):
            return
        match event:
            case RingPicture():
                self._show(event.picture)
            # A live ring's picture follows it on the stream when this connection asked;
            # otherwise (an older platform, a ring caught up on) it is fetched.
            case CallRinging() if not (
                _heard_too_late(event)
                or (self.coordinator.stream.ring_pictures and not event.replayed)
            ):
                # Not eagerly: the ring reaches the doorbell entity (and the resident) first;
                # the picture follows a moment later.
                self.hass.async_create_task(self._take_snapshot(), eager_start=False)

    async def _take_snapshot(self) -> None:
        try:
            picture = await self.coordinator.client.get_snapshot(self._subject)
        except CommunityError as err:
            _LOGGER.info("Could not take a picture of the visitor at %s: %s", self.name, err)
            return
        self._show(picture)

    @callback
    def _show(self, picture: bytes) -> None:
        """Show the picture of the visitor who rang just now, and keep it."""
        self._picture = picture
        self._attr_image_last_updated = taken_at = dt_util.utcnow()
        self.async_write_ha_state()
        self._keeper.async_keep(self._subject, picture, taken_at)

    async def async_image(self) -> bytes | None:
        """The picture taken at the last ring (or the newest kept one, after a restart)."""
        if self._picture is None and self._kept is not None:
            return await self.hass.async_add_executor_job(PictureFolder.read, self._kept)
        return self._picture


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The last visitor of each door station that takes pictures."""
    keeper = PictureKeeper(hass, entry)
    async_add_as_they_appear(
        entry, async_add_entities, snapshot_doors, lambda c, door: [VisitorImage(c, door, keeper)]
    )
