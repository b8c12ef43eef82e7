"""Activity of a Bluetooth lock: who locked or unlocked the door, and how."""

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import callback

from ..blelock import Action, ActivityEntry
from .entity import LockFamilyEntity, platform_entities
from .names import user_name

LOCK_ACTIVITY = EventEntityDescription(
    key="activity",
    translation_key="activity",
    event_types=[action.name.lower() for action in Action],
)


class LockActivityEvent(LockFamilyEntity, EventEntity):
    """Fires for each new entry of the lock's activity log."""

    async def async_added_to_hass(self) -> None:
        """Listen for new activity-log entries."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.async_subscribe_activity(self._activity))

    @callback
    def _activity(self, entry: ActivityEntry) -> None:
        self._trigger_event(
            entry.action.name.lower(),
            {
                "method": entry.method.name.lower(),
                "user_slot": entry.user_slot or None,
                "user_name": user_name(self.hass, self.coordinator.entry, entry.user_slot),
                "log_index": entry.index,
                "time": entry.time.isoformat(),
            },
        )
        self.async_write_ha_state()


async_setup_entry = platform_entities(
    lambda coordinator: [LockActivityEvent(coordinator, LOCK_ACTIVITY)]
)
