"""Config flow steps for the vendor's Zigbee sensors."""

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from ..const import Family
from ..families import family_data


class ZigbeeFlow(ConfigFlow):
    """Steps of the zigbee family, mixed into the integration's config flow."""

    async def async_step_zigbee(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Add support for the vendor's Zigbee sensors; one entry covers all of them."""
        await self.async_set_unique_id(Family.ZIGBEE, raise_on_progress=False)
        self._abort_if_unique_id_configured(error="zigbee_already_added")
        if user_input is None:
            return self.async_show_form(step_id="zigbee")
        return self.async_create_entry(title="Zigbee sensors", data=family_data(Family.ZIGBEE, {}))
