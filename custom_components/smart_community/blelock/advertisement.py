"""What a lock says in its advertisements, without a connection."""

from collections.abc import Mapping
from dataclasses import dataclass
import struct

from .codes import ADVERTISEMENT_PREFIX, COMPANY_ID, PROTOCOL_VERSION, DoorState, LockState
from .errors import AdvertisementError

_LAYOUT = struct.Struct("<2sBBBH")
_PAIRING_BIT = 0x20
_RESERVED_BITS = 0xC0


@dataclass(frozen=True, slots=True)
class LockAdvertisement:
    """State broadcast by a lock."""

    lock_state: LockState
    door_state: DoorState
    pairing_mode: bool
    battery: int
    change_counter: int


def parse_advertisement(payload: bytes) -> LockAdvertisement:
    """Parse the manufacturer data payload that follows our company id."""
    if len(payload) != _LAYOUT.size:
        raise AdvertisementError(f"expected {_LAYOUT.size} bytes, got {len(payload)}")
    prefix, version, state, battery, counter = _LAYOUT.unpack(payload)
    if prefix != ADVERTISEMENT_PREFIX:
        raise AdvertisementError("not a Smart Community lock")
    if version != PROTOCOL_VERSION:
        raise AdvertisementError(f"unsupported version {version}")
    if state & _RESERVED_BITS:
        raise AdvertisementError("reserved state bits set")
    if battery > 100:
        raise AdvertisementError(f"battery {battery}% out of range")
    try:
        lock_state = LockState(state & 0x07)
        door_state = DoorState((state >> 3) & 0x03)
    except ValueError as err:
        raise AdvertisementError(str(err)) from err
    return LockAdvertisement(
        lock_state=lock_state,
        door_state=door_state,
        pairing_mode=bool(state & _PAIRING_BIT),
        battery=battery,
        change_counter=counter,
    )


def find_advertisement(manufacturer_data: Mapping[int, bytes]) -> LockAdvertisement:
    """Parse the lock's entry from an advertisement's manufacturer data."""
    if (payload := manufacturer_data.get(COMPANY_ID)) is None:
        raise AdvertisementError("no Smart Community manufacturer data")
    return parse_advertisement(payload)
