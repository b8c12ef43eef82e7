"""A repair issue for each monthly pass that runs out soon, gone once the pass is renewed.

Only passes of the resident's shown homes raise one: the plate it names is their own.
"""

from homeassistant.core import CALLBACK_TYPE, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util

from ..community import Event, RightExpiring, RightKind
from ..const import DOMAIN
from .coordinator import CommunityCoordinator
from .parking import RIGHTS_KEY

ISSUE_PREFIX = "parking_pass_expiring_"


def _issue_id(coordinator: CommunityCoordinator, right_id: str) -> str:
    return f"{ISSUE_PREFIX}{coordinator.config_entry.entry_id}_{right_id}"


@callback
def async_follow_passes(coordinator: CommunityCoordinator) -> list[CALLBACK_TYPE]:
    """Raise an issue when the platform says a pass of the account expires soon."""
    hass = coordinator.hass
    raised: dict[str, str] = {}

    @callback
    def expiring(event: Event) -> None:
        parking = coordinator.data.parking
        if (
            not isinstance(event, RightExpiring)
            or event.kind is not RightKind.MONTHLY_PASS
            or event.right_id
            not in {right.id for right in parking.rights if right.home_id in parking.home_ids}
        ):
            return
        issue_id = _issue_id(coordinator, event.right_id)
        raised[issue_id] = event.right_id
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="parking_pass_expiring",
            translation_placeholders={
                "vehicle": event.plate,
                "valid_until": dt_util.as_local(event.valid_until).strftime("%Y-%m-%d %H:%M"),
            },
        )

    @callback
    def renewed() -> None:
        """A pass that now ends later than the expiring one was renewed."""
        parking = coordinator.data.parking
        rights = {right.id: right for right in parking.rights}
        for issue_id, right_id in tuple(raised.items()):
            right = rights.get(right_id)
            expiry = parking.pass_expiry(right.plate) if right is not None else None
            if right is None or (expiry is not None and expiry > right.valid_until):
                ir.async_delete_issue(hass, DOMAIN, issue_id)
                del raised[issue_id]

    return [
        coordinator.subscribe(RIGHTS_KEY, expiring),
        coordinator.async_add_listener(renewed),
    ]
