"""Config flow: a menu of device families, then the steps of the chosen family.

Each family keeps its steps in its own module (`<family>_flow.py`); Home Assistant allows
one flow class per domain, so this class combines them and sends re-authentication,
reconfiguration and options to the family of the entry concerned.
"""

from collections.abc import Mapping
from typing import Any

from homeassistant.components.bluetooth import BluetoothServiceInfoBleak
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
)
from homeassistant.core import callback

from .community_flow import CommunityFlow, CommunityOptionsFlow
from .const import CONF_FAMILY, DOMAIN, Family
from .lock_flow import LockFlow
from .parking_flow import PARKING_SUBENTRY_FLOWS
from .zigbee_flow import ZigbeeFlow


class SmartCommunityConfigFlow(CommunityFlow, LockFlow, ZigbeeFlow, domain=DOMAIN):
    """Add a community account, a Bluetooth lock or the Zigbee sensor support."""

    VERSION = 1
    # 1.2: a community entry's title no longer carries the username.
    MINOR_VERSION = 2

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Let the resident pick what to add."""
        return self.async_show_menu(step_id="user", menu_options=[str(family) for family in Family])

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """The platform or device refused the stored credentials."""
        match entry_data[CONF_FAMILY]:
            case Family.COMMUNITY:
                return await self.async_step_community_reauth()
            case Family.LOCK:
                return await self.async_lock_reauth(entry_data)
        return self.async_abort(reason="not_supported")

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change how an entry connects, keeping its devices and entities."""
        match self._get_reconfigure_entry().data[CONF_FAMILY]:
            case Family.COMMUNITY:
                return await self.async_step_community_reconfigure()
            case Family.LOCK:
                return await self.async_lock_reconfigure()
        return self.async_abort(reason="not_supported")

    async def async_step_bluetooth(
        self, discovery_info: BluetoothServiceInfoBleak
    ) -> ConfigFlowResult:
        """A Smart Community lock advertised itself (the manifest's bluetooth matcher)."""
        await self.async_set_unique_id(discovery_info.address)
        self._abort_if_unique_id_configured()
        return await self.async_lock_discovered(discovery_info)

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlow:
        """Options exist for community accounts only."""
        return CommunityOptionsFlow()

    @classmethod
    @callback
    def async_supports_options_flow(cls, config_entry: ConfigEntry) -> bool:
        """Show the options button only where there are options."""
        return bool(config_entry.data[CONF_FAMILY] == Family.COMMUNITY)

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """A community account can watch parking spaces and lots of its community."""
        if config_entry.data[CONF_FAMILY] == Family.COMMUNITY:
            return PARKING_SUBENTRY_FLOWS
        return {}
