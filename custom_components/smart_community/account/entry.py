"""Set up and unload a community account entry; the family table forwards its platforms."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_USERNAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import device_registry as dr

from ..community import CommunityAddressError
from ..const import DOMAIN
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .devices import account_device_info, device_identifier, device_keys
from .issues import async_clear_issues
from .parking_repairs import async_follow_passes
from .pictures import async_prune_regularly, async_remove_pictures


async def async_setup_entry(hass: HomeAssistant, entry: CommunityConfigEntry) -> bool:
    """Read the account, follow its event stream, and keep its devices current."""
    try:
        coordinator = CommunityCoordinator(hass, entry)
    except CommunityAddressError as err:
        # Saved before addresses had to be bare; only the resident can say which one is meant.
        raise ConfigEntryError(
            translation_domain=DOMAIN, translation_key="saved_address_not_bare"
        ) from err
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = coordinator
    device_registry = dr.async_get(hass)
    account_device = device_registry.async_get_or_create(
        config_entry_id=entry.entry_id, **account_device_info(coordinator)
    )
    coordinator.account_device_id = account_device.id

    @callback
    def remove_stale_devices() -> None:
        """Devices of doors and homes the account no longer has go away with their entities."""
        current = {device_identifier(coordinator)} | {
            device_identifier(coordinator, key) for key in device_keys(coordinator)
        }
        for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id):
            if not any(
                domain == DOMAIN and identifier in current
                for domain, identifier in device.identifiers
            ):
                device_registry.async_update_device(
                    device.id, remove_config_entry_id=entry.entry_id
                )

    remove_stale_devices()
    entry.async_on_unload(coordinator.async_add_listener(remove_stale_devices))
    for unsubscribe in async_follow_passes(coordinator):
        entry.async_on_unload(unsubscribe)
    entry.async_on_unload(async_prune_regularly(hass, entry))
    await coordinator.async_start_stream()
    return True


async def async_unload_entry(hass: HomeAssistant, entry: CommunityConfigEntry) -> None:
    """The account's platforms are unloaded; it raises nothing until its next setup."""
    async_clear_issues(hass, entry.entry_id)


async def async_remove_entry(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """The account's visitor pictures go with it."""
    await async_remove_pictures(hass, entry)


async def async_migrate_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """1.1 -> 1.2: the title loses the username; the next read of the account adds the home."""
    title = entry.title.removesuffix(f" ({entry.data[CONF_USERNAME]})")
    hass.config_entries.async_update_entry(entry, title=title, minor_version=2)
    return True
