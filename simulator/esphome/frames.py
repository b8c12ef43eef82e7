"""Plaintext framing of the ESPHome native API: 0x00, varint length, varint type, payload."""

import asyncio
from dataclasses import dataclass

PREAMBLE = 0x00
# The client refuses longer frames; refusing them here keeps both sides symmetric.
MAX_PAYLOAD = 65535
# A varint of more than four bytes would exceed every length and type the API uses.
_MAX_VARINT_BYTES = 4


class FrameError(Exception):
    """The peer sent something that is not a plaintext API frame."""


@dataclass(frozen=True, slots=True)
class Frame:
    """One message as it travels: its type number and protobuf payload."""

    msg_type: int
    payload: bytes


def encode_varint(value: int) -> bytes:
    """Little-endian base-128, as protobuf writes unsigned integers."""
    if value < 0:
        msg = f"varint cannot hold {value}"
        raise ValueError(msg)
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def encode_frame(frame: Frame) -> bytes:
    """The bytes that carry one message."""
    if len(frame.payload) > MAX_PAYLOAD:
        msg = f"payload of {len(frame.payload)} bytes exceeds {MAX_PAYLOAD}"
        raise FrameError(msg)
    return (
        bytes([PREAMBLE])
        + encode_varint(len(frame.payload))
        + encode_varint(frame.msg_type)
        + frame.payload
    )


async def _read_varint(reader: asyncio.StreamReader) -> int:
    value = 0
    for position in range(_MAX_VARINT_BYTES):
        byte = (await reader.readexactly(1))[0]
        value |= (byte & 0x7F) << (7 * position)
        if not byte & 0x80:
            return value
    msg = f"varint longer than {_MAX_VARINT_BYTES} bytes"
    raise FrameError(msg)


async def read_frame(reader: asyncio.StreamReader) -> Frame:
    """Read one frame; `asyncio.IncompleteReadError` means the peer hung up."""
    preamble = (await reader.readexactly(1))[0]
    if preamble != PREAMBLE:
        # 0x01 is a Noise handshake: this server only speaks plaintext.
        msg = f"unexpected preamble 0x{preamble:02x}"
        raise FrameError(msg)
    length = await _read_varint(reader)
    if length > MAX_PAYLOAD:
        msg = f"frame length {length} exceeds {MAX_PAYLOAD}"
        raise FrameError(msg)
    msg_type = await _read_varint(reader)
    payload = await reader.readexactly(length) if length else b""
    return Frame(msg_type, payload)
