"""Numbers the protocol gives names to (docs/protocols/ble-lock.md)."""

from enum import IntEnum
from typing import Final

COMPANY_ID: Final = 0x0F5C
ADVERTISEMENT_PREFIX: Final = b"SC"
PROTOCOL_VERSION: Final = 2

SERVICE_UUID: Final = "5c0c0001-8d3f-4a4b-9e0a-2f6c6f636b00"
COMMAND_CHAR_UUID: Final = "5c0c0002-8d3f-4a4b-9e0a-2f6c6f636b00"
REPLY_CHAR_UUID: Final = "5c0c0003-8d3f-4a4b-9e0a-2f6c6f636b00"


class LockState(IntEnum):
    """Position of the bolt as the lock reports it."""

    UNKNOWN = 0
    LOCKED = 1
    UNLOCKED = 2
    LOCKING = 3
    UNLOCKING = 4
    JAMMED = 5
    UNLATCHED = 6


class DoorState(IntEnum):
    """Door sensor reading."""

    UNKNOWN = 0
    CLOSED = 1
    OPEN = 2


class FrameType(IntEnum):
    """First byte of every frame."""

    PAIR_HELLO = 0x10
    PAIR_KEY = 0x11
    PAIR_CONFIRM = 0x12
    PAIR_ACCEPT = 0x13
    SESSION_HELLO = 0x20
    SESSION_CHALLENGE = 0x21
    SECURE = 0x30
    ERROR = 0x7F


class Opcode(IntEnum):
    """Command carried in a secure frame."""

    LOCK = 0x01
    UNLOCK = 0x02
    UNLATCH = 0x03
    STATUS = 0x04
    LOG_SINCE = 0x05
    GET_SETTINGS = 0x06
    SET_AUTO_LOCK = 0x07
    SET_STAY_CONNECTED = 0x08
    EVENT = 0x40
    # Lock to client only: the sealed answer to a frame the lock refused.
    ERROR = 0x7F


class ErrorCode(IntEnum):
    """Error frame code and reply result."""

    OK = 0x00
    JAMMED = 0x01
    BAD_KEY = 0x02
    BAD_TAG = 0x03
    BUSY = 0x04
    BAD_REQUEST = 0x05
    NOT_PAIRING = 0x06
    BAD_SETUP_CODE = 0x07
    LOW_BATTERY = 0x08
    NO_SESSION = 0x09
    STALE_COUNTER = 0x0A


class Action(IntEnum):
    """What an activity-log entry records."""

    LOCKED = 1
    UNLOCKED = 2
    UNLATCHED = 3
    JAMMED = 4


class Method(IntEnum):
    """How the action in an activity-log entry was triggered."""

    FINGERPRINT = 1
    PIN = 2
    CARD = 3
    KEY = 4
    APP = 5
    AUTO = 6
    MANUAL = 7
