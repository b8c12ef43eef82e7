"""Diagnostics: what helps a bug report, with every secret and personal detail removed."""

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .const import (
    CONF_ADVERTISING_KEY,
    CONF_FAMILY,
    CONF_KEY_ID,
    CONF_LONG_TERM_KEY,
    CONF_TOKENS,
    Family,
)
from .coordinator import CommunityCoordinator
from .parking_data import parking_diagnostics

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
    "phone",
    "plate",
    "visitor_name",
    "visitor_phone",
}


def _community(coordinator: CommunityCoordinator) -> dict[str, Any]:
    state = coordinator.data
    return {
        "stream": {
            "connected": coordinator.stream.connected,
            "available": coordinator.stream_up,
            "last_cursor": coordinator.stream.last_cursor,
        },
        "last_update_success": coordinator.last_update_success,
        # Identifiers of the community, its elevator banks and homes name real places.
        "community": {
            **asdict(state.account.community),
            "id": REDACTED,
            "elevator_banks": [
                {**asdict(bank), "id": REDACTED} for bank in state.account.community.elevator_banks
            ],
        },
        "homes": [{**asdict(home), "id": REDACTED} for home in state.homes],
        "doors": [asdict(door) for door in state.doors.values()],
        "door_homes": {door_id: len(homes) for door_id, homes in state.door_homes.items()},
        "parking": parking_diagnostics(state.parking),
    }


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: ConfigEntry
) -> dict[str, Any]:
    """The entry's settings and what its family knows, redacted."""
    diagnostics: dict[str, Any] = {"data": dict(entry.data), "options": dict(entry.options)}
    if entry.data[CONF_FAMILY] == Family.COMMUNITY:
        diagnostics |= _community(entry.runtime_data)
    return async_redact_data(diagnostics, TO_REDACT)
