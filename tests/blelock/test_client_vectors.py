"""The client package reproduces every shared vector."""

from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
import pytest

from custom_components.smart_community.blelock import (
    AdvertisementError,
    AdvertisementMacError,
    AdvertisementVerifier,
    DoorState,
    LockRefusedError,
    LockState,
    PairingError,
    StaleAdvertisementError,
    find_advertisement,
    parse_advertisement,
)
from custom_components.smart_community.blelock.codes import ErrorCode
from custom_components.smart_community.blelock.commands import (
    parse_activity_page,
    parse_reply,
    parse_settings,
    parse_status,
)
from custom_components.smart_community.blelock.counters import not_older
from custom_components.smart_community.blelock.crypto import (
    PairingKeys,
    SessionCipher,
    address_bytes,
)
from custom_components.smart_community.blelock.pairing import PairedKey, Pairing
from custom_components.smart_community.blelock.session import Session

from .vectors import load

ADVERTISEMENTS = load("advertisements")
PAIRING = load("pairing")
SESSION = load("session")


def _feed(hex_bytes: str) -> Callable[[int], bytes]:
    data = bytes.fromhex(hex_bytes)
    return lambda size: data[:size]


def _verifier() -> AdvertisementVerifier:
    return AdvertisementVerifier(
        bytes.fromhex(ADVERTISEMENTS["advertising_key"]), ADVERTISEMENTS["address"]
    )


def _data(payload: str) -> dict[int, bytes]:
    return {ADVERTISEMENTS["company_id"]: bytes.fromhex(payload)}


@pytest.mark.parametrize("vector", ADVERTISEMENTS["valid"], ids=lambda v: v["name"])
def test_valid_advertisements(vector: dict[str, Any]) -> None:
    """Each field of a valid advertisement comes out as the vector says, and its MAC verifies."""
    adv = _verifier().accept(_data(vector["payload"]))

    assert adv.lock_state is LockState[vector["lock_state"].upper()]
    assert adv.door_state is DoorState[vector["door_state"].upper()]
    assert adv.pairing_mode is vector["pairing_mode"]
    assert adv.battery == vector["battery"]
    assert adv.change_counter == vector["change_counter"]
    assert adv.advertisement_counter == vector["advertisement_counter"]


@pytest.mark.parametrize("vector", ADVERTISEMENTS["invalid"], ids=lambda v: v["name"])
def test_invalid_advertisements(vector: dict[str, Any]) -> None:
    """Each invalid payload is refused by the parser, whatever its MAC."""
    with pytest.raises(AdvertisementError) as refusal:
        parse_advertisement(bytes.fromhex(vector["payload"]))
    assert type(refusal.value) is AdvertisementError


@pytest.mark.parametrize("vector", ADVERTISEMENTS["forged"], ids=lambda v: v["name"])
def test_forged_advertisements(vector: dict[str, Any]) -> None:
    """A payload that parses but is not signed by this lock's key for this address is refused."""
    with pytest.raises(AdvertisementMacError):
        _verifier().accept(_data(vector["payload"]))


@pytest.mark.parametrize(
    "vector", ADVERTISEMENTS["counter_order"], ids=lambda v: f"{v['last']}-{v['counter']}"
)
def test_counter_order(vector: dict[str, Any]) -> None:
    """Not older than the last accepted counter, counting across the wrap."""
    assert not_older(vector["counter"], vector["last"], 32) is vector["accepted"]


def test_replayed_advertisement_refused() -> None:
    """An advertisement older than one already accepted is refused, even with a good MAC."""
    by_counter = {v["advertisement_counter"]: v["payload"] for v in ADVERTISEMENTS["valid"]}
    verifier = _verifier()
    verifier.accept(_data(by_counter[43]))
    verifier.accept(_data(by_counter[43]))
    with pytest.raises(StaleAdvertisementError):
        verifier.accept(_data(by_counter[42]))


def test_advertisement_counter_wraps() -> None:
    """After 2^32 - 1 comes 0: accepted, and the old maximum is then stale."""
    by_counter = {v["advertisement_counter"]: v["payload"] for v in ADVERTISEMENTS["valid"]}
    verifier = _verifier()
    verifier.accept(_data(by_counter[0xFFFFFFFF]))
    verifier.accept(_data(by_counter[0]))
    with pytest.raises(StaleAdvertisementError):
        verifier.accept(_data(by_counter[0xFFFFFFFF]))


def test_other_manufacturers_are_not_locks() -> None:
    """An advertisement without our company id is not ours."""
    with pytest.raises(AdvertisementError):
        find_advertisement({76: bytes.fromhex(ADVERTISEMENTS["valid"][0]["payload"])})


def _pairing(code: str = PAIRING["setup_code"]) -> Pairing:
    return Pairing(code, PAIRING["address"], _feed(PAIRING["client_entropy"]))


def test_pairing_vector() -> None:
    """Hello, confirmation and keys match the vector for fixed SPAKE2 entropy."""
    frames = PAIRING["frames"]
    pairing = _pairing()

    assert pairing.hello().hex() == frames["pair_hello"]
    assert pairing.on_key(bytes.fromhex(frames["pair_key"])).hex() == frames["pair_confirm"]
    key = pairing.on_accept(bytes.fromhex(frames["pair_accept"]))
    assert key.key_id == PAIRING["key_id"]
    assert key.long_term_key.hex() == PAIRING["long_term_key"]
    assert key.advertising_key.hex() == PAIRING["advertising_key"]
    assert PAIRING["long_term_key"] not in repr(key)
    assert PAIRING["advertising_key"] not in repr(key)


def test_pairing_keys_vector() -> None:
    """SPAKE2 key, transcript and every derived key match the vector."""
    keys = PairingKeys.derive(
        bytes.fromhex(PAIRING["pake_key"]),
        address_bytes(PAIRING["address"]),
        bytes.fromhex(PAIRING["client_message"]),
        bytes.fromhex(PAIRING["lock_message"]),
    )
    assert keys.transcript.hex() == PAIRING["transcript"]
    assert keys.client_confirmation_key.hex() == PAIRING["client_confirmation_key"]
    assert keys.lock_confirmation_key.hex() == PAIRING["lock_confirmation_key"]
    assert keys.accept_key.hex() == PAIRING["accept_key"]
    assert keys.long_term_key.hex() == PAIRING["long_term_key"]


def test_pairing_with_the_wrong_code() -> None:
    """With the wrong code the lock's proof does not verify and the client sends nothing more."""
    wrong = PAIRING["wrong_setup_code"]
    pairing = _pairing(wrong["setup_code"])
    assert pairing.hello().hex() == wrong["pair_hello"]
    with pytest.raises(PairingError, match="wrong setup code"):
        pairing.on_key(bytes.fromhex(wrong["pair_key"]))


def test_pairing_refused_by_the_lock() -> None:
    """A lock's plain refusal during pairing is typed."""
    pairing = _pairing()
    pairing.hello()
    with pytest.raises(LockRefusedError) as refusal:
        pairing.on_key(bytes.fromhex("7f06"))
    assert refusal.value.code is ErrorCode.NOT_PAIRING


def test_tampered_acceptance_yields_no_key() -> None:
    """The advertising key is sealed to the key id: changing either refuses the acceptance."""
    frames = PAIRING["frames"]
    accept = bytearray.fromhex(frames["pair_accept"])
    accept[1] ^= 0x01
    pairing = _pairing()
    pairing.hello()
    pairing.on_key(bytes.fromhex(frames["pair_key"]))
    with pytest.raises(PairingError):
        pairing.on_accept(bytes(accept))


def _session() -> Session:
    key = PairedKey(
        key_id=SESSION["key_id"],
        long_term_key=bytes.fromhex(SESSION["long_term_key"]),
        advertising_key=bytes.fromhex(PAIRING["advertising_key"]),
    )
    private = X25519PrivateKey.from_private_bytes(
        bytes.fromhex(SESSION["client_ephemeral_private_key"])
    )
    session = Session(key, private)
    assert session.hello().hex() == SESSION["session_hello"]
    session.on_challenge(bytes.fromhex(SESSION["session_challenge"]))
    return session


def test_session_vector() -> None:
    """Every client frame seals to the vector and every lock frame opens to it."""
    session = _session()
    for exchange in SESSION["exchanges"]:
        plaintext = bytes.fromhex(exchange["plaintext"])
        if exchange["direction"] == "client_to_lock":
            assert session.seal(plaintext).hex() == exchange["frame"], exchange["meaning"]
        else:
            assert session.open(bytes.fromhex(exchange["frame"])) == plaintext


def test_session_keys_vector() -> None:
    """X25519 and HKDF give the vector's keys for each direction."""
    cipher = SessionCipher.agree(
        bytes.fromhex(SESSION["long_term_key"]),
        SESSION["key_id"],
        X25519PrivateKey.from_private_bytes(bytes.fromhex(SESSION["client_ephemeral_private_key"])),
        bytes.fromhex(SESSION["session_hello"])[5:37],
        bytes.fromhex(SESSION["session_challenge"])[1:33],
    )
    assert (cipher.client_key.hex(), cipher.lock_key.hex()) == (
        SESSION["client_key"],
        SESSION["lock_key"],
    )


def test_session_vector_meanings() -> None:
    """The lock's replies in the vector parse to what their descriptions say."""
    lock_frames = [e for e in SESSION["exchanges"] if e["direction"] == "lock_to_client"]
    unlocked, log, settings, event, jammed = (bytes.fromhex(e["plaintext"]) for e in lock_frames)

    status = parse_status(parse_reply(unlocked).data)
    assert (status.lock_state, status.door_state, status.battery) == (
        LockState.UNLOCKED,
        DoorState.CLOSED,
        87,
    )
    assert (status.change_counter, status.next_log_index) == (13, 4)
    page = parse_activity_page(parse_reply(log).data)
    assert [(e.index, e.action.name, e.method.name, e.user_slot) for e in page.entries] == [
        (1, "UNLOCKED", "FINGERPRINT", 3),
        (2, "LOCKED", "AUTO", 0),
    ]
    assert page.more
    assert parse_settings(parse_reply(settings).data).auto_lock_delay == 30
    assert parse_status(parse_reply(event).data).door_state is DoorState.OPEN
    with pytest.raises(LockRefusedError) as refusal:
        parse_reply(jammed)
    assert refusal.value.code is ErrorCode.JAMMED
