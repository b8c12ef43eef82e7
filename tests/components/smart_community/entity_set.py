"""A snapshot-friendly view of every entity of a config entry: registry entry and state."""

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

# Cameras and images get a fresh proxy token on every start; a space's sensor reading
# carries the reference server's wall-clock time.
_VOLATILE = {"access_token", "entity_picture", "since"}


def entity_set(hass: HomeAssistant, entry_id: str) -> list[dict[str, Any]]:
    """What a resident sees of each entity, without ids that change from run to run."""
    entries = sorted(
        er.async_entries_for_config_entry(er.async_get(hass), entry_id),
        key=lambda entry: entry.entity_id,
    )
    return [
        {
            "entity_id": entry.entity_id,
            "unique_id": entry.unique_id,
            "translation_key": entry.translation_key,
            "device_class": entry.device_class or entry.original_device_class,
            "entity_category": entry.entity_category,
            "disabled_by": entry.disabled_by,
            "state": (state := hass.states.get(entry.entity_id)) and state.state,
            "attributes": state
            and {key: value for key, value in state.attributes.items() if key not in _VOLATILE},
        }
        for entry in entries
    ]
