"""The virtual lock answers the user and credential vectors frame for frame."""

from typing import Any

import pytest

from simulator.blelock import VirtualLock

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
