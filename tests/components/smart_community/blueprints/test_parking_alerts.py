"""Parking alerts: the reference server's space sensor, barrier gates and pass reminders."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
import pytest

from simulator.community import CommunityServer
from tests.components.smart_community.account.conftest import fired, wait_for_state

from .conftest import Phone, UseBlueprint, minutes_pass, wait_for_calls

SPACE_ID = "space-B1-A-001"
SPACE = "binary_sensor.underground_car_park_b1_a_001_occupied"
CAR = "sensor.yue_b_12345_parking_status"
CAR_EVENTS = "event.yue_b_12345_entry_and_exit"
PLATE = "粤B·12345"


@pytest.fixture
async def parking_alerts(
    hass: HomeAssistant, entry: ConfigEntry, phone: Phone, use_blueprint: UseBlueprint
) -> None:
    """The parking alerts of resident1's space and car."""
    await use_blueprint(
        "parking_alerts",
        {
            "space": SPACE,
            "car_status": CAR,
            "car_events": CAR_EVENTS,
            "occupied_for": {"minutes": 2},
            "notify_device": phone.device_id,
        },
    )


async def _space(hass: HomeAssistant, server: CommunityServer, occupied: bool) -> None:
    server.set_space(SPACE_ID, occupied)
    expected = STATE_ON if occupied else STATE_OFF
    await wait_for_state(hass, SPACE, lambda state: state.state == expected)


@pytest.mark.usefixtures("parking_alerts")
async def test_stranger_in_my_space(
    hass: HomeAssistant, server: CommunityServer, phone: Phone
) -> None:
    """A car in my space while mine is out is reported once it stays; my own car is not."""
    assert hass.states.get(CAR).state == "away"
    await _space(hass, server, True)
    minutes_pass(hass, 1)
    await _space(hass, server, False)  # only turning
    await _space(hass, server, True)
    minutes_pass(hass, 2)
    [alert] = await wait_for_calls(hass, phone.notifications, 1)
    assert alert.data == {
        "title": "Parking",
        "message": "Someone has parked in your space Underground car park B1 A-001 while "
        "your car is out.",
    }

    await _space(hass, server, False)
    server.vehicle_enter(PLATE)
    await wait_for_state(hass, CAR, lambda state: state.state == "parked")
    await _space(hass, server, True)
    minutes_pass(hass, 3)
    await hass.async_block_till_done()
    assert len(phone.notifications) == 1


@pytest.mark.usefixtures("parking_alerts")
async def test_pass_expiring_reminder(
    hass: HomeAssistant, server: CommunityServer, phone: Phone
) -> None:
    """The platform's notice that the monthly pass ends soon becomes a reminder."""
    server.right_expiring("right-0001")
    await wait_for_state(hass, CAR_EVENTS, fired)

    [reminder] = await wait_for_calls(hass, phone.notifications, 1)
    assert reminder.data["message"].startswith(f"The monthly parking pass of {PLATE} ends on ")
