"""Switch platform."""

from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import CONF_FAMILY, Family
from .entity import LockFamilyEntity
from .lock_coordinator import coordinator_of

PARALLEL_UPDATES = 1

LOCK_STAY_CONNECTED = SwitchEntityDescription(
    key="stay_connected", translation_key="stay_connected", entity_category=EntityCategory.CONFIG
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the switches of an entry's family."""
    match entry.data[CONF_FAMILY]:
        case Family.LOCK:
            async_add_entities([LockStayConnected(coordinator_of(entry), LOCK_STAY_CONNECTED)])


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
