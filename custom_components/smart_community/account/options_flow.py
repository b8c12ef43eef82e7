"""Options of a community account: homes to show, pictures at a ring and how long to keep them."""

from typing import Any

from homeassistant.config_entries import ConfigEntryState, ConfigFlowResult, OptionsFlowWithReload
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
)
import probatio

from ..const import CONF_HOMES, CONF_PICTURE_DAYS, CONF_PICTURE_LIMIT, CONF_SNAPSHOT_ON_RING
from .coordinator import CommunityConfigEntry
from .pictures import DEFAULT_PICTURE_DAYS, DEFAULT_PICTURE_LIMIT


def _whole_number(maximum: int) -> probatio.All[int]:
    config = NumberSelectorConfig(min=1, max=maximum, step=1, mode=NumberSelectorMode.BOX)
    return probatio.All(NumberSelector(config), probatio.Coerce(int))


class CommunityOptionsFlow(OptionsFlowWithReload):
    """Which homes to show, whether a ring fetches a snapshot, how many to keep and how long."""

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
                probatio.Required(CONF_PICTURE_DAYS): _whole_number(365),
                probatio.Required(CONF_PICTURE_LIMIT): _whole_number(10000),
            }
        )
        suggested = {
            CONF_HOMES: [home.id for home in account.homes],
            CONF_PICTURE_DAYS: DEFAULT_PICTURE_DAYS,
            CONF_PICTURE_LIMIT: DEFAULT_PICTURE_LIMIT,
            **entry.options,
        }
        return self.async_show_form(
            step_id="init", data_schema=self.add_suggested_values_to_schema(schema, suggested)
        )
