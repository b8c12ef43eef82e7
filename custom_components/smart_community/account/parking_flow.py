"""Subentry flows of a community account: watch a space, add a visitor space, watch a lot."""

from typing import Any

from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import probatio

from ..const import (
    CONF_PLACE_ID,
    CONF_SPACE_ID,
    SUBENTRY_VISITOR_SPACE,
    SUBENTRY_WATCH_LOT,
    SUBENTRY_WATCH_SPACE,
)
from .binary_sensor import watched_space_ids
from .coordinator import CommunityConfigEntry, CommunityCoordinator


def _choice(field: str, options: list[SelectOptionDict]) -> probatio.Schema:
    return probatio.Schema(
        {
            probatio.Required(field): SelectSelector(
                SelectSelectorConfig(options=options, mode=SelectSelectorMode.DROPDOWN)
            )
        }
    )


class _ParkingSubentryFlow(ConfigSubentryFlow):
    """Reads what the account's coordinator knows; a disconnected account has nothing to offer."""

    def _coordinator(self) -> CommunityCoordinator | None:
        # Only community accounts offer these subentries (the family table says so).
        entry: CommunityConfigEntry = self._get_entry()
        if entry.state is not ConfigEntryState.LOADED:
            return None
        return entry.runtime_data


class SpaceSubentryFlow(_ParkingSubentryFlow):
    """One space, shown as a device of its own: watched, or kept for visitors."""

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Pick a space that is not shown yet."""
        if (coordinator := self._coordinator()) is None:
            return self.async_abort(reason="entry_not_loaded")
        spaces = coordinator.data.parking.spaces
        if user_input is not None:
            lot, space = spaces[user_input[CONF_SPACE_ID]]
            return self.async_create_entry(
                title=f"{lot.name} {space.name}",
                data={CONF_SPACE_ID: space.id},
                unique_id=space.id,
            )
        shown = coordinator.data.parking.own_space_ids() | watched_space_ids(self._get_entry())
        options = [
            SelectOptionDict(value=space_id, label=f"{lot.name} {space.name}")
            for space_id, (lot, space) in spaces.items()
            if space_id not in shown
        ]
        if not options:
            return self.async_abort(reason="no_spaces")
        return self.async_show_form(step_id="user", data_schema=_choice(CONF_SPACE_ID, options))


class LotSubentryFlow(_ParkingSubentryFlow):
    """Every space of a lot, for residents who want to see the whole car park."""

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Pick a lot that is not watched yet."""
        if (coordinator := self._coordinator()) is None:
            return self.async_abort(reason="entry_not_loaded")
        lots = {lot.id: lot for lot in coordinator.data.parking.lots}
        if user_input is not None:
            lot = lots[user_input[CONF_PLACE_ID]]
            return self.async_create_entry(
                title=lot.name, data={CONF_PLACE_ID: lot.id}, unique_id=lot.id
            )
        watched = {
            subentry.unique_id
            for subentry in self._get_entry().subentries.values()
            if subentry.subentry_type == SUBENTRY_WATCH_LOT
        }
        options = [
            SelectOptionDict(value=lot.id, label=lot.name)
            for lot in lots.values()
            if lot.id not in watched
        ]
        if not options:
            return self.async_abort(reason="already_configured")
        return self.async_show_form(step_id="user", data_schema=_choice(CONF_PLACE_ID, options))


PARKING_SUBENTRY_FLOWS: dict[str, type[ConfigSubentryFlow]] = {
    SUBENTRY_WATCH_SPACE: SpaceSubentryFlow,
    SUBENTRY_VISITOR_SPACE: SpaceSubentryFlow,
    SUBENTRY_WATCH_LOT: LotSubentryFlow,
}
