"""Config flow: a menu of device families, then the steps of the chosen family."""

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from .const import DOMAIN, Family


class SmartCommunityConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a community account, a Bluetooth lock or the Zigbee sensor support."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Let the resident pick what to add."""
        return self.async_show_menu(
            step_id="user", menu_options=[family.value for family in Family]
        )

    async def async_step_community(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a community account."""
        return self.async_abort(reason="not_implemented_yet")

    async def async_step_lock(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Add a Bluetooth lock."""
        return self.async_abort(reason="not_implemented_yet")

    async def async_step_zigbee(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Add support for the vendor's Zigbee sensors."""
        return self.async_abort(reason="not_implemented_yet")
