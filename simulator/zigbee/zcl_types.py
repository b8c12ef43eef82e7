"""The ZCL attribute data types virtual devices use, with their little-endian encodings."""

from __future__ import annotations

from enum import IntEnum

from .errors import ZclError

type AttributeValue = int | str


class ZclType(IntEnum):
    """ZCL data type identifiers (ZCL spec, table 2-11)."""

    BOOL = 0x10
    BITMAP8 = 0x18
    BITMAP16 = 0x19
    UINT8 = 0x20
    UINT16 = 0x21
    UINT32 = 0x23
    INT8 = 0x28
    INT16 = 0x29
    ENUM8 = 0x30
    ENUM16 = 0x31
    CHAR_STRING = 0x42
    IEEE_ADDRESS = 0xF0


# (size in bytes, signed) of every fixed-size integer type.
_INTEGERS: dict[ZclType, tuple[int, bool]] = {
    ZclType.BOOL: (1, False),
    ZclType.BITMAP8: (1, False),
    ZclType.BITMAP16: (2, False),
    ZclType.UINT8: (1, False),
    ZclType.UINT16: (2, False),
    ZclType.UINT32: (4, False),
    ZclType.INT8: (1, True),
    ZclType.INT16: (2, True),
    ZclType.ENUM8: (1, False),
    ZclType.ENUM16: (2, False),
    ZclType.IEEE_ADDRESS: (8, False),
}


def parse_type(raw: int) -> ZclType:
    """Return the modelled data type for a type identifier."""
    try:
        return ZclType(raw)
    except ValueError as err:
        raise ZclError(f"unsupported ZCL data type 0x{raw:02X}") from err


def check_value(zcl_type: ZclType, value: AttributeValue) -> AttributeValue:
    """Return the value if it fits the type, else raise ZclError."""
    encode_value(zcl_type, value)
    return value


def encode_value(zcl_type: ZclType, value: AttributeValue) -> bytes:
    """Encode a value of the given type."""
    if zcl_type is ZclType.CHAR_STRING:
        if not isinstance(value, str):
            raise ZclError(f"{zcl_type.name} needs a string, got {value!r}")
        raw = value.encode("utf-8")
        if len(raw) > 0xFE:
            raise ZclError("character string longer than 254 bytes")
        return bytes([len(raw)]) + raw
    if not isinstance(value, int) or isinstance(value, bool):
        raise ZclError(f"{zcl_type.name} needs an integer, got {value!r}")
    size, signed = _INTEGERS[zcl_type]
    try:
        return value.to_bytes(size, "little", signed=signed)
    except OverflowError as err:
        raise ZclError(f"{value} does not fit {zcl_type.name}") from err


def decode_value(zcl_type: ZclType, data: bytes) -> tuple[AttributeValue, bytes]:
    """Decode one value of the given type; return it and the remaining bytes."""
    if zcl_type is ZclType.CHAR_STRING:
        if not data:
            raise ZclError("character string without a length")
        length = data[0]
        if len(data) < 1 + length:
            raise ZclError("character string shorter than its length")
        try:
            text = data[1 : 1 + length].decode("utf-8")
        except UnicodeDecodeError as err:
            raise ZclError("character string is not UTF-8") from err
        return text, data[1 + length :]
    size, signed = _INTEGERS[zcl_type]
    if len(data) < size:
        raise ZclError(f"{zcl_type.name} needs {size} bytes, got {len(data)}")
    return int.from_bytes(data[:size], "little", signed=signed), data[size:]
