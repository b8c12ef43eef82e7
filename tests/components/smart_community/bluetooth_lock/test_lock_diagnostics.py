"""A lock's diagnostics never contain its key."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.smart_community.const import CONF_ADVERTISING_KEY, CONF_LONG_TERM_KEY


async def test_diagnostics_hold_no_key(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, lock_entry: ConfigEntry
) -> None:
    """Both keys and the address are redacted; the family stays readable."""
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, lock_entry)

    assert diagnostics["data"]["family"] == "lock"
    assert lock_entry.data[CONF_LONG_TERM_KEY] not in str(diagnostics)
    assert lock_entry.data[CONF_ADVERTISING_KEY] not in str(diagnostics)
    assert lock_entry.data["address"] not in str(diagnostics)
