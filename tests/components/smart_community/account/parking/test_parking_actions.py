"""Visitor vehicle permits: registered and revoked through actions, refused when malformed."""

from datetime import timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util import dt as dt_util
import pytest

from custom_components.smart_community.const import DOMAIN
from simulator.community import CommunityServer

from .conftest import HOME

VISITOR_PLATE = "粤B·D2468"


async def _register(hass: HomeAssistant, entry: ConfigEntry, **fields: object) -> dict[str, object]:
    response = await hass.services.async_call(
        DOMAIN,
        "register_visitor_vehicle",
        {ATTR_CONFIG_ENTRY_ID: entry.entry_id, **fields},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


async def test_register_and_revoke_a_visitor_vehicle(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A registered plate gets a permit the barrier honours; revoking it ends the permit."""
    until = (dt_util.now() + timedelta(hours=4)).replace(microsecond=0)

    permit = await _register(hass, entry, plate=VISITOR_PLATE, valid_until=until)

    assert permit["plate"] == VISITOR_PLATE
    assert permit["home_id"] == HOME
    assert permit["status"] == "active"
    assert dt_util.parse_datetime(str(permit["valid_until"])) == until
    session_id = server.vehicle_enter(VISITOR_PLATE)
    assert server.state.sessions[session_id].right_id == permit["permit_id"]

    revoked = await hass.services.async_call(
        DOMAIN,
        "revoke_visitor_vehicle",
        {ATTR_CONFIG_ENTRY_ID: entry.entry_id, "permit_id": permit["permit_id"]},
        blocking=True,
        return_response=True,
    )

    assert revoked is not None
    assert revoked["status"] == "revoked"
    assert revoked["permit_id"] == permit["permit_id"]


async def test_validity_window_is_checked(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """An end before the start, or a window longer than 90 days, is refused before sending."""
    now = dt_util.now()
    with pytest.raises(ServiceValidationError) as raised:
        await _register(
            hass, entry, plate=VISITOR_PLATE, valid_from=now, valid_until=now - timedelta(hours=1)
        )
    assert raised.value.translation_key == "bad_validity"
    with pytest.raises(ServiceValidationError):
        await _register(hass, entry, plate=VISITOR_PLATE, valid_until=now + timedelta(days=91))
    assert not [r for r in server.state.rights.values() if r.plate == VISITOR_PLATE]


async def test_monthly_pass_cannot_be_revoked(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """Only visitor permits can be revoked; the platform's refusal is translated."""
    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            DOMAIN,
            "revoke_visitor_vehicle",
            {ATTR_CONFIG_ENTRY_ID: entry.entry_id, "permit_id": "right-0001"},
            blocking=True,
            return_response=True,
        )
    assert raised.value.translation_key == "conflict"
