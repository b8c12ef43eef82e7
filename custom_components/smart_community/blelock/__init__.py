"""Smart Community Bluetooth lock protocol: advertisements, pairing, sessions, a client over bleak.

Pure Python; knows nothing of Home Assistant. The protocol is docs/protocols/ble-lock.md.
"""

from .advertisement import (
    AdvertisementVerifier,
    LockAdvertisement,
    find_advertisement,
    parse_advertisement,
)
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
    AdvertisementMacError,
    AuthenticationError,
    BadKeyError,
    BadTagError,
    FrameError,
    LockConnectionError,
    LockError,
    LockProofError,
    LockRefusedError,
    LockTimeoutError,
    PairingError,
    ProtocolError,
    StaleAdvertisementError,
    StaleCounterError,
    UnsealedFrameError,
)
from .models import ActivityEntry, LockSettings, LockStatus
from .pairing import PairedKey

__all__ = [
    "COMPANY_ID",
    "SERVICE_UUID",
    "Action",
    "ActivityEntry",
    "AdvertisementError",
    "AdvertisementMacError",
    "AdvertisementVerifier",
    "AuthenticationError",
    "BadKeyError",
    "BadTagError",
    "DoorState",
    "ErrorCode",
    "FrameError",
    "LockAdvertisement",
    "LockClient",
    "LockConnectionError",
    "LockError",
    "LockProofError",
    "LockRefusedError",
    "LockSettings",
    "LockState",
    "LockStatus",
    "LockTimeoutError",
    "Method",
    "PairedKey",
    "PairingError",
    "ProtocolError",
    "StaleAdvertisementError",
    "StaleCounterError",
    "UnsealedFrameError",
    "find_advertisement",
    "parse_advertisement",
]
