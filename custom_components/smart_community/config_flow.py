"""Config flow: a menu of device families, then the steps of the chosen family.

Each family keeps its steps in its own module (`<family>_flow.py`); Home Assistant allows
one flow class per domain, so this class combines them.
"""

from typing import Any

from homeassistant.config_entries import ConfigFlowResult

from .community_flow import CommunityFlow
from .const import DOMAIN, Family
from .lock_flow import LockFlow
from .zigbee_flow import ZigbeeFlow


class SmartCommunityConfigFlow(CommunityFlow, LockFlow, ZigbeeFlow, domain=DOMAIN):
    """Add a community account, a Bluetooth lock or the Zigbee sensor support."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Let the resident pick what to add."""
        return self.async_show_menu(step_id="user", menu_options=[str(family) for family in Family])
