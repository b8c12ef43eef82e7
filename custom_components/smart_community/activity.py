"""What the event entities fire, with when it happened, also told to Home Assistant's Activity.

Each event an entity fires goes on the bus as `smart_community_activity` with the entity and
its device, so that the logbook platform (logbook.py) can describe it in the resident's words.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Final

from homeassistant.components.event import EventEntity
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID

from .const import DOMAIN

EVENT_ACTIVITY: Final = f"{DOMAIN}_activity"
ATTR_KIND: Final = "kind"
ATTR_EVENT_TYPE: Final = "event_type"
ATTR_OCCURRED_AT: Final = "occurred_at"
ATTR_REPLAYED: Final = "replayed"


class ActivityEventEntity(EventEntity):
    """An event entity whose events carry their time and reach the logbook."""

    def _fire(
        self,
        event_type: str,
        attributes: Mapping[str, object],
        *,
        occurred_at: datetime,
        replayed: bool,
    ) -> None:
        """Fire the event with its time, write the state, and tell the logbook.

        occurred_at is when the platform or the lock says it happened; replayed says the
        event arrived late, while a connection caught up on what it had missed.
        """
        timed = {**attributes, ATTR_OCCURRED_AT: occurred_at.isoformat(), ATTR_REPLAYED: replayed}
        self._trigger_event(event_type, timed)
        self.async_write_ha_state()
        registered = self.registry_entry
        self.hass.bus.async_fire(
            EVENT_ACTIVITY,
            {
                ATTR_ENTITY_ID: self.entity_id,
                ATTR_DEVICE_ID: registered.device_id if registered is not None else None,
                ATTR_KIND: self.entity_description.key,
                ATTR_EVENT_TYPE: event_type,
                **timed,
            },
        )
