"""Entities of a Bluetooth lock on platforms the community family shares (lock, sensors).

The platform modules call `lock_entities`, `binary_sensors` and `sensors` for lock entries.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.components.lock import LockEntity, LockEntityDescription
from homeassistant.components.lock.const import LockEntityFeature
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import PERCENTAGE, SIGNAL_STRENGTH_DECIBELS_MILLIWATT, EntityCategory

from .blelock import DoorState, LockClient, LockState, LockStatus
from .entity import LockFamilyEntity
from .lock_coordinator import LockData, coordinator_of

BLUETOOTH_LOCK = LockEntityDescription(key="lock", name=None)

LOCK_DOOR = BinarySensorEntityDescription(
    key="door", translation_key="door", device_class=BinarySensorDeviceClass.DOOR
)


@dataclass(frozen=True, kw_only=True)
class LockSensorDescription(SensorEntityDescription):
    """A lock sensor and where its value comes from."""

    value_fn: Callable[[LockData], int | None]


LOCK_SENSORS = (
    LockSensorDescription(
        key="battery",
        device_class=SensorDeviceClass.BATTERY,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda data: data.battery,
    ),
    LockSensorDescription(
        key="signal_strength",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda data: data.rssi,
    ),
)


def lock_entities(entry: ConfigEntry) -> list[LockEntity]:
    """The lock entity of a lock entry."""
    return [BluetoothLock(coordinator_of(entry), BLUETOOTH_LOCK)]


def binary_sensors(entry: ConfigEntry) -> list[BinarySensorEntity]:
    """The binary sensors of a lock entry."""
    return [LockDoorSensor(coordinator_of(entry), LOCK_DOOR)]


def sensors(entry: ConfigEntry) -> list[SensorEntity]:
    """The sensors of a lock entry."""
    return [LockSensor(coordinator_of(entry), description) for description in LOCK_SENSORS]


class BluetoothLock(LockFamilyEntity, LockEntity):
    """The bolt: lock, unlock, open (unlatch); locking, unlocking and jammed as the lock says."""

    _attr_supported_features = LockEntityFeature.OPEN

    @property
    def _state(self) -> LockState:
        return self.coordinator.data_now.lock_state

    @property
    def is_locked(self) -> bool | None:
        """Bolt thrown."""
        if self._state is LockState.UNKNOWN:
            return None
        return self._state is LockState.LOCKED

    @property
    def is_locking(self) -> bool:
        """Motor moving towards locked."""
        return self._state is LockState.LOCKING or bool(self._attr_is_locking)

    @property
    def is_unlocking(self) -> bool:
        """Motor moving towards unlocked."""
        return self._state is LockState.UNLOCKING or bool(self._attr_is_unlocking)

    @property
    def is_jammed(self) -> bool:
        """Bolt stuck."""
        return self._state is LockState.JAMMED

    @property
    def is_open(self) -> bool:
        """Latch held open."""
        return self._state is LockState.UNLATCHED

    async def async_lock(self, **kwargs: Any) -> None:
        """Throw the bolt."""
        await self._move(locking=True, command=lambda client: client.lock())

    async def async_unlock(self, **kwargs: Any) -> None:
        """Retract the bolt."""
        await self._move(locking=False, command=lambda client: client.unlock())

    async def async_open(self, **kwargs: Any) -> None:
        """Retract the bolt and hold the latch so the door opens."""
        await self._move(locking=False, command=lambda client: client.unlatch())

    async def _move(
        self, *, locking: bool, command: Callable[[LockClient], Awaitable[LockStatus]]
    ) -> None:
        # Shown at once: the motor takes a moment, and the reply ends the transition.
        self._attr_is_locking, self._attr_is_unlocking = locking, not locking
        self.async_write_ha_state()
        try:
            await self.coordinator.apply_status(command)
        finally:
            self._attr_is_locking = self._attr_is_unlocking = False
            self.async_write_ha_state()


class LockDoorSensor(LockFamilyEntity, BinarySensorEntity):
    """The lock's door sensor: on when the door is open."""

    @property
    def is_on(self) -> bool | None:
        """Door open; unknown without a calibrated sensor."""
        door = self.coordinator.data_now.door_state
        return None if door is DoorState.UNKNOWN else door is DoorState.OPEN


class LockSensor(LockFamilyEntity, SensorEntity):
    """A number the lock advertises."""

    entity_description: LockSensorDescription

    @property
    def native_value(self) -> int | None:
        """Current value."""
        return self.entity_description.value_fn(self.coordinator.data_now)
