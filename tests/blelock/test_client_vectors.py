"""The client package reproduces every shared vector."""

from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
import pytest

from custom_components.smart_community.blelock import (
    AdvertisementError,
    BadKeyError,
    DoorState,
    LockRefusedError,
    LockState,
    PairingError,
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
from custom_components.smart_community.blelock.pairing import PairedKey, Pairing
from custom_components.smart_community.blelock.session import Session

from .vectors import load

ADVERTISEMENTS = load("advertisements")
PAIRING = load("pairing")
SESSION = load("session")


def _private(hex_scalar: str) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(int(hex_scalar, 16), ec.SECP256R1())


@pytest.mark.parametrize("vector", ADVERTISEMENTS["valid"], ids=lambda v: v["name"])
def test_valid_advertisements(vector: dict[str, Any]) -> None:
    """Each field of a valid advertisement comes out as the vector says."""
    adv = find_advertisement({ADVERTISEMENTS["company_id"]: bytes.fromhex(vector["payload"])})

    assert adv.lock_state is LockState[vector["lock_state"].upper()]
    assert adv.door_state is DoorState[vector["door_state"].upper()]
    assert adv.pairing_mode is vector["pairing_mode"]
    assert adv.battery == vector["battery"]
    assert adv.change_counter == vector["change_counter"]


@pytest.mark.parametrize("vector", ADVERTISEMENTS["invalid"], ids=lambda v: v["name"])
def test_invalid_advertisements(vector: dict[str, Any]) -> None:
    """Each invalid payload is refused with a typed error."""
    with pytest.raises(AdvertisementError):
        parse_advertisement(bytes.fromhex(vector["payload"]))


def test_other_manufacturers_are_not_locks() -> None:
    """An advertisement without our company id is not ours."""
    with pytest.raises(AdvertisementError):
        find_advertisement({76: bytes.fromhex(ADVERTISEMENTS["valid"][0]["payload"])})


def test_pairing_vector() -> None:
    """Hello, confirmation and key match the vector for fixed private keys."""
    frames = PAIRING["frames"]
    pairing = Pairing(PAIRING["setup_code"], _private(PAIRING["client_private_key"]))

    assert pairing.hello().hex() == frames["pair_hello"]
    assert pairing.on_key(bytes.fromhex(frames["pair_key"])).hex() == frames["pair_confirm"]
    key = pairing.on_accept(bytes.fromhex(frames["pair_accept"]))
    assert key.key_id == PAIRING["key_id"]
    assert key.long_term_key.hex() == PAIRING["long_term_key"]
    assert PAIRING["long_term_key"] not in repr(key)


def test_pairing_with_the_wrong_code() -> None:
    """A wrong code gives the vector's confirmation, and the lock's refusal is typed."""
    wrong = PAIRING["wrong_setup_code"]
    pairing = Pairing(wrong["setup_code"], _private(PAIRING["client_private_key"]))
    pairing.hello()

    assert (
        pairing.on_key(bytes.fromhex(PAIRING["frames"]["pair_key"])).hex() == wrong["pair_confirm"]
    )
    with pytest.raises(LockRefusedError) as refusal:
        pairing.on_accept(bytes.fromhex(wrong["lock_answer"]))
    assert refusal.value.code is ErrorCode.BAD_SETUP_CODE


def test_pairing_refuses_a_lock_that_does_not_know_the_code() -> None:
    """The lock's proof is checked: an acceptance from an impostor yields no key."""
    frames = PAIRING["frames"]
    pairing = Pairing("00000000", _private(PAIRING["client_private_key"]))
    pairing.on_key(bytes.fromhex(frames["pair_key"]))

    with pytest.raises(PairingError):
        pairing.on_accept(bytes.fromhex(frames["pair_accept"]))


def _session() -> Session:
    key = PairedKey(SESSION["key_id"], bytes.fromhex(SESSION["long_term_key"]))
    session = Session(key, bytes.fromhex(SESSION["client_nonce"]))
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


def test_bad_key_answer_to_hello() -> None:
    """A lock that was reset answers the hello with bad key: the typed error says pair again."""
    key = PairedKey(SESSION["key_id"], bytes.fromhex(SESSION["long_term_key"]))
    with pytest.raises(BadKeyError):
        Session(key).on_challenge(bytes.fromhex("7f02"))
