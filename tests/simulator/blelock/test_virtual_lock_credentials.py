"""The virtual lock answers the user and credential vectors frame for frame."""

from typing import Any

import pytest

from simulator.blelock import VirtualLock, wire
from simulator.blelock.credentials import User

from .test_virtual_lock_vectors import SESSION, Wire, _load, session_lock

CREDENTIALS = _load("credentials")
EXCHANGES = CREDENTIALS["exchanges"]


class Clock:
    """The lock's clock, moved by hand."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _lock(clock: Clock) -> VirtualLock:
    lock = session_lock()
    lock.clock = clock
    lock.table.max_users = CREDENTIALS["max_users"]
    lock.table.max_credentials = CREDENTIALS["max_credentials"]
    return lock


def _at_the_lock(lock: VirtualLock, clock: Clock, before: dict[str, Any]) -> None:
    if "present_card" in before:
        lock.present_card(bytes.fromhex(before["present_card"]))
    if "touch_fingerprint" in before:
        lock.touch_fingerprint(bytes.fromhex(before["touch_fingerprint"]))
    if "advance" in before:
        clock.now += before["advance"]
        lock.tick()


def _played() -> tuple[VirtualLock, Clock, list[str]]:
    clock = Clock(CREDENTIALS["time"])
    lock = _lock(clock)
    air = Wire(lock)
    air.ask(SESSION["session_hello"])
    start = len(air.sent)
    for exchange in EXCHANGES:
        if exchange["direction"] == "client_to_lock":
            air.link.receive(bytes.fromhex(exchange["frame"]))
        else:
            _at_the_lock(lock, clock, exchange.get("before", {}))
    return lock, clock, [frame.hex() for frame in air.sent[start:]]


def test_conversation() -> None:
    """Every reply, progress report and event the lock sends is the vector's, in order."""
    _, _, sent = _played()
    assert sent == [e["frame"] for e in EXCHANGES if e["direction"] == "lock_to_client"]


@pytest.mark.parametrize(
    "entry", CREDENTIALS["keypad"]["entries"], ids=lambda e: f"{e['at']}-{e['why']}"
)
def test_keypad(entry: dict[str, Any]) -> None:
    """After the conversation, the visitor's code opens only in its window and for its uses."""
    lock, clock, _ = _played()
    for earlier in CREDENTIALS["keypad"]["entries"]:
        clock.now = CREDENTIALS["time"] + earlier["at"]
        opened = lock.enter_pin(earlier["code"])
        if earlier is entry:
            assert opened is entry["opens"], entry["why"]
            return


@pytest.mark.parametrize("vector", CREDENTIALS["refused_requests"], ids=lambda v: v["name"])
def test_refused_requests(vector: dict[str, Any]) -> None:
    """Out-of-range arguments are refused with the vector's result, and nothing is stored."""
    clock = Clock(CREDENTIALS["time"])
    lock = _lock(clock)
    air = Wire(lock)
    plaintext = bytes.fromhex(vector["plaintext"])
    result, data = lock.credential_command(air.link, plaintext[0], plaintext[1:])
    assert (bytes([plaintext[0], result]).hex(), data) == (vector["answer"], b"")
    assert not lock.table.users
    assert not lock.table.credentials


def _enrolling(kind: int) -> tuple[VirtualLock, Clock, Wire]:
    clock = Clock(CREDENTIALS["time"])
    lock = _lock(clock)
    air = Wire(lock)
    air.ask(SESSION["session_hello"])
    lock.table.set_user(1, User(kind=wire.RESIDENT))
    opcode = wire.OP_ENROLL_CARD if kind == wire.CARD else wire.OP_ENROLL_FINGERPRINT
    assert lock.credential_command(air.link, opcode, b"\x01")[0] == wire.OK
    return lock, clock, air


def test_waiting_for_a_card_keeps_the_link() -> None:
    """The idle limit does not run while the lock waits; it starts again at the timeout."""
    lock, clock, air = _enrolling(wire.CARD)
    clock.now += wire.ENROLMENT_WAIT - 1
    lock.tick()
    assert not air.hung_up
    clock.now += 1
    lock.tick()
    assert lock.enrolment is None
    assert not air.hung_up
    clock.now += wire.IDLE_DISCONNECT
    lock.tick()
    assert air.hung_up


def test_each_touch_restarts_the_wait() -> None:
    """A finger every 25 s keeps a fingerprint enrolment going past 30 s."""
    lock, clock, _ = _enrolling(wire.FINGERPRINT)
    for _ in range(wire.FINGERPRINT_TOUCHES):
        clock.now += 25
        lock.tick()
        assert lock.enrolment is not None
        lock.touch_fingerprint(b"thumb")
    assert lock.enrolment is None
    assert lock.table.find(wire.FINGERPRINT, b"thumb") == 1


def test_a_dropped_link_ends_the_enrolment() -> None:
    """The client went away: the lock stops waiting, and a card then opens nothing new."""
    lock, _, air = _enrolling(wire.CARD)
    sent = len(air.sent)
    air.link.close()
    assert lock.enrolment is None
    assert not lock.present_card(b"card")
    assert len(air.sent) == sent
    assert not lock.table.credentials


def test_passage_mode_needs_the_motor() -> None:
    """A motor that cannot move leaves passage mode off and says why."""
    lock = _lock(Clock(CREDENTIALS["time"]))
    air = Wire(lock)
    lock.battery = 5
    assert lock.credential_command(air.link, wire.OP_SET_PASSAGE, b"\x01") == (
        wire.LOW_BATTERY,
        b"",
    )
    assert not lock.passage_mode
    assert lock.lock_state == wire.LOCKED
