"""Tell me when my visitor arrives: a pass used at a gate and a visitor's car, on the phones."""

from datetime import timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.smart_community.const import DOMAIN
from simulator.community import CommunityServer
from tests.components.smart_community.account.conftest import wait_for_state

from .conftest import Phone, UseBlueprint, add_phone, wait_for_calls

VISITOR = "event.lychee_garden_li_zhi_yuan_visitor_arrival"
NORTH_GATE = "door-north-gate"
VISITOR_PLATE = "粤B·D2468"


async def _pass_code(hass: HomeAssistant, entry: ConfigEntry, name: str) -> str:
    issued = await hass.services.async_call(
        DOMAIN,
        "create_visitor_pass",
        {
            ATTR_CONFIG_ENTRY_ID: entry.entry_id,
            "valid_until": dt_util.now() + timedelta(hours=2),
            "visitor_name": name,
        },
        blocking=True,
        return_response=True,
    )
    assert issued is not None
    return str(issued["code"])


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
    stranger = await _pass_code(hass, entry, "Wang Fang")
    expected = await _pass_code(hass, entry, "Li Na")
    await hass.services.async_call(
        DOMAIN,
        "register_visitor_vehicle",
        {
            ATTR_CONFIG_ENTRY_ID: entry.entry_id,
            "plate": VISITOR_PLATE,
            "valid_until": dt_util.now() + timedelta(hours=2),
        },
        blocking=True,
        return_response=True,
    )

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
