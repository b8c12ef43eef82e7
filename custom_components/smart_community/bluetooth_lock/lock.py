"""The bolt of a Bluetooth lock: lock, unlock, open (unlatch)."""

from collections.abc import Awaitable, Callable
from typing import Any

from homeassistant.components.lock import LockEntity, LockEntityDescription
from homeassistant.components.lock.const import LockEntityFeature

from ..blelock import LockClient, LockState, LockStatus
from .entity import LockFamilyEntity, platform_entities

BLUETOOTH_LOCK = LockEntityDescription(key="lock", name=None)


class BluetoothLock(LockFamilyEntity, LockEntity):
    """Locking, unlocking and jammed as the lock says.

    While a command of ours runs, the motor's direction is shown at once: the lock reports
    it only with its reply.
    """

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
        self._attr_is_locking, self._attr_is_unlocking = locking, not locking
        self.async_write_ha_state()
        try:
            await self.coordinator.apply_status(command)
        finally:
            self._attr_is_locking = self._attr_is_unlocking = False
            self.async_write_ha_state()


async_setup_entry = platform_entities(
    lambda coordinator: [BluetoothLock(coordinator, BLUETOOTH_LOCK)]
)
