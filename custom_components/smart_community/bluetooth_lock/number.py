"""Settings of a Bluetooth lock that are numbers: the auto-lock delay."""

from homeassistant.components.number import NumberEntity, NumberEntityDescription, NumberMode
from homeassistant.const import EntityCategory, UnitOfTime

from ..blelock.commands import MAX_AUTO_LOCK_DELAY
from .entity import LockFamilyEntity, platform_entities

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


async_setup_entry = platform_entities(
    lambda coordinator: [LockAutoLockDelay(coordinator, LOCK_AUTO_LOCK_DELAY)]
)
