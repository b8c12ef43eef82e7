"""GATT connections the proxy carries: one link per connected peripheral.

The proxy, not the peripheral, keeps what a real central-side stack keeps: which
characteristics the API client registered for notifications and what it wrote to each
CCCD. A notification reaches the client only when both say so.
"""

import asyncio
from collections.abc import Callable

from . import replies
from .frames import Frame
from .gatt import CCCD, CCCD_OFF, AttError, Property, find_characteristic, find_descriptor
from .peripheral import VirtualPeripheral

# BLEConnectionError codes the firmware reports when a link ends.
PEER_TERMINATED = 0x13
LOCAL_HOST_TERMINATED = 0x16

_WRITABLE = Property.WRITE | Property.WRITE_WITHOUT_RESPONSE
_NOTIFYING = Property.NOTIFY | Property.INDICATE


class Link:
    """One connection between an API client and a peripheral, through the proxy."""

    def __init__(
        self,
        address: int,
        peripheral: VirtualPeripheral,
        send: Callable[[Frame], None],
        on_closed: Callable[[Link], None],
    ) -> None:
        self.address = address
        self.peripheral = peripheral
        self.table = tuple(peripheral.services())
        self._send = send
        self._on_closed = on_closed
        self._registered: set[int] = set()
        self._cccd: dict[int, bytes] = {}
        self.is_open = True

    # What the peripheral sees (PeripheralLink).

    def notify(self, handle: int, data: bytes) -> None:
        """Forward a notification if the client asked for it on this handle."""
        if (
            self.is_open
            and handle in self._registered
            and self._cccd.get(handle, CCCD_OFF) != CCCD_OFF
        ):
            self._send(replies.notification(self.address, handle, data))

    def disconnect(self) -> None:
        """The peripheral hangs up.

        Deferred a loop turn: a peripheral that hangs up while handling a write has
        acknowledged that write on the air first, so its answer must reach the client first.
        """
        asyncio.get_running_loop().call_soon(self.close, PEER_TERMINATED)

    # What the API session asks for.

    def close(self, error: int) -> None:
        """End the link, tell the peripheral and the client, free the slot."""
        if not self.is_open:
            return
        self.is_open = False
        self.peripheral.on_disconnect(self)
        self._send(replies.connection(self.address, connected=False, error=error))
        self._on_closed(self)

    def read(self, handle: int, *, descriptor: bool) -> bytes:
        """A characteristic value or descriptor value."""
        if descriptor:
            char, found = find_descriptor(self.table, handle)
            if found.uuid != CCCD:
                raise AttError(AttError.READ_NOT_PERMITTED)
            return self._cccd.get(char.handle, CCCD_OFF)
        char = find_characteristic(self.table, handle)
        if not char.properties & Property.READ:
            raise AttError(AttError.READ_NOT_PERMITTED)
        return self.peripheral.read(handle)

    def write(self, handle: int, data: bytes, *, descriptor: bool) -> None:
        """Write a characteristic (to the peripheral) or a CCCD (kept here)."""
        if descriptor:
            char, found = find_descriptor(self.table, handle)
            if found.uuid != CCCD or len(data) != 2:
                raise AttError(AttError.WRITE_NOT_PERMITTED)
            self._cccd[char.handle] = data
            return
        char = find_characteristic(self.table, handle)
        if not char.properties & _WRITABLE:
            raise AttError(AttError.WRITE_NOT_PERMITTED)
        self.peripheral.on_write(handle, data, self)

    def register(self, handle: int, *, enable: bool) -> None:
        """Start or stop forwarding notifications of a characteristic."""
        char = find_characteristic(self.table, handle)
        if not char.properties & _NOTIFYING:
            raise AttError(AttError.REQUEST_NOT_SUPPORTED)
        if enable:
            self._registered.add(handle)
        else:
            self._registered.discard(handle)
