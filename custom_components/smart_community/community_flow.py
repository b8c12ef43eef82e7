"""Config flow steps for a community account."""

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult


class CommunityFlow(ConfigFlow):
    """Steps of the community family, mixed into the integration's config flow."""

    async def async_step_community(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a community account."""
        return self.async_abort(reason="not_implemented_yet")
