"""A virtual Smart Community Bluetooth lock, written from docs/protocols/ble-lock.md.

`VirtualLock` is the lock's firmware as a state machine; `VirtualRadio` puts locks on the
air for bleak (a `BaseBleakClient` backend) and builds their advertisements; `VirtualProxy`
carries them into Home Assistant's Bluetooth stack like an ESPHome Bluetooth proxy.
"""

from .backend import GattOperation, VirtualLockBackend
from .lock import LogEntry, VirtualLock
from .proxy import VirtualProxy
from .radio import VirtualRadio

__all__ = [
    "GattOperation",
    "LogEntry",
    "VirtualLock",
    "VirtualLockBackend",
    "VirtualProxy",
    "VirtualRadio",
]
