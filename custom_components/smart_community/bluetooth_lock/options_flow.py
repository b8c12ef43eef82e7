"""Options of a Bluetooth lock: a name, or a Home Assistant person, for each user slot."""

from typing import Any

from homeassistant.config_entries import ConfigEntryState, ConfigFlowResult, OptionsFlow
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    TextSelector,
)
import probatio

from ..blelock import LockUser
from .coordinator import LockConfigEntry
from .names import CONF_NAME, CONF_PERSON, slot_names, user_name, with_slot_named

CONF_SLOT = "slot"


class LockOptionsFlow(OptionsFlow):
    """Pick one of the lock's users, then name it or link it to a person."""

    _slot = 0
    _users: tuple[LockUser, ...] = ()

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask the lock which users it holds."""
        entry: LockConfigEntry = self.config_entry
        if entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="lock_not_loaded")
        try:
            users = await entry.runtime_data.run(lambda client: client.list_users())
        except HomeAssistantError:
            return self.async_abort(
                reason="lock_unreachable", description_placeholders={"name": entry.title}
            )
        if not users:
            return self.async_abort(reason="no_lock_users")
        self._users = users
        return await self.async_step_lock_users()

    async def async_step_lock_users(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Which user to name."""
        if user_input is not None:
            self._slot = int(user_input[CONF_SLOT])
            return await self.async_step_lock_user()
        slots = [
            SelectOptionDict(value=str(user.slot), label=self._label(user)) for user in self._users
        ]
        return self.async_show_form(
            step_id="lock_users",
            data_schema=probatio.Schema(
                {probatio.Required(CONF_SLOT): SelectSelector(SelectSelectorConfig(options=slots))}
            ),
        )

    async def async_step_lock_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The user's name, or the person it is."""
        if user_input is not None:
            return self.async_create_entry(
                data=with_slot_named(
                    self.config_entry,
                    self._slot,
                    name=(user_input.get(CONF_NAME) or "").strip(),
                    person=user_input.get(CONF_PERSON),
                )
            )
        schema = probatio.Schema(
            {
                probatio.Optional(CONF_NAME): TextSelector(),
                probatio.Optional(CONF_PERSON): EntitySelector(
                    EntitySelectorConfig(domain="person")
                ),
            }
        )
        suggested = slot_names(self.config_entry).get(str(self._slot), {})
        return self.async_show_form(
            step_id="lock_user",
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            description_placeholders={"slot": str(self._slot)},
        )

    def _label(self, user: LockUser) -> str:
        name = user_name(self.hass, self.config_entry, user.slot)
        return f"{user.slot} · {name}" if name else str(user.slot)
