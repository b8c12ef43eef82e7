"""Property tests: parsers return a model or raise their typed error, nothing else."""

from collections.abc import Callable
import struct

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given, strategies as st
import pytest

from custom_components.smart_community.blelock import (
    COMPANY_ID,
    AdvertisementError,
    AdvertisementVerifier,
    FrameError,
    LockRefusedError,
    PairingError,
    ProtocolError,
    parse_advertisement,
)
from custom_components.smart_community.blelock.commands import (
    parse_activity_page,
    parse_reply,
    parse_settings,
    parse_status,
)
from custom_components.smart_community.blelock.frames import decode_frame, encode_frame
from custom_components.smart_community.blelock.pairing import PairedKey, Pairing
from custom_components.smart_community.blelock.session import Session

from .vectors import load

PAIRING = load("pairing")
SESSION = load("session")


def _feed(hex_bytes: str) -> Callable[[int], bytes]:
    data = bytes.fromhex(hex_bytes)
    return lambda size: data[:size]


def _key() -> PairedKey:
    return PairedKey(
        key_id=SESSION["key_id"],
        long_term_key=bytes.fromhex(SESSION["long_term_key"]),
        advertising_key=bytes.fromhex(PAIRING["advertising_key"]),
    )


def _session() -> Session:
    private = X25519PrivateKey.from_private_bytes(
        bytes.fromhex(SESSION["client_ephemeral_private_key"])
    )
    session = Session(_key(), private)
    session.on_challenge(bytes.fromhex(SESSION["session_challenge"]))
    return session


@given(st.binary(max_size=20))
def test_advertisement_parser_total(payload: bytes) -> None:
    """Any bytes: a LockAdvertisement or AdvertisementError."""
    try:
        adv = parse_advertisement(payload)
    except AdvertisementError:
        return
    assert 0 <= adv.battery <= 100
    assert len(payload) == 15


@given(
    lock=st.integers(0, 6),
    door=st.integers(0, 2),
    pairing=st.booleans(),
    battery=st.integers(0, 100),
    change=st.integers(0, 0xFFFF),
    counter=st.integers(0, 0xFFFFFFFF),
    mac=st.binary(min_size=4, max_size=4),
)
def test_advertisement_round_trip(  # noqa: PLR0917 - one argument per generated field
    lock: int, door: int, pairing: bool, battery: int, change: int, counter: int, mac: bytes
) -> None:
    """Every valid field combination parses back to itself."""
    flags = lock | door << 3 | (0x20 if pairing else 0)
    signed = b"SC\x02" + bytes([flags, battery]) + struct.pack("<HI", change, counter)
    adv = parse_advertisement(signed + mac)
    assert (adv.lock_state, adv.door_state, adv.pairing_mode, adv.battery) == (
        lock,
        door,
        pairing,
        battery,
    )
    assert (adv.change_counter, adv.advertisement_counter, adv.signed, adv.mac) == (
        change,
        counter,
        signed,
        mac,
    )


def _or_typed(prefix: bytes, size: int | tuple[int, int]) -> st.SearchStrategy[bytes]:
    """Any bytes, or bytes that pass the outer checks (type, length) and reach the inner ones."""
    low, high = (size, size) if isinstance(size, int) else size
    typed = st.binary(min_size=low, max_size=high).map(lambda body: prefix + body)
    return st.one_of(st.binary(max_size=110), typed)


ADVERTISEMENTS = st.one_of(
    st.dictionaries(st.integers(0, 0xFFFF), st.binary(max_size=20), max_size=3),
    st.binary(min_size=12, max_size=12).map(lambda body: {COMPANY_ID: b"SC\x02" + body}),
)


@given(ADVERTISEMENTS)
def test_advertisement_verifier_total(manufacturer_data: dict[int, bytes]) -> None:
    """Anything on the air: AdvertisementError, and never state (no key matches by chance)."""
    verifier = AdvertisementVerifier(bytes(16), "AA:BB:CC:DD:EE:01")
    with pytest.raises(AdvertisementError):
        verifier.accept(manufacturer_data)


@given(_or_typed(b"\x11", 48))
def test_pairing_key_frame_total(data: bytes) -> None:
    """Any notification after our pair hello, a group element or not: refused with the
    protocol's own errors (no proof holds by chance)."""
    with pytest.raises((PairingError, FrameError, LockRefusedError)):
        Pairing("12345678", "AA:BB:CC:DD:EE:01").on_key(data)


@given(_or_typed(b"\x13", 36))
def test_pairing_accept_frame_total(data: bytes) -> None:
    """Any notification after our confirmation: refused with the protocol's own errors."""
    pairing = Pairing(PAIRING["setup_code"], PAIRING["address"], _feed(PAIRING["client_entropy"]))
    pairing.hello()
    pairing.on_key(bytes.fromhex(PAIRING["frames"]["pair_key"]))
    with pytest.raises((PairingError, FrameError, LockRefusedError)):
        pairing.on_accept(data)


@given(_or_typed(b"\x21", 48))
def test_session_challenge_total(data: bytes) -> None:
    """Any answer to our session hello: refused with the protocol's own errors."""
    with pytest.raises((ProtocolError, LockRefusedError)):
        Session(_key()).on_challenge(data)


@given(_or_typed(b"\x30", (21, 99)))
def test_session_open_total(data: bytes) -> None:
    """Any notification inside a session: refused with the protocol's own errors."""
    with pytest.raises((ProtocolError, LockRefusedError)):
        _session().open(data)


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
