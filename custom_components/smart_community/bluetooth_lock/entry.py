"""Set up and unload a Bluetooth lock entry; the family table forwards its platforms."""

from homeassistant.components.bluetooth import async_ble_device_from_address
from homeassistant.const import CONF_ADDRESS
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady

from ..blelock import PairedKey
from ..const import CONF_ADVERTISING_KEY, CONF_KEY_ID, CONF_LONG_TERM_KEY, DOMAIN
from .coordinator import LockConfigEntry, LockCoordinator, advertisement_store


async def async_setup_entry(hass: HomeAssistant, entry: LockConfigEntry) -> bool:
    """Start listening to the lock's advertisements; connect only when needed."""
    address = entry.data[CONF_ADDRESS]
    if CONF_ADVERTISING_KEY not in entry.data:
        # Paired under protocol v1, whose keys the lock no longer accepts: the reauth flow
        # explains why and pairs again.
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN,
            translation_key="lock_pair_again",
            translation_placeholders={"name": entry.title},
        )
    if (ble_device := async_ble_device_from_address(hass, address, connectable=True)) is None:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="lock_not_found",
            translation_placeholders={"address": address},
        )
    key = PairedKey(
        key_id=entry.data[CONF_KEY_ID],
        long_term_key=bytes.fromhex(entry.data[CONF_LONG_TERM_KEY]),
        advertising_key=bytes.fromhex(entry.data[CONF_ADVERTISING_KEY]),
    )
    coordinator = LockCoordinator(hass, entry, ble_device, key)
    # Before the first advertisement: Bluetooth hands the coordinator the last one it heard
    # as soon as it starts, which may be a recorded one an attacker sent during the restart.
    await coordinator.async_restore()
    entry.runtime_data = coordinator
    entry.async_on_unload(coordinator.async_start())
    return True


async def async_unload_entry(hass: HomeAssistant, entry: LockConfigEntry) -> None:
    """The lock's platforms are unloaded: close any connection, keep what it advertised."""
    await entry.runtime_data.client.disconnect()
    await entry.runtime_data.async_save()


async def async_remove_entry(hass: HomeAssistant, entry: LockConfigEntry) -> None:
    """Delete the advertisement kept for the removed lock."""
    await advertisement_store(hass, entry.entry_id).async_remove()
