"""Config flow: a menu of device families, then the steps of the chosen family.

Each family keeps its steps in its room (`<room>/flow.py`); Home Assistant allows one flow
class per domain, so this class combines them, and the family table says which family's
steps re-authenticate, reconfigure and offer options for an entry.
"""

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from homeassistant.components.bluetooth import BluetoothServiceInfoBleak
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
)
from homeassistant.core import callback

from .account.flow import CommunityFlow
from .bluetooth_lock.flow import LockFlow
from .const import DOMAIN, Family
from .families import room_of
from .zigbee_sensors.flow import ZigbeeFlow


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
        room = room_of(self._get_reauth_entry())
        return await self._family_step(room.reauth_step if room else None)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change how an entry connects, keeping its devices and entities."""
        room = room_of(self._get_reconfigure_entry())
        return await self._family_step(room.reconfigure_step if room else None)

    async def _family_step(self, step_id: str | None) -> ConfigFlowResult:
        if step_id is None:
            return self.async_abort(reason="not_supported")
        step: Callable[[], Awaitable[ConfigFlowResult]] = getattr(self, f"async_step_{step_id}")
        return await step()

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
        """The options of the entry's family (only families with options show the button)."""
        room = room_of(config_entry)
        if room is None or room.options_flow is None:
            raise NotImplementedError
        return room.options_flow()

    @classmethod
    @callback
    def async_supports_options_flow(cls, config_entry: ConfigEntry) -> bool:
        """Show the options button only where there are options."""
        room = room_of(config_entry)
        return room is not None and room.options_flow is not None

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """A community account can watch parking spaces and lots of its community."""
        room = room_of(config_entry)
        return dict(room.subentry_flows) if room is not None else {}
