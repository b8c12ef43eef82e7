"""Fix flows for the repairs the integration raises, one flow class per issue id."""

from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow, RepairsFlowResult
from homeassistant.core import HomeAssistant

from .community_issues import LOGIN_ISSUE_PREFIX
from .const import ISSUE_RELOAD_ZHA, ZHA_DOMAIN


class ReloadZhaFlow(ConfirmRepairFlow):
    """Reload ZHA once, so that zigpy applies our quirks to the sensors it already knows."""

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Ask first: the reload briefly disconnects every Zigbee device."""
        if user_input is None:
            return await super().async_step_confirm()
        loaded = self.hass.config_entries.async_loaded_entries(ZHA_DOMAIN)
        if not loaded:
            return self.async_abort(reason="zha_not_loaded")
        for entry in loaded:
            await self.hass.config_entries.async_reload(entry.entry_id)
        return self.async_create_entry(data={})


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


FIX_FLOWS: dict[str, type[RepairsFlow]] = {
    ISSUE_RELOAD_ZHA: ReloadZhaFlow,
}


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Start the fix flow registered for `issue_id`."""
    if issue_id.startswith(LOGIN_ISSUE_PREFIX) and data is not None:
        return SignInAgainFlow(str(data["entry_id"]))
    return FIX_FLOWS[issue_id]()
