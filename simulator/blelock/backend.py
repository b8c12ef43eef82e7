"""A bleak backend whose radio is a VirtualRadio: GATT operations reach virtual locks."""

import asyncio
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from bleak.args import SizedBuffer
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient, NotifyCallback
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import BleakError

from . import wire
from .lock import Link

if TYPE_CHECKING:
    from .radio import VirtualRadio

MTU = 247


class GattOperation(StrEnum):
    """What a central did over the air, for counting round trips."""

    CONNECT = "connect"
    START_NOTIFY = "start_notify"
    WRITE = "write"
    NOTIFY = "notify"
    DISCONNECT = "disconnect"


def _max_write() -> int:
    return MTU - 3


def _services() -> BleakGATTServiceCollection:
    collection = BleakGATTServiceCollection()
    service = BleakGATTService(None, 1, wire.SERVICE)
    collection.add_service(service)
    command = BleakGATTCharacteristic(None, 2, wire.COMMAND_CHAR, ["write"], _max_write, service)
    reply = BleakGATTCharacteristic(None, 4, wire.REPLY_CHAR, ["notify"], _max_write, service)
    collection.add_characteristic(command)
    collection.add_characteristic(reply)
    return collection


class VirtualLockBackend(BaseBleakClient):
    """Connects to the virtual lock at the device's address on `radio`."""

    def __init__(
        self,
        address_or_ble_device: BLEDevice | str,
        *,
        radio: VirtualRadio,
        disconnected_callback: Callable[[], None] | None = None,
        timeout: float = 10.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            address_or_ble_device, disconnected_callback=disconnected_callback, timeout=timeout
        )
        self._radio = radio
        self._link: Link | None = None
        self._on_notify: NotifyCallback | None = None

    @property
    def mtu_size(self) -> int:
        """Negotiated MTU."""
        return MTU

    @property
    def is_connected(self) -> bool:
        """Whether the link is up."""
        return self._link is not None

    async def connect(self, pair: bool, **kwargs: Any) -> None:
        """Reach the lock, unless the radio refuses or the lock is out of range."""
        self._radio.record(self.address, GattOperation.CONNECT)
        if self._radio.refuse_connections:
            self._radio.refuse_connections -= 1
            raise BleakError(f"{self.address}: connection refused by the virtual radio")
        if (lock := self._radio.lock_at(self.address)) is None:
            # What a central sees when nothing answers its connection request.
            raise BleakError(f"{self.address}: no answer to the connection request")
        self.services = _services()
        loop = asyncio.get_running_loop()

        def notify(data: bytes) -> None:
            loop.call_soon(self._deliver, data)

        def hang_up() -> None:
            loop.call_soon(self._lock_hung_up)

        self._link = lock.connect(notify, hang_up)

    async def disconnect(self) -> None:
        """Close the link."""
        if self._link is not None:
            self._radio.record(self.address, GattOperation.DISCONNECT)
            self._link.close()
            self._link = None

    async def pair(self, *args: Any, **kwargs: Any) -> None:
        """The lock pairs in its own protocol, not with Bluetooth bonding."""
        raise BleakError("bonding not supported")

    async def unpair(self) -> None:
        """See pair."""
        raise BleakError("bonding not supported")

    async def read_gatt_char(
        self, characteristic: BleakGATTCharacteristic, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        """Nothing on the lock is readable."""
        raise BleakError("read not permitted")

    async def read_gatt_descriptor(
        self, descriptor: BleakGATTDescriptor, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        """Nothing on the lock is readable."""
        raise BleakError("read not permitted")

    async def write_gatt_char(
        self, characteristic: BleakGATTCharacteristic, data: SizedBuffer, response: bool
    ) -> None:
        """A frame to the lock."""
        link = self._require_link()
        if characteristic.uuid != wire.COMMAND_CHAR or not response:
            raise BleakError("write not permitted")
        self._radio.record(self.address, GattOperation.WRITE)
        link.receive(bytes(data))

    async def write_gatt_descriptor(
        self, descriptor: BleakGATTDescriptor, data: SizedBuffer
    ) -> None:
        """Descriptors are managed by start_notify."""
        raise BleakError("write not permitted")

    async def start_notify(
        self, characteristic: BleakGATTCharacteristic, callback: NotifyCallback, **kwargs: Any
    ) -> None:
        """Subscribe to the reply characteristic."""
        self._require_link()
        if characteristic.uuid != wire.REPLY_CHAR:
            raise BleakError("notify not permitted")
        self._radio.record(self.address, GattOperation.START_NOTIFY)
        self._on_notify = callback

    async def stop_notify(self, characteristic: BleakGATTCharacteristic) -> None:
        """Unsubscribe."""
        self._on_notify = None

    def _require_link(self) -> Link:
        if self._link is None:
            raise BleakError("not connected")
        return self._link

    def _deliver(self, data: bytes) -> None:
        tamper = self._radio.tamper
        for frame in tamper(data) if tamper else [data]:
            if self._link is not None and self._on_notify is not None:
                self._radio.record(self.address, GattOperation.NOTIFY)
                self._on_notify(bytearray(frame))

    def _lock_hung_up(self) -> None:
        if self._link is None:
            return
        self._link.close()
        self._link = None
        if self._disconnected_callback is not None:
            self._disconnected_callback()
