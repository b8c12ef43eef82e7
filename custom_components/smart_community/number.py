"""Number platform."""

from homeassistant.components.number import NumberEntity, NumberEntityDescription, NumberMode
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .blelock.commands import MAX_AUTO_LOCK_DELAY
from .const import CONF_FAMILY, Family
from .entity import LockFamilyEntity
from .lock_coordinator import coordinator_of

PARALLEL_UPDATES = 1

LOCK_AUTO_LOCK_DELAY = NumberEntityDescription(
    key="auto_lock_delay",
    translation_key="auto_lock_delay",
    entity_category=EntityCategory.CONFIG,
    native_min_value=0,
    native_max_value=MAX_AUTO_LOCK_DELAY,
    native_step=1,
    native_unit_of_measurement=UnitOfTime.SECONDS,
    mode=NumberMode.BOX,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the number entities of an entry's family."""
    match entry.data[CONF_FAMILY]:
        case Family.LOCK:
            async_add_entities([LockAutoLockDelay(coordinator_of(entry), LOCK_AUTO_LOCK_DELAY)])


class LockAutoLockDelay(LockFamilyEntity, NumberEntity):
    """Seconds after unlocking before the lock locks itself; 0 is off."""

    @property
    def native_value(self) -> int | None:
        """Delay the lock reported last."""
        settings = self.coordinator.data_now.settings
        return None if settings is None else settings.auto_lock_delay

    async def async_set_native_value(self, value: float) -> None:
        """Write the delay to the lock."""
        seconds = int(value)
        await self.coordinator.apply_settings(lambda client: client.set_auto_lock_delay(seconds))
