"""Fix flows of a community account's repairs."""

from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow, RepairsFlowResult

from .issues import LOGIN_ISSUE_PREFIX


class SignInAgainFlow(ConfirmRepairFlow):
    """Open the account's sign-in dialog now, before the platform ends the login."""

    def __init__(self, entry_id: str) -> None:
        """The community account whose login runs out."""
        super().__init__()
        self._entry_id = entry_id

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """After the resident agrees, Home Assistant asks for the password."""
        if user_input is None:
            return await super().async_step_confirm()
        entry = self.hass.config_entries.async_get_entry(self._entry_id)
        if entry is None:
            return self.async_abort(reason="account_removed")
        entry.async_start_reauth(self.hass)
        return self.async_create_entry(data={})


def account_fix_flow(
    issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow | None:
    """The fix flow of an account's issue, or None for an issue that is not the account's."""
    if issue_id.startswith(LOGIN_ISSUE_PREFIX) and data is not None:
        return SignInAgainFlow(str(data["entry_id"]))
    return None
