"""The client refuses what a lock (or someone posing as one) must not send, each by its check."""

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
import pytest

from custom_components.smart_community.blelock import (
    BadKeyError,
    BadTagError,
    FrameError,
    LockProofError,
    LockRefusedError,
    ProtocolError,
    StaleCounterError,
    UnsealedFrameError,
)
from custom_components.smart_community.blelock.codes import ErrorCode
from custom_components.smart_community.blelock.commands import parse_reply
from custom_components.smart_community.blelock.crypto import challenge_tag
from custom_components.smart_community.blelock.pairing import PairedKey
from custom_components.smart_community.blelock.session import Session

from .vectors import load

PAIRING = load("pairing")
SESSION = load("session")
LOCK_FRAMES = [
    bytes.fromhex(e["frame"]) for e in SESSION["exchanges"] if e["direction"] == "lock_to_client"
]
CLIENT_FRAMES = [
    bytes.fromhex(e["frame"]) for e in SESSION["exchanges"] if e["direction"] == "client_to_lock"
]


def _key(ltk: str = SESSION["long_term_key"]) -> PairedKey:
    return PairedKey(
        key_id=SESSION["key_id"],
        long_term_key=bytes.fromhex(ltk),
        advertising_key=bytes.fromhex(PAIRING["advertising_key"]),
    )


def _vector_session() -> Session:
    private = X25519PrivateKey.from_private_bytes(
        bytes.fromhex(SESSION["client_ephemeral_private_key"])
    )
    session = Session(_key(), private)
    session.on_challenge(bytes.fromhex(SESSION["session_challenge"]))
    return session


@pytest.mark.parametrize("position", [1, 2, 4, 5, 10, -1])
def test_tampered_tag_refused_by_the_tag_check(position: int) -> None:
    """Flipping a bit of the counter (either way) or the sealed body fails the tag check,
    which comes before the counter check."""
    frame = bytearray(LOCK_FRAMES[0])
    frame[position] ^= 0x01
    with pytest.raises(BadTagError):
        _vector_session().open(bytes(frame))


def test_changed_type_byte_is_a_frame_error() -> None:
    """A frame that is no longer a secure frame never reaches the tag check."""
    frame = bytearray(LOCK_FRAMES[0])
    frame[0] ^= 0x01
    with pytest.raises(FrameError):
        _vector_session().open(bytes(frame))


def test_reflected_client_frame_refused_by_the_tag_check() -> None:
    """Our own frame sent back to us: each direction has its own key, so the tag fails."""
    session = _vector_session()
    own = session.seal(b"\x04")
    with pytest.raises(BadTagError):
        session.open(own)


def test_reflected_frame_with_a_used_counter_refused_by_the_tag_check() -> None:
    """Our frame sent back after the lock's reply with the same counter: still the tag check,
    not the counter check, refuses it."""
    session = _vector_session()
    own = session.seal(b"\x04")
    session.open(LOCK_FRAMES[0])
    with pytest.raises(BadTagError):
        session.open(own)


def test_replayed_frame_refused_by_the_counter_check() -> None:
    """The same frame twice is a replay."""
    session = _vector_session()
    session.open(LOCK_FRAMES[0])
    with pytest.raises(StaleCounterError):
        session.open(LOCK_FRAMES[0])


def test_counter_rollback_refused_by_the_counter_check() -> None:
    """An older frame after a newer one is refused even though its tag verifies."""
    session = _vector_session()
    session.open(LOCK_FRAMES[1])
    with pytest.raises(StaleCounterError):
        session.open(LOCK_FRAMES[0])


def test_skipped_counter_accepted() -> None:
    """A lost notification does not wedge the session."""
    session = _vector_session()
    assert session.open(LOCK_FRAMES[2])
    assert session.open(LOCK_FRAMES[3])


def test_unsealed_error_refused_inside_a_session() -> None:
    """A plain `7f 02` after the handshake is not the lock's: refused, not taken as bad key."""
    with pytest.raises(UnsealedFrameError):
        _vector_session().open(bytes.fromhex(SESSION["unsealed_error"]))


@pytest.mark.parametrize(
    "frame",
    [
        PAIRING["frames"]["pair_hello"],
        PAIRING["frames"]["pair_key"],
        PAIRING["frames"]["pair_confirm"],
        PAIRING["frames"]["pair_accept"],
        SESSION["session_hello"],
        *(f"7f{code:02x}" for code in ErrorCode),
    ],
)
def test_every_unsealed_frame_refused_as_unsealed(frame: str) -> None:
    """Plain frames of every type and error code after the handshake: each is refused as
    unsealed (which the client drops), none as a refusal or as the frame it pretends to be."""
    session = _vector_session()
    with pytest.raises(UnsealedFrameError):
        session.open(bytes.fromhex(frame))
    assert session.open(LOCK_FRAMES[0])


def test_sealed_errors_are_typed() -> None:
    """The lock's sealed answers to a bad tag and a stale counter carry distinct codes."""
    codes = []
    for vector in SESSION["refused_by_lock"]:
        session = _vector_session()
        for frame in LOCK_FRAMES[: vector["after"]]:
            session.open(frame)
        with pytest.raises(LockRefusedError) as refusal:
            parse_reply(session.open(bytes.fromhex(vector["answer"])))
        codes.append(refusal.value.code)
    assert codes == [
        ErrorCode.BAD_TAG,
        ErrorCode.BAD_TAG,
        ErrorCode.BAD_TAG,
        ErrorCode.STALE_COUNTER,
        ErrorCode.STALE_COUNTER,
    ]


def test_lock_without_our_key_refused_by_the_proof_check() -> None:
    """A peer that answers the hello without knowing the long-term key is not our lock."""
    session = Session(_key("00" * 16))
    with pytest.raises(LockProofError):
        session.on_challenge(bytes.fromhex(SESSION["session_challenge"]))
    assert not session.established


def test_lock_ephemeral_key_of_low_order_refused() -> None:
    """An ephemeral key that would make the shared secret zero is refused, even when tagged."""
    session = Session(_key())
    hello = session.hello()
    zero = bytes(32)
    tag = challenge_tag(
        bytes.fromhex(SESSION["long_term_key"]), SESSION["key_id"], hello[5:37], zero
    )
    with pytest.raises(LockProofError, match="not usable"):
        session.on_challenge(bytes([0x21]) + zero + tag)


def test_challenge_for_another_hello_refused() -> None:
    """A recorded challenge does not answer a new hello (fresh ephemeral key each time)."""
    with pytest.raises(LockProofError):
        Session(_key()).on_challenge(bytes.fromhex(SESSION["session_challenge"]))


def test_bad_key_answer_to_hello() -> None:
    """A lock that forgot the key answers the hello with bad key."""
    with pytest.raises(BadKeyError):
        Session(_key()).on_challenge(bytes.fromhex(SESSION["wrong_key_answer"]))


def test_no_session_yet() -> None:
    """Sealing or opening before the challenge is a programming error, typed."""
    session = Session(_key())
    with pytest.raises(ProtocolError):
        session.seal(b"\x04")
    with pytest.raises(ProtocolError):
        session.open(LOCK_FRAMES[0])


def test_unexpected_frame_type() -> None:
    """A challenge where a secure frame belongs is refused as unsealed."""
    with pytest.raises(UnsealedFrameError):
        _vector_session().open(bytes.fromhex(SESSION["session_challenge"]))


def test_counter_exhaustion() -> None:
    """The client never wraps its counter; it must reconnect instead."""
    session = _vector_session()
    session._sent = 0xFFFFFFFF
    with pytest.raises(ProtocolError):
        session.seal(b"\x04")


def test_key_validation() -> None:
    """A key of the wrong size is not a key."""
    with pytest.raises(ValueError, match="not a lock key"):
        PairedKey(key_id=1, long_term_key=bytes(15), advertising_key=bytes(16))
    with pytest.raises(ValueError, match="not a lock key"):
        PairedKey(key_id=1, long_term_key=bytes(16), advertising_key=bytes(4))
