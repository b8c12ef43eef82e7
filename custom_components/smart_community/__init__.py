"""Smart Community: a resident's community, Bluetooth locks and Zigbee sensors in Home Assistant."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from . import community_entry, lock_entry, provided_blueprints, zigbee
from .const import CONF_FAMILY, DOMAIN, Family
from .services import async_setup_services

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up what every entry of the integration shares."""
    # Before any entry: ZHA may load its devices at any moment, and they need our quirks.
    await zigbee.async_register_quirks(hass)
    async_setup_services(hass)
    await provided_blueprints.async_provide_blueprints(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Set up an entry the way its family needs."""
    match entry.data[CONF_FAMILY]:
        case Family.COMMUNITY:
            return await community_entry.async_setup_entry(hass, entry)
        case Family.LOCK:
            return await lock_entry.async_setup_entry(hass, entry)
        case Family.ZIGBEE:
            return await zigbee.async_setup_entry(hass, entry)
        case _:
            return False


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Unload an entry the way its family needs."""
    match entry.data[CONF_FAMILY]:
        case Family.COMMUNITY:
            return await community_entry.async_unload_entry(hass, entry)
        case Family.LOCK:
            return await lock_entry.async_unload_entry(hass, entry)
        case Family.ZIGBEE:
            return await zigbee.async_unload_entry(hass, entry)
        case family:
            # Only loaded entries are unloaded, and an unknown family never loads.
            raise NotImplementedError(family)


async def async_migrate_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Bring an entry saved by an older version up to date."""
    if entry.version > 1:
        return False
    match entry.data[CONF_FAMILY]:
        case Family.COMMUNITY:
            return await community_entry.async_migrate_entry(hass, entry)
        case _:
            hass.config_entries.async_update_entry(entry, minor_version=2)
            return True


async def async_remove_entry(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Delete what an entry kept outside its configuration."""
    if entry.data[CONF_FAMILY] == Family.LOCK:
        await lock_entry.async_remove_entry(hass, entry)
