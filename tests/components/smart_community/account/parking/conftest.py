"""Parking rides on the community account: the same reference server, account and helpers."""

from collections.abc import Iterator
from contextlib import contextmanager

from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback

from tests.components.smart_community.account.conftest import (
    HOME,
    add_account,
    entry,
    fired,
    loopback,
    server,
    wait_for_state,
)

__all__ = [
    "HOME",
    "add_account",
    "changed_entities",
    "entry",
    "fired",
    "loopback",
    "server",
    "wait_for_state",
]

PLATE = "粤B·12345"
OWN_SPACE = "binary_sensor.underground_car_park_b1_a_001_occupied"
FREE = "sensor.underground_car_park_b1_free_spaces"
OCCUPANCY = "sensor.underground_car_park_b1_occupancy"
AREA_A_FREE = "sensor.underground_car_park_b1_area_a_free_spaces"
AREA_B_FREE = "sensor.underground_car_park_b1_area_b_free_spaces"
VEHICLE_EVENT = "event.yue_b_12345_entry_and_exit"
VEHICLE_STATUS = "sensor.yue_b_12345_parking_status"
PASS_EXPIRY = "sensor.yue_b_12345_monthly_pass_expiry"


@contextmanager
def changed_entities(hass: HomeAssistant) -> Iterator[list[str]]:
    """The entity ids whose state changes while the block runs, in order."""
    seen: list[str] = []

    @callback
    def changed(event: Event[EventStateChangedData]) -> None:
        seen.append(event.data["entity_id"])

    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, changed)
    try:
        yield seen
    finally:
        unsubscribe()
