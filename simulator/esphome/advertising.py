"""What a peripheral advertises, and the raw advertising data a scanner receives for it."""

from collections.abc import Mapping
from dataclasses import dataclass, field
import struct
from uuid import UUID

from .gatt import BLUETOOTH_BASE

# An ESP32 reports the advertising data and the scan response together: 31 bytes each.
MAX_RAW_LENGTH = 62

_FLAGS = 0x01
_UUID16_COMPLETE = 0x03
_UUID128_COMPLETE = 0x07
_LOCAL_NAME_COMPLETE = 0x09
_SERVICE_DATA_16 = 0x16
_SERVICE_DATA_128 = 0x21
_MANUFACTURER = 0xFF
# LE General Discoverable, BR/EDR not supported.
_DISCOVERABLE = b"\x06"


class AdvertisementTooLongError(ValueError):
    """More advertising data than an advertisement and its scan response can carry."""


@dataclass(frozen=True, slots=True)
class Advertisement:
    """The fields a peripheral puts on the air."""

    local_name: str | None = None
    manufacturer_data: Mapping[int, bytes] = field(default_factory=dict)
    service_uuids: tuple[str, ...] = ()
    service_data: Mapping[str, bytes] = field(default_factory=dict)


def _short(uuid: str) -> int | None:
    text = str(UUID(uuid))
    if text.startswith("0000") and text.endswith(BLUETOOTH_BASE):
        return int(text[4:8], 16)
    return None


def _structure(ad_type: int, body: bytes) -> bytes:
    return bytes([len(body) + 1, ad_type]) + body


def _uuid_bytes(uuid: str) -> tuple[bool, bytes]:
    if (short := _short(uuid)) is not None:
        return True, struct.pack("<H", short)
    return False, UUID(uuid).bytes[::-1]


def raw_advertising_data(adv: Advertisement) -> bytes:
    """AD structures as they appear on the air, little-endian where the specification says so."""
    parts = [_structure(_FLAGS, _DISCOVERABLE)]
    shorts = b""
    longs = b""
    for uuid in adv.service_uuids:
        is_short, encoded = _uuid_bytes(uuid)
        if is_short:
            shorts += encoded
        else:
            longs += encoded
    if shorts:
        parts.append(_structure(_UUID16_COMPLETE, shorts))
    if longs:
        parts.append(_structure(_UUID128_COMPLETE, longs))
    for uuid, data in adv.service_data.items():
        is_short, encoded = _uuid_bytes(uuid)
        parts.append(
            _structure(_SERVICE_DATA_16 if is_short else _SERVICE_DATA_128, encoded + data)
        )
    parts.extend(
        _structure(_MANUFACTURER, struct.pack("<H", company) + data)
        for company, data in adv.manufacturer_data.items()
    )
    if adv.local_name:
        parts.append(_structure(_LOCAL_NAME_COMPLETE, adv.local_name.encode()))
    raw = b"".join(parts)
    if len(raw) > MAX_RAW_LENGTH:
        msg = f"{len(raw)} bytes of advertising data; at most {MAX_RAW_LENGTH} fit"
        raise AdvertisementTooLongError(msg)
    return raw
