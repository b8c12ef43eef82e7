"""Options of a Bluetooth lock: name its users, or give one a PIN code typed here.

A PIN typed in this form goes to the lock only; unlike an action's data it is not put on
Home Assistant's event bus, which the recorder keeps and debug logging prints.
"""

from typing import Any, Final

from homeassistant.config_entries import ConfigEntryState, ConfigFlowResult, OptionsFlow
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio

from ..blelock import LockUser
from .coordinator import LockConfigEntry
from .credentials import add_credential, valid_pin
from .names import CONF_NAME, CONF_PERSON, slot_names, user_name, with_slot_named

CONF_SLOT: Final = "slot"
CONF_CODE: Final = "code"
# The user choice that makes a new resident user for the code.
NEW_USER: Final = "new"
# Refusals the resident can act on in the form; anything else is a failed connection.
_CODE_ERRORS: Final = frozenset({"duplicate_credential", "table_full", "user_not_found"})


class LockOptionsFlow(OptionsFlow):
    """Name one of the lock's users or link it to a person; or give a user a PIN code."""

    _slot = 0
    _users: tuple[LockUser, ...] = ()

    @property
    def _entry(self) -> LockConfigEntry:
        entry: LockConfigEntry = self.config_entry
        return entry

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask the lock which users it holds, then what to do."""
        entry = self._entry
        if entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="lock_not_loaded")
        try:
            self._users = await entry.runtime_data.run(lambda client: client.list_users())
        except HomeAssistantError:
            return self.async_abort(
                reason="lock_unreachable", description_placeholders={"name": entry.title}
            )
        return await self.async_step_lock_menu()

    async def async_step_lock_menu(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Name a user, or set a PIN code (the options step of the community is `init`)."""
        return self.async_show_menu(step_id="lock_menu", menu_options=["lock_users", "lock_code"])

    async def async_step_lock_users(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Which user to name."""
        if not self._users:
            return self.async_abort(reason="no_lock_users")
        if user_input is not None:
            self._slot = int(user_input[CONF_SLOT])
            return await self.async_step_lock_user()
        return self.async_show_form(
            step_id="lock_users",
            data_schema=probatio.Schema({probatio.Required(CONF_SLOT): self._user_selector()}),
        )

    async def async_step_lock_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The user's name, or the person it is."""
        if user_input is not None:
            return self.async_create_entry(
                data=with_slot_named(
                    self._entry,
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
        suggested = slot_names(self._entry).get(str(self._slot), {})
        return self.async_show_form(
            step_id="lock_user",
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            description_placeholders={"slot": str(self._slot)},
        )

    async def async_step_lock_code(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A PIN code for a user, or for a new one."""
        errors: dict[str, str] = {}
        if user_input is not None:
            code = user_input[CONF_CODE].strip()
            slot = None if user_input[CONF_SLOT] == NEW_USER else int(user_input[CONF_SLOT])
            if not valid_pin(code):
                errors[CONF_CODE] = "invalid_code"
            else:
                try:
                    await add_credential(
                        self._entry.runtime_data,
                        slot,
                        lambda client, user_slot: client.set_pin(user_slot, code),
                    )
                except HomeAssistantError as err:
                    key = err.translation_key
                    errors["base"] = key if key in _CODE_ERRORS else "cannot_connect"
                else:
                    return self.async_create_entry(data=dict(self._entry.options))
        schema = probatio.Schema(
            {
                probatio.Required(CONF_SLOT, default=NEW_USER): self._user_selector(
                    SelectOptionDict(value=NEW_USER, label="New user")
                ),
                probatio.Required(CONF_CODE): TextSelector(
                    TextSelectorConfig(type=TextSelectorType.PASSWORD)
                ),
            }
        )
        return self.async_show_form(step_id="lock_code", data_schema=schema, errors=errors)

    def _user_selector(self, *first: SelectOptionDict) -> SelectSelector:
        options = [*first, *(self._user_option(user) for user in self._users)]
        return SelectSelector(SelectSelectorConfig(options=options, translation_key="lock_user"))

    def _user_option(self, user: LockUser) -> SelectOptionDict:
        name = user_name(self.hass, self._entry, user.slot)
        return SelectOptionDict(
            value=str(user.slot), label=f"{user.slot} · {name}" if name else str(user.slot)
        )
