"""Config flow steps for the vendor's Zigbee sensors."""

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult


class ZigbeeFlow(ConfigFlow):
    """Steps of the zigbee family, mixed into the integration's config flow."""

    async def async_step_zigbee(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Add support for the vendor's Zigbee sensors."""
        return self.async_abort(reason="not_implemented_yet")
