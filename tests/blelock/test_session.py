"""The client refuses what a lock (or someone posing as one) must not send."""

import pytest

from custom_components.smart_community.blelock import (
    AuthenticationError,
    FrameError,
    LockRefusedError,
    ProtocolError,
)
from custom_components.smart_community.blelock.codes import ErrorCode
from custom_components.smart_community.blelock.pairing import PairedKey
from custom_components.smart_community.blelock.session import Session

from .vectors import load

SESSION = load("session")
LOCK_FRAMES = [
    bytes.fromhex(e["frame"]) for e in SESSION["exchanges"] if e["direction"] == "lock_to_client"
]


def _session(ltk: str = SESSION["long_term_key"]) -> Session:
    session = Session(PairedKey(SESSION["key_id"], bytes.fromhex(ltk)))
    session.on_challenge(bytes.fromhex(SESSION["session_challenge"]))
    return session


def _vector_session() -> Session:
    key = PairedKey(SESSION["key_id"], bytes.fromhex(SESSION["long_term_key"]))
    session = Session(key, bytes.fromhex(SESSION["client_nonce"]))
    session.on_challenge(bytes.fromhex(SESSION["session_challenge"]))
    return session


@pytest.mark.parametrize("position", [0, 4, 5, 10, -1])
def test_tampered_frame_refused(position: int) -> None:
    """Flipping any bit, in the header or the sealed body, fails verification."""
    frame = bytearray(LOCK_FRAMES[0])
    frame[position] ^= 0x01
    with pytest.raises(ProtocolError):
        _vector_session().open(bytes(frame))


def test_replayed_frame_refused() -> None:
    """The same frame twice is a replay."""
    session = _vector_session()
    session.open(LOCK_FRAMES[0])
    with pytest.raises(AuthenticationError):
        session.open(LOCK_FRAMES[0])


def test_counter_rollback_refused() -> None:
    """An older frame after a newer one is refused even though it verifies."""
    session = _vector_session()
    session.open(LOCK_FRAMES[1])
    with pytest.raises(AuthenticationError):
        session.open(LOCK_FRAMES[0])


def test_skipped_counter_accepted() -> None:
    """A lost notification does not wedge the session."""
    session = _vector_session()
    assert session.open(LOCK_FRAMES[2])
    assert session.open(LOCK_FRAMES[3])


def test_wrong_key_refused() -> None:
    """A frame sealed under another long-term key does not verify."""
    with pytest.raises(AuthenticationError):
        _session("00" * 16).open(LOCK_FRAMES[0])


def test_other_connection_refused() -> None:
    """A frame from another connection (other client nonce) does not verify."""
    with pytest.raises(AuthenticationError):
        _session().open(LOCK_FRAMES[0])


def test_no_session_yet() -> None:
    """Sealing or opening before the challenge is a programming error, typed."""
    session = Session(PairedKey(1, bytes(16)))
    with pytest.raises(ProtocolError):
        session.seal(b"\x04")
    with pytest.raises(ProtocolError):
        session.open(LOCK_FRAMES[0])


def test_unexpected_frame_type() -> None:
    """A challenge where a secure frame belongs is a protocol error."""
    with pytest.raises(FrameError):
        _vector_session().open(bytes.fromhex(SESSION["session_challenge"]))


def test_error_frame_is_typed() -> None:
    """An error frame in a session raises the lock's code."""
    with pytest.raises(LockRefusedError) as refusal:
        _vector_session().open(bytes.fromhex("7f03"))
    assert refusal.value.code is ErrorCode.REFUSED_FRAME


def test_counter_exhaustion() -> None:
    """The client never wraps its counter; it must reconnect instead."""
    session = _vector_session()
    session._sent = 0xFFFFFFFF
    with pytest.raises(ProtocolError):
        session.seal(b"\x04")


def test_key_validation() -> None:
    """A key of the wrong size is not a key."""
    with pytest.raises(ValueError, match="not a lock key"):
        PairedKey(1, bytes(15))
