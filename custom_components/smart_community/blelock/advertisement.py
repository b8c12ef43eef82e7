"""What a lock says in its advertisements, and whether to believe it."""

from collections.abc import Mapping
from dataclasses import dataclass, field
import hmac
import struct

from .codes import ADVERTISEMENT_PREFIX, COMPANY_ID, PROTOCOL_VERSION, DoorState, LockState
from .counters import not_older
from .crypto import ADVERTISEMENT_MAC_SIZE, address_bytes, advertisement_mac
from .errors import AdvertisementError, AdvertisementMacError, StaleAdvertisementError

_LAYOUT = struct.Struct(f"<2sBBBHI{ADVERTISEMENT_MAC_SIZE}s")
_SIGNED = _LAYOUT.size - ADVERTISEMENT_MAC_SIZE
_COUNTER_BITS = 32
_PAIRING_BIT = 0x20
_RESERVED_BITS = 0xC0


@dataclass(frozen=True, slots=True, kw_only=True)
class LockAdvertisement:
    """State broadcast by a lock; believe it only once an AdvertisementVerifier accepted it."""

    lock_state: LockState
    door_state: DoorState
    pairing_mode: bool
    battery: int
    change_counter: int
    advertisement_counter: int
    signed: bytes = field(repr=False)
    mac: bytes = field(repr=False)


def parse_advertisement(payload: bytes) -> LockAdvertisement:
    """Parse the manufacturer data payload that follows our company id (not verified)."""
    if len(payload) != _LAYOUT.size:
        raise AdvertisementError(f"expected {_LAYOUT.size} bytes, got {len(payload)}")
    prefix, version, state, battery, change, counter, mac = _LAYOUT.unpack(payload)
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
        change_counter=change,
        advertisement_counter=counter,
        signed=payload[:_SIGNED],
        mac=mac,
    )


def find_advertisement(manufacturer_data: Mapping[int, bytes]) -> LockAdvertisement:
    """Parse the lock's entry from an advertisement's manufacturer data."""
    if (payload := manufacturer_data.get(COMPANY_ID)) is None:
        raise AdvertisementError("no Smart Community manufacturer data")
    return parse_advertisement(payload)


class AdvertisementVerifier:
    """Accepts advertisements of one paired lock: MAC under its key, counter not older."""

    def __init__(self, advertising_key: bytes, address: str) -> None:
        self._key = advertising_key
        self._address = address_bytes(address)
        self._last: int | None = None

    def accept(self, manufacturer_data: Mapping[int, bytes]) -> LockAdvertisement:
        """The advertisement, if it is genuine and fresh; else a typed AdvertisementError."""
        advertisement = find_advertisement(manufacturer_data)
        expected = advertisement_mac(self._key, self._address, advertisement.signed)
        if not hmac.compare_digest(advertisement.mac, expected):
            raise AdvertisementMacError("advertisement MAC does not verify")
        counter = advertisement.advertisement_counter
        if self._last is not None and not not_older(counter, self._last, _COUNTER_BITS):
            raise StaleAdvertisementError(f"advertisement counter {counter} after {self._last}")
        self._last = counter
        return advertisement
