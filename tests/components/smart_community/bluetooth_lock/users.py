"""Calling the lock's user actions on the paired virtual lock."""

from typing import Any

from homeassistant.core import HomeAssistant

from custom_components.smart_community.const import DOMAIN

LOCK = "lock.sc_lock_ee10"
ENROLMENT = "sensor.sc_lock_ee10_enrolment"
PASSAGE_MODE = "switch.sc_lock_ee10_passage_mode"
ACTIVITY = "event.sc_lock_ee10_activity"


async def lock_action(hass: HomeAssistant, action: str, **data: Any) -> dict[str, Any]:
    """Run one of the lock's actions on the lock entity; its response (empty if none)."""
    response = await hass.services.async_call(
        DOMAIN,
        action,
        {"entity_id": LOCK, **data},
        blocking=True,
        return_response=action != "remove_credential",
    )
    return dict(response or {})


async def users(hass: HomeAssistant) -> list[dict[str, Any]]:
    """The lock's users as List users returns them."""
    listed: list[dict[str, Any]] = (await lock_action(hass, "list_users"))["users"]
    return listed
