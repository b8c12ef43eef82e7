"""Tell me when my visitor arrives: a pass used at a gate and a visitor's car, on the phones."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from simulator.community import CommunityServer
from tests.components.smart_community.account.conftest import wait_for_state
from tests.components.smart_community.account.visitors import (
    VISITOR_PLATE,
    visitor_car,
    visitor_pass,
)

from .conftest import Phone, UseBlueprint, add_phone, wait_for_calls

VISITOR = "event.lychee_garden_li_zhi_yuan_visitor_arrival"
NORTH_GATE = "door-north-gate"


async def test_named_visitor_and_their_car(
    hass: HomeAssistant,
    *,
    entry: ConfigEntry,
    server: CommunityServer,
    phone: Phone,
    use_blueprint: UseBlueprint,
) -> None:
    """Li Na's pass and her car reach both phones; another visitor's pass does not."""
    other = add_phone(hass, "iPhone 16")
    await use_blueprint(
        "visitor_arrives",
        {
            "visitor": VISITOR,
            "visitor_names": "li na",
            "notify_device": [phone.device_id, other.device_id],
        },
    )
    stranger = str((await visitor_pass(hass, entry, visitor_name="Wang Fang"))["code"])
    expected = str((await visitor_pass(hass, entry, visitor_name="Li Na"))["code"])
    await visitor_car(hass, entry)

    server.recognise(NORTH_GATE, "pin", code=stranger)
    await wait_for_state(hass, VISITOR, lambda s: s.attributes.get("visitor_name") == "Wang Fang")
    await hass.async_block_till_done()
    assert phone.notifications == []
    server.recognise(NORTH_GATE, "pin", code=expected)
    [arrived] = await wait_for_calls(hass, phone.notifications, 1)
    server.vehicle_enter(VISITOR_PLATE)
    _, drove_in = await wait_for_calls(hass, phone.notifications, 2)
    await wait_for_calls(hass, other.notifications, 2)

    assert arrived.data == {
        "title": "Your visitor is here",
        "message": "Li Na came in at North gate.",
    }
    assert drove_in.data["message"] == "Your visitor's car drove in at B1 entry barrier."
    assert [call.data for call in other.notifications] == [arrived.data, drove_in.data]
    # Leaving was not asked for.
    server.vehicle_exit(VISITOR_PLATE)
    await wait_for_state(
        hass, VISITOR, lambda s: s.attributes.get("event_type") == "vehicle_exited"
    )
    await hass.async_block_till_done()
    assert len(phone.notifications) == 2
