"""What happens at the doors reaches Home Assistant as it happens."""

from datetime import datetime, timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_OFF, STATE_ON, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest

from simulator.community import CommunityServer

from .conftest import HOME, fired, wait_for_state

NORTH_GATE = "door-north-gate"
DOORBELL = "event.north_gate_doorbell"
OTHER_HOME = "home-3-1-0805"


async def test_ring_fires_the_doorbell(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A visitor calling the resident's home rings the gate's doorbell event."""
    # A call to a neighbour comes first: only the resident's own call may fire.
    server.ring(NORTH_GATE, OTHER_HOME)
    call_id = server.ring(NORTH_GATE, HOME)

    state = await wait_for_state(hass, "event.north_gate_doorbell", fired)

    assert state.attributes["event_type"] == "ring"
    assert state.attributes["call_id"] == call_id
    assert state.attributes["home_id"] == HOME
    assert state.attributes["device_class"] == "doorbell"


async def test_ring_takes_a_picture_of_the_visitor(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The last visitor image updates when someone rings."""
    server.ring(NORTH_GATE, HOME)

    state = await wait_for_state(hass, "image.north_gate_last_visitor", fired)

    assert state.attributes["entity_picture"]


async def test_face_opens_the_door(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A resident recognised at the gate shows up as an access event with the person."""
    assert server.recognise(NORTH_GATE, "face", resident_id="res-1") is True

    state = await wait_for_state(hass, "event.north_gate_access", fired)

    assert state.attributes["event_type"] == "opened"
    assert state.attributes["method"] == "face"
    assert state.attributes["person"] == "Zhang Wei"


async def test_unknown_code_is_denied(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A code nobody issued is refused, with the reason."""
    assert server.recognise(NORTH_GATE, "pin", code="000000") is False

    state = await wait_for_state(hass, "event.north_gate_access", fired)

    assert state.attributes["event_type"] == "denied"
    assert state.attributes["method"] == "pin"
    assert state.attributes["reason"]


async def test_notice_is_published(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A new notice fires the notice event and becomes the latest notice."""
    server.publish_notice("Water off on Friday", "Maintenance 9:00-12:00", "maintenance")

    event = await wait_for_state(hass, "event.lychee_garden_li_zhi_yuan_notice", fired)
    sensor = await wait_for_state(
        hass,
        "sensor.lychee_garden_li_zhi_yuan_latest_notice",
        lambda state: state.state == "Water off on Friday",
    )

    assert event.attributes["title"] == "Water off on Friday"
    assert event.attributes["body"] == "Maintenance 9:00-12:00"
    assert event.attributes["category"] == "maintenance"
    assert sensor.attributes["category"] == "maintenance"
    assert sensor.attributes["body"] == "Maintenance 9:00-12:00"


async def test_notice_text_after_a_restart(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The latest notice read at setup carries its text too."""
    server.publish_notice("Lift inspection", "Lift B is out of service on Monday.", "maintenance")
    await wait_for_state(
        hass,
        "sensor.lychee_garden_li_zhi_yuan_latest_notice",
        lambda state: state.state == "Lift inspection",
    )

    await entry.runtime_data.async_refresh()

    sensor = hass.states.get("sensor.lychee_garden_li_zhi_yuan_latest_notice")
    assert sensor.attributes["body"] == "Lift B is out of service on Monday."


async def test_door_station_goes_offline_and_back(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The online sensor follows the station's connectivity."""
    assert hass.states.get("binary_sensor.north_gate_online").state == STATE_ON

    server.set_online(NORTH_GATE, False)
    await wait_for_state(hass, "binary_sensor.north_gate_online", lambda s: s.state == STATE_OFF)
    server.set_online(NORTH_GATE, True)
    await wait_for_state(hass, "binary_sensor.north_gate_online", lambda s: s.state == STATE_ON)


async def test_events_say_when_and_whether_they_came_late(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A live ring is news; a ring the stream replays after a drop says it came late."""
    live_call = server.ring(NORTH_GATE, HOME)
    live = await wait_for_state(hass, DOORBELL, lambda s: s.attributes.get("call_id") == live_call)
    assert live.attributes["replayed"] is False
    assert _near(live.attributes["occurred_at"], server.state.calls[live_call].started_at)

    # Nothing connected hears the next ring: it comes when the stream resumes.
    server.drop_streams()
    late_call = server.ring(NORTH_GATE, HOME)

    late = await wait_for_state(
        hass, DOORBELL, lambda s: s.attributes.get("call_id") == late_call, within=30
    )
    assert late.attributes["replayed"] is True
    assert _near(late.attributes["occurred_at"], server.state.calls[late_call].started_at)


def _near(occurred_at: str, platform_time: str) -> bool:
    """The event's time is the platform's (to the millisecond the server rounds to)."""
    difference = datetime.fromisoformat(occurred_at) - datetime.fromisoformat(platform_time)
    return abs(difference) < timedelta(milliseconds=50)


@pytest.mark.parametrize("gate", ["gate-B1-in", "gate-B1-out"])
async def test_barrier_gate_goes_offline_and_back(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, gate: str
) -> None:
    """A barrier gate has the same Online diagnostic as a door station."""
    entity_id = f"binary_sensor.b1_{'entry' if gate.endswith('in') else 'exit'}_barrier_online"
    registered = er.async_get(hass).async_get(entity_id)
    assert registered is not None
    assert registered.entity_category is EntityCategory.DIAGNOSTIC
    assert hass.states.get(entity_id).state == STATE_ON

    server.set_online(gate, False)
    await wait_for_state(hass, entity_id, lambda s: s.state == STATE_OFF)
    # The other gate is not affected.
    other = "exit" if gate.endswith("in") else "entry"
    assert hass.states.get(f"binary_sensor.b1_{other}_barrier_online").state == STATE_ON
    server.set_online(gate, True)
    await wait_for_state(hass, entity_id, lambda s: s.state == STATE_ON)
