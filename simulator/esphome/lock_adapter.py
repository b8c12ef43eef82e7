"""Puts a virtual Smart Community lock (simulator.blelock) behind the virtual proxy."""

from collections.abc import Callable, Sequence
from uuid import UUID

from simulator.blelock import VirtualLock, VirtualRadio, wire
from simulator.blelock.lock import Link as LockLink

from .advertising import Advertisement
from .gatt import AttError, CharacteristicSpec, Property, Service, ServiceSpec, build_table
from .peripheral import PeripheralLink

_TABLE = build_table(
    [
        ServiceSpec(
            UUID(wire.SERVICE),
            (
                CharacteristicSpec(UUID(wire.COMMAND_CHAR), Property.WRITE),
                CharacteristicSpec(UUID(wire.REPLY_CHAR), Property.NOTIFY),
            ),
        )
    ]
)
COMMAND_HANDLE = _TABLE[0].characteristics[0].handle
REPLY_HANDLE = _TABLE[0].characteristics[1].handle


class LockPeripheral:
    """A `VirtualPeripheral` for one `VirtualLock`: its advertisement and characteristics."""

    def __init__(self, lock: VirtualLock, *, rssi: int = -62, mtu: int = 185) -> None:
        self.lock = lock
        self.random_address = False
        self.rssi = rssi
        self.mtu = mtu
        self._sessions: dict[int, LockLink] = {}

    @property
    def address(self) -> str:
        """The lock's address."""
        return self.lock.address.upper()

    def advertisement(self) -> Advertisement:
        """Name, lock service and the state the lock puts in its manufacturer data."""
        return Advertisement(
            local_name=VirtualRadio.local_name(self.lock.address),
            manufacturer_data=self.lock.manufacturer_data(),
            service_uuids=(wire.SERVICE,),
        )

    def services(self) -> Sequence[Service]:
        """The lock service: command (write) and reply (notify)."""
        return _TABLE

    def attach(self, announce: Callable[[], None]) -> None:
        """Re-advertise whenever the lock's state changes."""
        self.lock.listeners.append(announce)

    def on_connect(self, link: PeripheralLink) -> None:
        """Open a lock link whose replies go out as notifications."""
        self._sessions[id(link)] = self.lock.connect(
            lambda frame: link.notify(REPLY_HANDLE, frame), link.disconnect
        )

    def on_disconnect(self, link: PeripheralLink) -> None:
        """Close the lock link."""
        self._sessions.pop(id(link)).close()

    def read(self, handle: int) -> bytes:
        """Nothing on the lock is readable."""
        raise AttError(AttError.READ_NOT_PERMITTED)

    def on_write(self, handle: int, data: bytes, link: PeripheralLink) -> None:
        """A frame on the command characteristic."""
        if handle != COMMAND_HANDLE:
            raise AttError(AttError.WRITE_NOT_PERMITTED)
        self._sessions[id(link)].receive(data)
