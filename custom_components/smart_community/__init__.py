"""Smart Community: a resident's community, Bluetooth locks and Zigbee sensors in Home Assistant."""

from functools import partial

from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from . import provided_blueprints
from .account.actions import async_setup_services
from .account.media_source import VisitorPictureView
from .bluetooth_lock.actions import async_setup_lock_services
from .const import DOMAIN, Family
from .families import (
    async_migrate_entry,
    async_remove_entry,
    async_setup_entry,
    async_unload_entry,
    community_entries,
    family_of,
)
from .zigbee_sensors.entry import async_register_quirks

__all__ = [
    "CONFIG_SCHEMA",
    "async_migrate_entry",
    "async_remove_entry",
    "async_setup",
    "async_setup_entry",
    "async_unload_entry",
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up what every entry of the integration shares."""
    # Before any entry: ZHA may load its devices at any moment, and they need our quirks.
    # Only with a Zigbee entry: ZHA's libraries are heavy, and an account or a lock needs
    # none of them (a Zigbee entry added later registers them in its own setup).
    if any(
        family_of(entry.data) is Family.ZIGBEE
        for entry in hass.config_entries.async_entries(DOMAIN)
    ):
        await async_register_quirks(hass)
    async_setup_services(hass)
    async_setup_lock_services(hass)
    # Before Home Assistant starts serving: its router takes no routes after that.
    hass.http.register_view(VisitorPictureView(partial(community_entries, hass)))
    await provided_blueprints.async_provide_blueprints(hass)
    return True
