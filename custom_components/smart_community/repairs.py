"""Fix flows of the repairs the integration raises; each family knows its own issues."""

from homeassistant.components.repairs import RepairsFlow
from homeassistant.core import HomeAssistant

from .families import fix_flow


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Start the fix flow of `issue_id`."""
    return fix_flow(issue_id, data)
