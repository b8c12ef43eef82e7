"""Fix flow of the Zigbee family's repair: reload ZHA once."""

from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow, RepairsFlowResult

from ..const import ISSUE_RELOAD_ZHA, ZHA_DOMAIN


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


def zigbee_fix_flow(
    issue_id: str, _data: dict[str, str | int | float | None] | None
) -> RepairsFlow | None:
    """The fix flow of the Zigbee family's issue, or None for another issue."""
    return ReloadZhaFlow() if issue_id == ISSUE_RELOAD_ZHA else None
