"""Options of a community account: which homes to show, whether a ring takes a picture."""

from typing import Any

from homeassistant.config_entries import ConfigEntryState, ConfigFlowResult, OptionsFlowWithReload
from homeassistant.helpers.selector import (
    BooleanSelector,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
)
import probatio

from ..const import CONF_HOMES, CONF_SNAPSHOT_ON_RING
from .coordinator import CommunityConfigEntry


class CommunityOptionsFlow(OptionsFlowWithReload):
    """Which homes to show, and whether a ring fetches a snapshot of the visitor."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """The only options step."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        entry: CommunityConfigEntry = self.config_entry
        if entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="not_loaded")
        account = entry.runtime_data.data.account
        homes = [SelectOptionDict(value=home.id, label=home.name) for home in account.homes]
        schema = probatio.Schema(
            {
                probatio.Optional(CONF_HOMES): SelectSelector(
                    SelectSelectorConfig(options=homes, multiple=True)
                ),
                probatio.Required(CONF_SNAPSHOT_ON_RING): BooleanSelector(),
            }
        )
        suggested = {CONF_HOMES: [home.id for home in account.homes], **entry.options}
        return self.async_show_form(
            step_id="init", data_schema=self.add_suggested_values_to_schema(schema, suggested)
        )
