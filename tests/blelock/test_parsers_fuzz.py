"""Property tests: parsers return a model or raise their typed error, nothing else."""

import struct

from hypothesis import given, strategies as st

from custom_components.smart_community.blelock import (
    AdvertisementError,
    FrameError,
    LockRefusedError,
    parse_advertisement,
)
from custom_components.smart_community.blelock.commands import (
    parse_activity_page,
    parse_reply,
    parse_settings,
    parse_status,
)
from custom_components.smart_community.blelock.frames import decode_frame, encode_frame


@given(st.binary(max_size=12))
def test_advertisement_parser_total(payload: bytes) -> None:
    """Any bytes: a LockAdvertisement or AdvertisementError."""
    try:
        adv = parse_advertisement(payload)
    except AdvertisementError:
        return
    assert 0 <= adv.battery <= 100
    assert len(payload) == 7


@given(
    lock=st.integers(0, 6),
    door=st.integers(0, 2),
    pairing=st.booleans(),
    battery=st.integers(0, 100),
    counter=st.integers(0, 0xFFFF),
)
def test_advertisement_round_trip(
    lock: int, door: int, pairing: bool, battery: int, counter: int
) -> None:
    """Every valid field combination parses back to itself."""
    flags = lock | door << 3 | (0x20 if pairing else 0)
    adv = parse_advertisement(b"SC\x01" + bytes([flags, battery]) + struct.pack("<H", counter))
    assert (adv.lock_state, adv.door_state, adv.pairing_mode, adv.battery, adv.change_counter) == (
        lock,
        door,
        pairing,
        battery,
        counter,
    )


@given(st.binary(max_size=110))
def test_frame_decoder_total(data: bytes) -> None:
    """Any bytes: a frame that encodes back to the same bytes, or FrameError."""
    try:
        frame = decode_frame(data)
    except FrameError:
        return
    assert encode_frame(frame) == data


@given(st.sampled_from([0x10, 0x11, 0x12, 0x13, 0x20, 0x21, 0x30, 0x7F]), st.binary(max_size=99))
def test_frame_decoder_known_types(frame_type: int, body: bytes) -> None:
    """Known types with random bodies: same property, reaching every body check."""
    data = bytes([frame_type]) + body
    try:
        frame = decode_frame(data)
    except FrameError:
        return
    assert encode_frame(frame) == data


@given(st.binary(max_size=70))
def test_reply_parsers_total(plaintext: bytes) -> None:
    """Decrypted plaintext from a lock never escapes the typed errors."""
    try:
        reply = parse_reply(plaintext)
    except FrameError, LockRefusedError:
        return
    for parser in (parse_status, parse_settings, parse_activity_page):
        try:
            parser(reply.data)
        except FrameError:
            continue


@given(st.integers(0, 5), st.booleans(), st.binary(min_size=55, max_size=55))
def test_activity_page_sizes(count: int, more: bool, entries: bytes) -> None:
    """Pages of every allowed size parse or are refused for a bad field, with entries in order."""
    data = bytes([count, more]) + entries[: count * 11]
    try:
        page = parse_activity_page(data)
    except FrameError:
        return
    assert len(page.entries) == count
    assert page.more is more
