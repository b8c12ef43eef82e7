"""Byte layouts of the lock protocol, as the lock's firmware sees them."""

import struct

COMPANY_ID = 0x0F5C
SERVICE = "5c0c0001-8d3f-4a4b-9e0a-2f6c6f636b00"
COMMAND_CHAR = "5c0c0002-8d3f-4a4b-9e0a-2f6c6f636b00"
REPLY_CHAR = "5c0c0003-8d3f-4a4b-9e0a-2f6c6f636b00"

# Frame types.
PAIR_HELLO, PAIR_KEY, PAIR_CONFIRM, PAIR_ACCEPT = 0x10, 0x11, 0x12, 0x13
SESSION_HELLO, SESSION_CHALLENGE, SECURE, ERROR = 0x20, 0x21, 0x30, 0x7F

# Opcodes.
OP_LOCK, OP_UNLOCK, OP_UNLATCH, OP_STATUS = 0x01, 0x02, 0x03, 0x04
OP_LOG, OP_GET_SETTINGS, OP_SET_AUTO_LOCK, OP_SET_STAY = 0x05, 0x06, 0x07, 0x08
OP_EVENT = 0x40
OP_ERROR = 0x7F

# Error codes and results.
OK, JAMMED, BAD_KEY, BAD_TAG, BUSY, BAD_REQUEST = 0, 1, 2, 3, 4, 5
NOT_PAIRING, BAD_CODE, LOW_BATTERY, NO_SESSION, STALE_COUNTER = 6, 7, 8, 9, 10

# Lock states and door states.
UNKNOWN, LOCKED, UNLOCKED, LOCKING, UNLOCKING, STATE_JAMMED, UNLATCHED = range(7)
DOOR_UNKNOWN, DOOR_CLOSED, DOOR_OPEN = range(3)

LOG_PAGE = 5
LOG_KEEP = 200
MAX_DELAY = 3600
PAIRING_WINDOW = 60.0
PAIRING_ATTEMPTS = 3
IDLE_DISCONNECT = 10.0


def advertised_fields(
    lock_state: int, door_state: int, pairing: bool, battery: int, *, change: int, counter: int
) -> bytes:
    """The 11 bytes of the payload that its MAC covers."""
    flags = lock_state | door_state << 3 | (0x20 if pairing else 0)
    return (
        b"SC\x02"
        + bytes([flags, battery])
        + (change & 0xFFFF).to_bytes(2, "little")
        + (counter & 0xFFFFFFFF).to_bytes(4, "little")
    )


def error_frame(code: int) -> bytes:
    """Plain refusal."""
    return bytes([ERROR, code])


def status_bytes(lock_state: int, door_state: int, battery: int, counter: int, head: int) -> bytes:
    """Status block of replies and events."""
    return struct.pack("<BBBHI", lock_state, door_state, battery, counter & 0xFFFF, head)


def settings_bytes(delay: int, stay: bool) -> bytes:
    """Settings block of settings replies."""
    return struct.pack("<HB", delay, stay)


def log_bytes(entries: list[tuple[int, int, int, int, int]], more: bool) -> bytes:
    """Log page: count, more, then (index, time, action, method, slot) entries."""
    out = bytearray([len(entries), more])
    for entry in entries:
        out += struct.pack("<IIBBB", *entry)
    return bytes(out)
