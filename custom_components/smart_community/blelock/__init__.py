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
    CredentialType,
    DoorState,
    ErrorCode,
    LockState,
    Method,
    UserKind,
)
from .errors import (
    AdvertisementError,
    AdvertisementMacError,
    AuthenticationError,
    BadKeyError,
    BadTagError,
    DuplicateCredentialError,
    EnrolmentTimeoutError,
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
    TableFullError,
    UnsealedFrameError,
)
from .models import ActivityEntry, LockSettings, LockStatus
from .pairing import PairedKey
from .users import Credential, EnrolmentProgress, LockUser, TemporaryCode

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
    "Credential",
    "CredentialType",
    "DoorState",
    "DuplicateCredentialError",
    "EnrolmentProgress",
    "EnrolmentTimeoutError",
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
    "LockUser",
    "Method",
    "PairedKey",
    "PairingError",
    "ProtocolError",
    "StaleAdvertisementError",
    "StaleCounterError",
    "TableFullError",
    "TemporaryCode",
    "UnsealedFrameError",
    "UserKind",
    "find_advertisement",
    "parse_advertisement",
]
