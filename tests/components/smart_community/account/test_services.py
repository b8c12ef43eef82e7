"""Visitor passes through the integration's actions, with their response data."""

from datetime import timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util import dt as dt_util
import pytest

from custom_components.smart_community.const import DOMAIN

from .conftest import HOME


async def _call(hass: HomeAssistant, service: str, data: dict[str, object]) -> dict[str, object]:
    response = await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


async def test_create_list_and_revoke_a_pass(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """A pass is issued with its code, listed, then revoked."""
    until = dt_util.now() + timedelta(hours=4)

    created = await _call(
        hass,
        "create_visitor_pass",
        {
            "config_entry_id": entry.entry_id,
            "valid_until": until,
            "uses_allowed": 2,
            "visitor_name": "Li Na",
        },
    )

    assert isinstance(created["code"], str)
    assert len(created["code"]) == 6
    assert created["qr_payload"]
    assert created["home_id"] == HOME
    assert created["status"] == "active"
    assert created["uses_allowed"] == 2
    listed = await _call(hass, "list_visitor_passes", {"config_entry_id": entry.entry_id})
    assert [item["pass_id"] for item in listed["passes"]] == [created["pass_id"]]

    revoked = await _call(
        hass,
        "revoke_visitor_pass",
        {"config_entry_id": entry.entry_id, "pass_id": created["pass_id"]},
    )

    assert revoked["status"] == "revoked"


async def test_pass_must_end_after_it_starts(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """A validity window that ends before it starts is refused before anything is sent."""
    with pytest.raises(ServiceValidationError) as raised:
        await _call(
            hass,
            "create_visitor_pass",
            {
                "config_entry_id": entry.entry_id,
                "valid_from": dt_util.now(),
                "valid_until": dt_util.now() - timedelta(hours=1),
            },
        )

    assert raised.value.translation_key == "bad_validity"


async def test_unknown_home_is_refused(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """A home that is not the resident's is named in a translated error."""
    with pytest.raises(ServiceValidationError) as raised:
        await _call(
            hass,
            "list_visitor_passes",
            {"config_entry_id": entry.entry_id, "home_id": "home-9-9-9999"},
        )

    assert raised.value.translation_key == "unknown_home"
    assert raised.value.translation_placeholders == {"homes": HOME}


async def test_unknown_pass_is_refused(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """The platform's refusal comes back as a translated error."""
    with pytest.raises(HomeAssistantError) as raised:
        await _call(
            hass,
            "revoke_visitor_pass",
            {"config_entry_id": entry.entry_id, "pass_id": "pass-unknown"},
        )

    assert raised.value.translation_key == "not_found"
