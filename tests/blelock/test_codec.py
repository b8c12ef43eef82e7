"""Frame and command codec cases the fuzzers may not reach every run."""

import pytest

from custom_components.smart_community.blelock import FrameError, LockRefusedError
from custom_components.smart_community.blelock.codes import ErrorCode
from custom_components.smart_community.blelock.commands import (
    parse_activity_page,
    parse_reply,
    parse_settings,
    parse_status,
)
from custom_components.smart_community.blelock.frames import (
    ErrorFrame,
    Frame,
    PairAccept,
    PairConfirm,
    PairHello,
    PairKey,
    SecureFrame,
    SessionChallenge,
    SessionHello,
    decode_frame,
    encode_frame,
)

FRAMES: list[Frame] = [
    PairHello(pake_message=bytes(range(32))),
    PairKey(pake_message=bytes(32), confirmation=bytes(range(16))),
    PairConfirm(confirmation=bytes(16)),
    PairAccept(key_id=7, sealed_advertising_key=bytes(32)),
    SessionHello(key_id=7, ephemeral_key=bytes(32), tag=bytes(16)),
    SessionChallenge(ephemeral_key=bytes(range(32)), tag=bytes(16)),
    SecureFrame(counter=1, sealed=bytes(17)),
    ErrorFrame(code=ErrorCode.BUSY),
]


@pytest.mark.parametrize("frame", FRAMES, ids=lambda f: type(f).__name__)
def test_frame_round_trip(frame: Frame) -> None:
    """Every frame type encodes and decodes to itself."""
    assert decode_frame(encode_frame(frame)) == frame


@pytest.mark.parametrize(
    "data",
    [
        "",
        "30" + "00" * 20,
        "7f",
        "7fff",
        "13" + "00" * 35,
        "20" + "00" * 12,
        "ee",
        "30" + "00" * 100,
    ],
)
def test_bad_frames(data: str) -> None:
    """Empty, short, long, unknown type and unknown error code are refused."""
    with pytest.raises(FrameError):
        decode_frame(bytes.fromhex(data))


@pytest.mark.parametrize(
    ("parser", "data"),
    [
        (parse_reply, "04"),
        (parse_reply, "ff00"),
        (parse_reply, "04ff"),
        (parse_reply, "040401"),
        (parse_status, "0101570000000000"),
        (parse_status, "010165000000000000"),
        (parse_status, "070100000000000000"),
        (parse_status, "010300000000000000"),
        (parse_settings, "0000"),
        (parse_settings, "110e00"),
        (parse_settings, "000002"),
        (parse_activity_page, "00"),
        (parse_activity_page, "0600"),
        (parse_activity_page, "0002"),
        (parse_activity_page, "0100" + "00000000" + "00000000" + "0101"),
        (parse_activity_page, "0100" + "00000000" + "00000000" + "0100" + "00"),
        (parse_activity_page, "0100" + "00000000" + "00000000" + "0901" + "00"),
        (parse_activity_page, "0100" + "00000000" + "00000000" + "0101" + "fb"),
    ],
)
def test_bad_payloads(parser: object, data: str) -> None:
    """Short, long, out-of-range and unknown values are refused with FrameError."""
    assert callable(parser)
    with pytest.raises(FrameError):
        parser(bytes.fromhex(data))


def test_wire_models_are_frozen_and_keyword_only() -> None:
    """A parsed frame cannot be altered, and fields are never matched by position."""
    frame = decode_frame(encode_frame(FRAMES[0]))
    with pytest.raises(AttributeError):
        frame.pake_message = b""  # type: ignore[misc]
    with pytest.raises(TypeError):
        PairConfirm(bytes(16))  # type: ignore[misc]


def test_refusal_is_typed() -> None:
    """A reply with a result other than ok raises the lock's code."""
    with pytest.raises(LockRefusedError) as refusal:
        parse_reply(bytes.fromhex("0108"))
    assert refusal.value.code is ErrorCode.LOW_BATTERY
