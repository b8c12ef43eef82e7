"""Property tests: whatever a central writes, the virtual lock answers once or not at all,
never raises, and changes nothing it should not."""

from hypothesis import given, strategies as st

from simulator.blelock import VirtualLock

from .test_virtual_lock_vectors import ADDRESS, SESSION, Wire, session_lock

FRAME_TYPES = st.sampled_from([0x10, 0x12, 0x20, 0x30, 0x7F, 0x00])


def _written(air: Wire, data: bytes) -> list[bytes]:
    before = len(air.sent)
    air.link.receive(data)
    return air.sent[before:]


@given(FRAME_TYPES, st.one_of(st.binary(max_size=110), st.binary(min_size=32, max_size=32)))
def test_lock_before_a_session(frame_type: int, body: bytes) -> None:
    """Outside a session: one plain answer (or a pairing key), the bolt untouched."""
    lock = VirtualLock(ADDRESS)
    lock.keys = {SESSION["key_id"]: bytes.fromhex(SESSION["long_term_key"])}
    lock.press_pairing_button()
    air = Wire(lock)
    answers = _written(air, bytes([frame_type]) + body)
    assert len(answers) == 1
    assert answers[0][0] in {0x11, 0x21, 0x7F}
    assert lock.lock_state == 1


@given(FRAME_TYPES, st.binary(max_size=110))
def test_lock_inside_a_session(frame_type: int, body: bytes) -> None:
    """Inside a session every answer is sealed, and nothing forged moves the bolt."""
    lock = session_lock()
    air = Wire(lock)
    air.ask(SESSION["session_hello"])
    answers = _written(air, bytes([frame_type]) + body)
    assert len(answers) == 1
    assert answers[0][0] == 0x30
    assert lock.lock_state == 1
