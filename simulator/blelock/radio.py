"""The air between centrals and virtual locks: connections, advertisements, counts."""

import asyncio
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData
from bleak_retry_connector import BleakClientWithServiceCache

from . import wire
from .backend import GattOperation, VirtualLockBackend
from .lock import VirtualLock


class VirtualRadio:
    """Virtual locks in range, by address."""

    def __init__(self) -> None:
        self._locks: dict[str, VirtualLock] = {}
        self.operations: defaultdict[str, list[GattOperation]] = defaultdict(list)
        self.refuse_connections = 0
        # Someone on the air may rewrite, drop or repeat what the lock notifies.
        self.tamper: Callable[[bytes], list[bytes]] | None = None
        self._recorded = asyncio.Event()

    def add(self, lock: VirtualLock) -> VirtualLock:
        """Bring a lock into range."""
        self._locks[lock.address.upper()] = lock
        return lock

    def remove(self, address: str) -> None:
        """Take a lock out of range."""
        del self._locks[address.upper()]

    def lock_at(self, address: str) -> VirtualLock | None:
        """The lock at an address, if in range."""
        return self._locks.get(address.upper())

    def record(self, address: str, operation: GattOperation) -> None:
        """Count one GATT operation."""
        self.operations[address.upper()].append(operation)
        self._recorded.set()

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Return once `condition` holds, checking after each GATT operation."""
        while not condition():
            self._recorded.clear()
            await self._recorded.wait()

    def backend(self) -> type[VirtualLockBackend]:
        """A bleak backend class bound to this radio."""
        radio = self

        class BoundBackend(VirtualLockBackend):
            def __init__(self, address_or_ble_device: BLEDevice | str, **kwargs: Any) -> None:
                super().__init__(address_or_ble_device, radio=radio, **kwargs)

        return BoundBackend

    def client_class(self) -> type[BleakClientWithServiceCache]:
        """A BleakClientWithServiceCache that connects through this radio."""
        backend = self.backend()

        class VirtualClient(BleakClientWithServiceCache):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, backend=backend, **kwargs)

        return VirtualClient

    def ble_device(self, address: str, details: dict[str, Any] | None = None) -> BLEDevice:
        """The BLEDevice a scanner would report for a lock."""
        return BLEDevice(address.upper(), self.local_name(address), details or {})

    @staticmethod
    def local_name(address: str) -> str:
        """SC-Lock- and the last four hex digits of the address."""
        return "SC-Lock-" + address.replace(":", "")[-4:].upper()

    def advertisement(self, address: str, rssi: int = -60) -> AdvertisementData:
        """What the lock at `address` advertises now."""
        lock = self._locks[address.upper()]
        return AdvertisementData(
            local_name=self.local_name(address),
            manufacturer_data=lock.manufacturer_data(),
            service_data={},
            service_uuids=[wire.SERVICE],
            tx_power=None,
            rssi=rssi,
            platform_data=(),
        )
