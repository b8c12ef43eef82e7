"""Plaintext framing, and how the proxy treats frames it cannot use."""

import asyncio

from hypothesis import given, strategies as st
import pytest

from simulator.esphome import VirtualBluetoothProxy
from simulator.esphome.frames import (
    MAX_PAYLOAD,
    Frame,
    FrameError,
    encode_frame,
    encode_varint,
    read_frame,
)
from simulator.esphome.proto import NUMBER_BY_NAME, encode
from simulator.esphome.requests import DeviceRequest, DeviceRequestType, parse_request

from .conftest import TIMEOUT


def _reader(data: bytes) -> asyncio.StreamReader:
    reader = asyncio.StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    return reader


@given(msg_type=st.integers(0, 2**28 - 1), payload=st.binary(max_size=300))
async def test_frames_round_trip(msg_type: int, payload: bytes) -> None:
    """What encode_frame writes, read_frame reads back unchanged."""
    frame = Frame(msg_type, payload)
    assert await read_frame(_reader(encode_frame(frame))) == frame


def test_varints_match_protobuf() -> None:
    """Base-128 little-endian, as in the protobuf specification's own example."""
    assert encode_varint(0) == b"\x00"
    assert encode_varint(150) == b"\x96\x01"
    with pytest.raises(ValueError, match="-1"):
        encode_varint(-1)


@pytest.mark.parametrize(
    "data",
    [
        b"\x01\x00\x01",  # a Noise handshake
        b"\x00\xff\xff\xff\xff\x7f\x01",  # a varint too long
        b"\x00" + encode_varint(MAX_PAYLOAD + 1) + b"\x01",  # a frame too long
    ],
)
async def test_bad_frames_are_refused(data: bytes) -> None:
    """Noise, runaway varints and oversized frames raise FrameError."""
    with pytest.raises(FrameError):
        await read_frame(_reader(data))


def test_oversized_payload_is_not_sent() -> None:
    """The server never writes a frame the client would refuse."""
    with pytest.raises(FrameError):
        encode_frame(Frame(1, bytes(MAX_PAYLOAD + 1)))


def test_device_request_keeps_the_address_type() -> None:
    """The address type is only there when the client says so."""
    with_type = encode(
        "BluetoothDeviceRequest",
        address=1,
        request_type=int(DeviceRequestType.CONNECT_V3_WITHOUT_CACHE),
        has_address_type=True,
        address_type=1,
    )
    without = encode("BluetoothDeviceRequest", address=1, request_type=1)

    assert parse_request(with_type) == DeviceRequest(
        1, DeviceRequestType.CONNECT_V3_WITHOUT_CACHE, 1
    )
    assert parse_request(without) == DeviceRequest(1, DeviceRequestType.DISCONNECT, None)


async def _exchange(proxy: VirtualBluetoothProxy, data: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
    writer.write(data)
    try:
        return await asyncio.wait_for(reader.read(), TIMEOUT)
    finally:
        writer.close()
        await writer.wait_closed()


def _frame(name: str, **fields: object) -> bytes:
    return encode_frame(encode(name, **fields))


async def test_unknown_messages_are_skipped(proxy: VirtualBluetoothProxy) -> None:
    """A type number the API does not define is ignored; the session goes on."""
    answer = await _exchange(
        proxy,
        encode_frame(Frame(9999, b"\x01")) + _frame("PingRequest") + _frame("DisconnectRequest"),
    )
    expected = [NUMBER_BY_NAME["PingResponse"], NUMBER_BY_NAME["DisconnectResponse"]]
    reader = _reader(answer)
    assert [(await read_frame(reader)).msg_type for _ in expected] == expected
    assert reader.at_eof()


@pytest.mark.parametrize(
    "data",
    [
        b"\x01\x00\x01",
        encode_frame(Frame(NUMBER_BY_NAME["HelloRequest"], b"\xff\xff")),
        _frame("BluetoothDeviceRequest", address=1, request_type=42),
    ],
    ids=["noise", "corrupt", "unknown-enum"],
)
async def test_broken_clients_are_dropped(proxy: VirtualBluetoothProxy, data: bytes) -> None:
    """Noise, undecodable payloads and unknown enum values end the session silently."""
    assert await _exchange(proxy, data) == b""
    await asyncio.wait_for(proxy.wait_until(lambda: not proxy.sessions), TIMEOUT)
