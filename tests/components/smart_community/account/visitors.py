"""The resident's visitors, through the integration's actions as an automation calls them."""

from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.smart_community.const import DOMAIN

VISITOR_PLATE = "粤B·D2468"


def hours_from_now(hours: int = 2) -> datetime:
    """A validity end, to the second."""
    return (dt_util.now() + timedelta(hours=hours)).replace(microsecond=0)


async def account_action(
    hass: HomeAssistant, entry: ConfigEntry, name: str, **fields: object
) -> dict[str, Any]:
    """Call one of the account's actions and return its response."""
    response = await hass.services.async_call(
        DOMAIN,
        name,
        {ATTR_CONFIG_ENTRY_ID: entry.entry_id, **fields},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


async def visitor_pass(hass: HomeAssistant, entry: ConfigEntry, **fields: object) -> dict[str, Any]:
    """A visitor pass for the next two hours (unless said), with these fields."""
    return await account_action(
        hass, entry, "create_visitor_pass", **{"valid_until": hours_from_now(), **fields}
    )


async def visitor_car(hass: HomeAssistant, entry: ConfigEntry, **fields: object) -> dict[str, Any]:
    """The visitor's car let in for the next two hours (unless said)."""
    return await account_action(
        hass,
        entry,
        "register_visitor_vehicle",
        **{"plate": VISITOR_PLATE, "valid_until": hours_from_now(), **fields},
    )
