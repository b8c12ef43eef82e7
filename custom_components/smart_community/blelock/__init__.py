"""Smart Community Bluetooth lock protocol: advertisements, pairing, sessions, a client over bleak.

Pure Python; knows nothing of Home Assistant. The protocol is docs/protocols/ble-lock.md.
"""

from .advertisement import LockAdvertisement, find_advertisement, parse_advertisement
from .client import LockClient
from .codes import (
    COMPANY_ID,
    SERVICE_UUID,
    Action,
    DoorState,
    ErrorCode,
    LockState,
    Method,
)
from .errors import (
    AdvertisementError,
    AuthenticationError,
    BadKeyError,
    FrameError,
    LockConnectionError,
    LockError,
    LockRefusedError,
    LockTimeoutError,
    PairingError,
    ProtocolError,
)
from .models import ActivityEntry, LockSettings, LockStatus
from .pairing import PairedKey

__all__ = [
    "COMPANY_ID",
    "SERVICE_UUID",
    "Action",
    "ActivityEntry",
    "AdvertisementError",
    "AuthenticationError",
    "BadKeyError",
    "DoorState",
    "ErrorCode",
    "FrameError",
    "LockAdvertisement",
    "LockClient",
    "LockConnectionError",
    "LockError",
    "LockRefusedError",
    "LockSettings",
    "LockState",
    "LockStatus",
    "LockTimeoutError",
    "Method",
    "PairedKey",
    "PairingError",
    "ProtocolError",
    "find_advertisement",
    "parse_advertisement",
]
