"""Visitor passes from a calendar visit or a dashboard button: issued on the server, code sent."""

from datetime import datetime, timedelta

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    setup_test_component_platform,
)

from custom_components.smart_community.const import DOMAIN
from simulator.community import CommunityServer

from .conftest import Phone, UseBlueprint, wait_for_calls


class Diary(CalendarEntity):
    """A calendar holding fixed events."""

    _attr_name = "Diary"

    def __init__(self, events: list[CalendarEvent]) -> None:
        """A calendar with these events."""
        self._events = events

    @property
    def event(self) -> CalendarEvent | None:
        """Not needed by the trigger."""
        return None

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """The events overlapping the time asked for."""
        return [
            event
            for event in self._events
            if event.start_datetime_local < end_date and event.end_datetime_local > start_date
        ]


async def _passes(hass: HomeAssistant, entry: ConfigEntry) -> list[dict[str, object]]:
    response = await hass.services.async_call(
        DOMAIN,
        "list_visitor_passes",
        {"config_entry_id": entry.entry_id},
        blocking=True,
        return_response=True,
    )
    assert isinstance(response, dict)
    return [p for p in response["passes"] if p["status"] == "active"]


def _code_sent(notification: ServiceCall, issued: dict[str, object]) -> None:
    assert notification.data["title"] == "Visitor pass"
    assert f"code {issued['code']}," in notification.data["message"]


async def test_calendar_visit_gets_a_pass_ahead_of_time(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    phone: Phone,
    use_blueprint: UseBlueprint,
) -> None:
    """An hour before the visit its pass exists, the car is let in, and the code is sent."""
    start = dt_util.now().replace(microsecond=0) + timedelta(hours=1, minutes=5)
    visits = [
        CalendarEvent(
            start=start,
            end=start + timedelta(hours=3),
            summary="visitor: Li Lei",
            description="Dinner.\n车牌\uff1a粤B·D2468\n",  # a Chinese full-width colon
        ),
        CalendarEvent(start=start, end=start + timedelta(hours=1), summary="Dentist"),
    ]
    setup_test_component_platform(hass, "calendar", [Diary(visits)])
    assert await async_setup_component(hass, "calendar", {"calendar": {"platform": "test"}})
    before = await _passes(hass, entry)
    await use_blueprint(
        "visitor_pass_calendar",
        {
            "calendars": ["calendar.diary"],
            "account": entry.entry_id,
            "notify_device": phone.device_id,
        },
    )

    async_fire_time_changed(hass, start - timedelta(minutes=59))
    [notification] = await wait_for_calls(hass, phone.notifications, 1)

    [issued] = [p for p in await _passes(hass, entry) if p not in before]
    assert issued["visitor_name"] == "Li Lei"
    assert datetime.fromisoformat(str(issued["valid_from"])) == start
    assert datetime.fromisoformat(str(issued["valid_until"])) == start + timedelta(hours=3)
    _code_sent(notification, issued)
    assert notification.data["message"].startswith("Pass for Li Lei: code")
    assert notification.data["message"].endswith(" Car 粤B·D2468 is registered.")
    [permit] = [r for r in server.state.rights.values() if r.plate == "粤B·D2468"]
    assert datetime.fromisoformat(permit.valid_from) == start
    assert datetime.fromisoformat(permit.valid_until) == start + timedelta(hours=3)
    await hass.async_block_till_done()
    assert len(phone.notifications) == 1  # the dentist is not a visitor


async def test_button_gets_a_pass_for_the_next_hours(
    hass: HomeAssistant, entry: ConfigEntry, phone: Phone, use_blueprint: UseBlueprint
) -> None:
    """Pressing the dashboard button issues a pass valid from now, and sends its code."""
    assert await async_setup_component(hass, "input_button", {"input_button": {"guest": {}}})
    before = await _passes(hass, entry)
    await use_blueprint(
        "visitor_pass_button",
        {
            "button": "input_button.guest",
            "valid_for": {"hours": 4},
            "uses_allowed": 2,
            "account": entry.entry_id,
            "notify_device": phone.device_id,
        },
    )

    await hass.services.async_call(
        "input_button", "press", {"entity_id": "input_button.guest"}, blocking=True
    )
    [notification] = await wait_for_calls(hass, phone.notifications, 1)

    [issued] = [p for p in await _passes(hass, entry) if p not in before]
    assert issued["visitor_name"] == "Visitor"
    assert issued["uses_allowed"] == 2
    valid_from = datetime.fromisoformat(str(issued["valid_from"]))
    valid_until = datetime.fromisoformat(str(issued["valid_until"]))
    # Both ends are read from the clock a moment apart.
    assert abs(valid_until - valid_from - timedelta(hours=4)) < timedelta(seconds=1)
    _code_sent(notification, issued)
