"""Modes of a Bluetooth lock that are on or off: passage mode, stay connected."""

from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory

from .entity import LockFamilyEntity, platform_entities

LOCK_STAY_CONNECTED = SwitchEntityDescription(
    key="stay_connected", translation_key="stay_connected", entity_category=EntityCategory.CONFIG
)


LOCK_PASSAGE_MODE = SwitchEntityDescription(key="passage_mode", translation_key="passage_mode")


class LockPassageMode(LockFamilyEntity, SwitchEntity):
    """The latch stays free (the door opens without a code) until turned off."""

    @property
    def is_on(self) -> bool | None:
        """Mode the lock reported last."""
        return self.coordinator.data_now.passage_mode

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Unlock and keep the latch free."""
        await self.coordinator.apply_passage_mode(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Let the lock lock again (by hand, app or auto-lock)."""
        await self.coordinator.apply_passage_mode(False)


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
    lambda coordinator: [
        LockPassageMode(coordinator, LOCK_PASSAGE_MODE),
        LockStayConnected(coordinator, LOCK_STAY_CONNECTED),
    ]
)
