"""Door code for a calendar visitor: a temporary code on the virtual lock, sent to the phone."""

from datetime import timedelta

from homeassistant.components.calendar import CalendarEvent
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    setup_test_component_platform,
)

from simulator.blelock import VirtualLock

from .conftest import Phone, UseBlueprint, wait_for_calls
from .test_visitor_pass import Diary


@pytest.mark.usefixtures("lock_entry")
async def test_visit_gets_a_door_code_for_its_time(
    hass: HomeAssistant, virtual_lock: VirtualLock, phone: Phone, use_blueprint: UseBlueprint
) -> None:
    """An hour ahead the phone gets a code that the keypad takes from half an hour before the
    visit until it ends, twice at most; the dentist gets none."""
    start = dt_util.now().replace(microsecond=0) + timedelta(hours=1, minutes=5)
    end = start + timedelta(hours=2)
    visits = [
        CalendarEvent(start=start, end=end, summary="Visitor: Li Lei"),
        CalendarEvent(start=start, end=start + timedelta(hours=1), summary="Dentist"),
    ]
    setup_test_component_platform(hass, "calendar", [Diary(visits)])
    assert await async_setup_component(hass, "calendar", {"calendar": {"platform": "test"}})
    await use_blueprint(
        "lock_code_calendar",
        {
            "calendars": ["calendar.diary"],
            "lock": "lock.sc_lock_ee10",
            "uses": 2,
            "notify_device": phone.device_id,
        },
    )

    async_fire_time_changed(hass, start - timedelta(minutes=59))
    [notification] = await wait_for_calls(hass, phone.notifications, 1)

    message = notification.data["message"]
    assert notification.data["title"] == "Door code"
    assert message.startswith("Door code for Li Lei: ")
    code = message.removeprefix("Door code for Li Lei: ").split(",")[0]
    assert len(code) == 6
    # The lock's own clock decides; the visit has not started yet.
    assert not virtual_lock.enter_pin(code)
    virtual_lock.clock = (start - timedelta(minutes=29)).timestamp
    assert virtual_lock.enter_pin(code)
    virtual_lock.clock = (end - timedelta(seconds=1)).timestamp
    assert virtual_lock.enter_pin(code)
    assert not virtual_lock.enter_pin(code)
    await hass.async_block_till_done()
    assert len(phone.notifications) == 1
