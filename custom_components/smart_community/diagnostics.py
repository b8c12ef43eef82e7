"""Diagnostics: what helps a bug report, with every secret and personal detail removed."""

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .const import CONF_ADVERTISING_KEY, CONF_KEY_ID, CONF_LONG_TERM_KEY, CONF_TOKENS
from .families import room_of

TO_REDACT = {
    CONF_ADVERTISING_KEY,
    CONF_KEY_ID,
    CONF_LONG_TERM_KEY,
    CONF_PASSWORD,
    CONF_TOKENS,
    CONF_URL,
    CONF_USERNAME,
    "access_token",
    "refresh_token",
    # Together these locate the resident's flat.
    "address",
    "building",
    "elevator_bank_id",
    "floor",
    "home_id",
    "location",
    "room",
    "unit",
    # Personal data.
    "name",
    "person",
    "phone",
    "plate",
    "visitor_name",
    "visitor_phone",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: ConfigEntry
) -> dict[str, Any]:
    """The entry's settings and what its family knows, redacted."""
    diagnostics: dict[str, Any] = {"data": dict(entry.data), "options": dict(entry.options)}
    if (room := room_of(entry)) is not None and room.diagnostics is not None:
        diagnostics |= room.diagnostics(entry)
    return async_redact_data(diagnostics, TO_REDACT)
