"""Config flow steps for a Bluetooth lock."""

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult


class LockFlow(ConfigFlow):
    """Steps of the lock family, mixed into the integration's config flow."""

    async def async_step_lock(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Add a Bluetooth lock."""
        return self.async_abort(reason="not_implemented_yet")
