"""Set up and unload a Bluetooth lock entry; the family table forwards its platforms."""

from homeassistant.components.bluetooth import async_ble_device_from_address
from homeassistant.const import CONF_ADDRESS
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady

from ..blelock import PairedKey
from ..const import CONF_KEY_ID, CONF_LONG_TERM_KEY, DOMAIN
from .coordinator import LockConfigEntry, LockCoordinator


async def async_setup_entry(hass: HomeAssistant, entry: LockConfigEntry) -> bool:
    """Start listening to the lock's advertisements; connect only when needed."""
    address = entry.data[CONF_ADDRESS]
    if (ble_device := async_ble_device_from_address(hass, address, connectable=True)) is None:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="lock_not_found",
            translation_placeholders={"address": address},
        )
    key = PairedKey(entry.data[CONF_KEY_ID], bytes.fromhex(entry.data[CONF_LONG_TERM_KEY]))
    coordinator = LockCoordinator(hass, entry, ble_device, key)
    entry.runtime_data = coordinator
    entry.async_on_unload(coordinator.async_start())
    return True


async def async_unload_entry(hass: HomeAssistant, entry: LockConfigEntry) -> None:
    """The lock's platforms are unloaded: close any connection."""
    await entry.runtime_data.client.disconnect()
