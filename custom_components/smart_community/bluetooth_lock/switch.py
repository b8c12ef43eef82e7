"""Settings of a Bluetooth lock that are on or off: stay connected."""

from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory

from .entity import LockFamilyEntity, platform_entities

LOCK_STAY_CONNECTED = SwitchEntityDescription(
    key="stay_connected", translation_key="stay_connected", entity_category=EntityCategory.CONFIG
)


class LockStayConnected(LockFamilyEntity, SwitchEntity):
    """Keep the Bluetooth link open: instant commands and updates, shorter battery life."""

    @property
    def is_on(self) -> bool | None:
        """Mode the lock reported last."""
        settings = self.coordinator.data_now.settings
        return None if settings is None else settings.stay_connected

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Keep the link open."""
        await self.coordinator.apply_settings(lambda client: client.set_stay_connected(True))

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Let the link close when idle."""
        await self.coordinator.apply_settings(lambda client: client.set_stay_connected(False))


async_setup_entry = platform_entities(
    lambda coordinator: [LockStayConnected(coordinator, LOCK_STAY_CONNECTED)]
)
