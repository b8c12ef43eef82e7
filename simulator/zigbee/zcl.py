"""ZCL frames: header parsing and the foundation commands virtual devices answer."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ZclError
from .zcl_types import AttributeValue, ZclType, decode_value, encode_value, parse_type

# Frame control bits.
_CLUSTER_SPECIFIC = 0x01
_MANUFACTURER_SPECIFIC = 0x04
_SERVER_TO_CLIENT = 0x08
_DISABLE_DEFAULT_RESPONSE = 0x10

# Foundation (profile-wide) commands.
READ_ATTRIBUTES = 0x00
READ_ATTRIBUTES_RESPONSE = 0x01
WRITE_ATTRIBUTES = 0x02
WRITE_ATTRIBUTES_UNDIVIDED = 0x03
WRITE_ATTRIBUTES_RESPONSE = 0x04
WRITE_ATTRIBUTES_NO_RESPONSE = 0x05
CONFIGURE_REPORTING = 0x06
CONFIGURE_REPORTING_RESPONSE = 0x07
REPORT_ATTRIBUTES = 0x0A
DEFAULT_RESPONSE = 0x0B
DISCOVER_ATTRIBUTES = 0x0C
DISCOVER_ATTRIBUTES_RESPONSE = 0x0D

# Status codes.
SUCCESS = 0x00
UNSUP_CLUSTER_COMMAND = 0x81
UNSUP_GENERAL_COMMAND = 0x82
UNSUPPORTED_ATTRIBUTE = 0x86
INVALID_VALUE = 0x87
READ_ONLY = 0x88
INVALID_DATA_TYPE = 0x8D
UNSUPPORTED_CLUSTER = 0xC3


@dataclass(frozen=True, slots=True)
class ZclHeader:
    """The fields of a ZCL header that decide how a device answers."""

    cluster_specific: bool
    manufacturer_code: int | None
    server_to_client: bool
    disable_default_response: bool
    tsn: int
    command: int


@dataclass(frozen=True, slots=True)
class ZclFrame:
    """A parsed ZCL frame: header and undecoded payload."""

    header: ZclHeader
    payload: bytes


@dataclass(frozen=True, slots=True)
class WriteRecord:
    """One attribute of a Write Attributes command."""

    attribute: int
    zcl_type: ZclType
    value: AttributeValue


def parse_frame(data: bytes) -> ZclFrame:
    """Split a ZCL frame into header and payload."""
    if len(data) < 3:
        raise ZclError(f"ZCL frame too short: {data.hex()}")
    control = data[0]
    manufacturer_code: int | None = None
    offset = 1
    if control & _MANUFACTURER_SPECIFIC:
        if len(data) < 5:
            raise ZclError(f"manufacturer-specific ZCL frame too short: {data.hex()}")
        manufacturer_code = int.from_bytes(data[1:3], "little")
        offset = 3
    header = ZclHeader(
        cluster_specific=bool(control & _CLUSTER_SPECIFIC),
        manufacturer_code=manufacturer_code,
        server_to_client=bool(control & _SERVER_TO_CLIENT),
        disable_default_response=bool(control & _DISABLE_DEFAULT_RESPONSE),
        tsn=data[offset],
        command=data[offset + 1],
    )
    return ZclFrame(header=header, payload=bytes(data[offset + 2 :]))


def encode_frame(
    *,
    tsn: int,
    command: int,
    payload: bytes,
    cluster_specific: bool = False,
    manufacturer_code: int | None = None,
    server_to_client: bool = True,
    disable_default_response: bool = True,
) -> bytes:
    """Build a ZCL frame; defaults suit a device answering or reporting to its controller."""
    control = (
        (_CLUSTER_SPECIFIC if cluster_specific else 0)
        | (_MANUFACTURER_SPECIFIC if manufacturer_code is not None else 0)
        | (_SERVER_TO_CLIENT if server_to_client else 0)
        | (_DISABLE_DEFAULT_RESPONSE if disable_default_response else 0)
    )
    manufacturer = b"" if manufacturer_code is None else manufacturer_code.to_bytes(2, "little")
    return bytes([control]) + manufacturer + bytes([tsn, command]) + payload


def parse_attribute_ids(payload: bytes) -> list[int]:
    """Parse the attribute identifiers of Read Attributes or Discover-style requests."""
    if len(payload) % 2:
        raise ZclError(f"odd attribute id list: {payload.hex()}")
    return [int.from_bytes(payload[i : i + 2], "little") for i in range(0, len(payload), 2)]


def parse_write_records(payload: bytes) -> list[WriteRecord]:
    """Parse the records of a Write Attributes command."""
    records: list[WriteRecord] = []
    rest = payload
    while rest:
        if len(rest) < 3:
            raise ZclError(f"truncated write record: {rest.hex()}")
        attribute = int.from_bytes(rest[:2], "little")
        zcl_type = parse_type(rest[2])
        value, rest = decode_value(zcl_type, rest[3:])
        records.append(WriteRecord(attribute=attribute, zcl_type=zcl_type, value=value))
    return records


def encode_attribute(attribute: int, zcl_type: ZclType, value: AttributeValue) -> bytes:
    """Encode an attribute as id, type and value (report and read-response layout)."""
    return attribute.to_bytes(2, "little") + bytes([zcl_type]) + encode_value(zcl_type, value)
