"""Visitors arriving: by their pass at a door, by car on a permit; the permits listed."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from simulator.community import CommunityServer

from .conftest import HOME, wait_for_state
from .visitors import VISITOR_PLATE, account_action, hours_from_now, visitor_car, visitor_pass

VISITOR = "event.lychee_garden_li_zhi_yuan_visitor_arrival"
NORTH_GATE = "door-north-gate"


async def test_visitor_pass_opens_the_gate(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The visitor keys in their code: who, where and with which pass."""
    issued = await visitor_pass(hass, entry, visitor_name="Li Na")

    assert server.recognise(NORTH_GATE, "pin", code=str(issued["code"])) is True

    state = await wait_for_state(
        hass, VISITOR, lambda s: s.attributes.get("event_type") == "arrived"
    )
    assert state.attributes["visitor_name"] == "Li Na"
    assert state.attributes["door"] == "North gate"
    assert state.attributes["door_id"] == NORTH_GATE
    assert state.attributes["pass_id"] == issued["pass_id"]
    assert state.attributes["home_id"] == HOME
    assert state.attributes["replayed"] is False
    assert state.attributes["occurred_at"]


async def test_visitor_car_comes_and_goes(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A registered visitor car in and out: the permit and the gate, never the plate."""
    permit = await visitor_car(hass, entry)

    server.vehicle_enter(VISITOR_PLATE)
    entered = await wait_for_state(
        hass, VISITOR, lambda s: s.attributes.get("event_type") == "vehicle_entered"
    )
    server.vehicle_exit(VISITOR_PLATE)
    exited = await wait_for_state(
        hass, VISITOR, lambda s: s.attributes.get("event_type") == "vehicle_exited"
    )

    assert entered.attributes["permit_id"] == permit["permit_id"]
    assert entered.attributes["gate"] == "B1 entry barrier"
    assert exited.attributes["permit_id"] == permit["permit_id"]
    assert exited.attributes["gate"] == "B1 exit barrier"
    assert VISITOR_PLATE not in str(entered.attributes) + str(exited.attributes)


async def test_resident_car_is_no_visitor(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The resident's own car on its monthly pass fires its own entity, not the visitor's."""
    server.vehicle_enter("粤B·12345")

    await wait_for_state(
        hass,
        "event.yue_b_12345_entry_and_exit",
        lambda s: s.attributes.get("event_type") == "entered",
    )
    assert hass.states.get(VISITOR).attributes["event_type"] is None


async def test_list_visitor_vehicles(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The home's visitor permits, with plate and validity; monthly passes are not listed."""
    until = hours_from_now(4)
    permit = await visitor_car(hass, entry, valid_until=until)

    listed = await account_action(hass, entry, "list_visitor_vehicles")

    assert [item["permit_id"] for item in listed["permits"]] == [permit["permit_id"]]
    (item,) = listed["permits"]
    assert item["home_id"] == HOME
    assert item["plate"] == VISITOR_PLATE
    assert item["status"] == "active"
    assert dt_util.parse_datetime(str(item["valid_until"])) == until
