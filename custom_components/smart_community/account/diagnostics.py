"""What a community account adds to diagnostics; the caller redacts personal details."""

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import REDACTED

from .coordinator import CommunityConfigEntry
from .parking import parking_diagnostics


def account_diagnostics(entry: CommunityConfigEntry) -> dict[str, Any]:
    """The stream's health and what the account read, plates and names still in."""
    coordinator = entry.runtime_data
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
