"""Activity of a Bluetooth lock: who locked or unlocked the door, and how."""

from datetime import timedelta

from homeassistant.components.event import EventEntityDescription
from homeassistant.core import callback
from homeassistant.util import dt as dt_util

from ..activity import ActivityEventEntity
from ..blelock import Action, ActivityEntry
from .entity import LockFamilyEntity, platform_entities
from .names import user_name

_LOG_RESOLUTION = timedelta(seconds=1)
LOCK_ACTIVITY = EventEntityDescription(
    key="activity",
    translation_key="activity",
    event_types=[action.name.lower() for action in Action],
)


class LockActivityEvent(LockFamilyEntity, ActivityEventEntity):
    """Fires for each new entry of the lock's activity log.

    Entries logged before Home Assistant began listening are the lock catching up, and are
    marked replayed; the lock logs whole seconds, so only entries a full second older count.
    """

    async def async_added_to_hass(self) -> None:
        """Listen for new activity-log entries."""
        await super().async_added_to_hass()
        self._listening_since = dt_util.utcnow()
        self.async_on_remove(self.coordinator.async_subscribe_activity(self._activity))

    @callback
    def _activity(self, entry: ActivityEntry) -> None:
        self._fire(
            entry.action.name.lower(),
            {
                "method": entry.method.name.lower(),
                "user_slot": entry.user_slot or None,
                "user_name": user_name(self.hass, self.coordinator.entry, entry.user_slot),
                "log_index": entry.index,
                "time": entry.time.isoformat(),
            },
            occurred_at=entry.time,
            replayed=entry.time + _LOG_RESOLUTION <= self._listening_since,
        )


async_setup_entry = platform_entities(
    lambda coordinator: [LockActivityEvent(coordinator, LOCK_ACTIVITY)]
)
