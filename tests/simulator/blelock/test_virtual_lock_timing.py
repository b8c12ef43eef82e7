"""The virtual lock keeps the spec's clocks and limits: pairing window, attempts, idle links,
and one live link per key. Time is injected, never waited for."""

import asyncio

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from custom_components.smart_community.blelock import LockClient, LockState
from custom_components.smart_community.blelock.pairing import PairedKey, Pairing
from custom_components.smart_community.blelock.session import Session
from simulator.blelock import GattOperation, VirtualLock, VirtualRadio

from .test_virtual_lock_vectors import PAIRING, SESSION, Wire

ADDRESS = "AA:BB:CC:DD:EE:04"
CODE = "11223344"
Op = GattOperation


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _lock(clock: Clock) -> VirtualLock:
    return VirtualLock(ADDRESS, CODE, clock=clock)


def _hello(code: str = CODE) -> str:
    return Pairing(code, ADDRESS).hello().hex()


def test_pairing_window_closes_after_60_seconds() -> None:
    """The button opens pairing for 60 s; after that the lock refuses and stops advertising it."""
    clock = Clock()
    lock = _lock(clock)
    lock.press_pairing_button()
    clock.now += 59.9
    assert lock.pairing_mode
    counter = lock.advertisement_counter

    clock.now += 0.1

    assert not lock.pairing_mode
    assert lock.advertisement_counter == counter + 1
    assert Wire(lock).ask(_hello()) == "7f06"


def test_three_attempts_per_window() -> None:
    """Each pairing hello uses one of three attempts; a fourth is refused even with the code."""
    lock = _lock(Clock())
    lock.press_pairing_button()
    for _ in range(3):
        assert Wire(lock).ask(_hello("99999999")).startswith("11")
    assert Wire(lock).ask(_hello()) == "7f06"
    assert not lock.pairing_mode
    assert not lock.keys


def test_third_abandoned_attempt_ends_pairing() -> None:
    """A client that finds the lock's proof wrong hangs up; the third such attempt ends pairing."""
    lock = _lock(Clock())
    lock.press_pairing_button()
    for attempt in range(3):
        air = Wire(lock)
        air.ask(_hello("99999999"))
        air.link.close()
        assert lock.pairing_mode is (attempt < 2)


def test_third_wrong_confirmation_ends_pairing() -> None:
    """After the third wrong confirmation the lock leaves pairing mode at once."""
    lock = _lock(Clock())
    lock.press_pairing_button()
    for attempt in range(3):
        air = Wire(lock)
        air.ask(_hello())
        assert air.ask("12" + "00" * 16) == "7f07"
        assert lock.pairing_mode is (attempt < 2)


def test_pressing_the_button_again_gives_three_new_attempts() -> None:
    """A resident who mistyped three times holds the button again and pairs."""
    lock = _lock(Clock())
    lock.press_pairing_button()
    for _ in range(3):
        Wire(lock).ask(_hello("99999999"))
    lock.press_pairing_button()
    assert Wire(lock).ask(_hello()).startswith("11")


def test_idle_link_dropped_after_10_seconds() -> None:
    """A link with no frame for 10 s is dropped by the lock."""
    clock = Clock()
    lock = _lock(clock)
    air = Wire(lock)
    clock.now += 9.9
    lock.tick()
    assert not air.hung_up

    clock.now += 0.1
    lock.tick()

    assert air.hung_up
    assert not lock.links


def test_each_frame_restarts_the_idle_time() -> None:
    """Idle means no frame: a frame at 9 s keeps the link until 19 s."""
    clock = Clock()
    lock = _lock(clock)
    air = Wire(lock)
    clock.now += 9
    air.ask("99")
    clock.now += 9
    lock.tick()
    assert not air.hung_up
    clock.now += 1
    lock.tick()
    assert air.hung_up


def test_stay_connected_keeps_idle_links() -> None:
    """In stay-connected mode the lock never drops an idle link."""
    clock = Clock()
    lock = _lock(clock)
    lock.stay_connected = True
    air = Wire(lock)
    clock.now += 3600
    lock.tick()
    assert not air.hung_up


async def test_client_recovers_from_an_idle_drop() -> None:
    """The lock dropping an idle link is not an error: the next command connects again."""
    clock = Clock()
    radio = VirtualRadio()
    lock = radio.add(_lock(clock))
    client = LockClient(radio.ble_device(ADDRESS), client_class=radio.client_class())
    lock.press_pairing_button()
    await client.pair(CODE)
    await client.status()
    radio.operations.clear()

    clock.now += 10
    lock.tick()
    # The hang-up reaches the client through the loop; let what is queued run first.
    queued = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_soon(queued.set_result, None)
    await queued
    assert not client.is_connected

    assert (await client.unlock()).lock_state is LockState.UNLOCKED
    assert radio.operations[ADDRESS].count(Op.CONNECT) == 1
    await client.close()


def _session_lock() -> VirtualLock:
    lock = VirtualLock(ADDRESS)
    lock.keys = {SESSION["key_id"]: bytes.fromhex(SESSION["long_term_key"])}
    return lock


def _key(key_id: int = SESSION["key_id"], ltk: str = SESSION["long_term_key"]) -> PairedKey:
    return PairedKey(
        key_id=key_id,
        long_term_key=bytes.fromhex(ltk),
        advertising_key=bytes.fromhex(PAIRING["advertising_key"]),
    )


def _open(lock: VirtualLock, key: PairedKey) -> tuple[Wire, Session]:
    air = Wire(lock)
    session = Session(key, X25519PrivateKey.generate())
    session.on_challenge(bytes.fromhex(air.ask(session.hello().hex())))
    return air, session


def test_new_session_closes_older_links_of_its_key() -> None:
    """An unlock held back on an old link and delivered after the client reconnected is dead."""
    lock = _session_lock()
    old, old_session = _open(lock, _key())
    held_back = old_session.seal(b"\x02")

    _open(lock, _key())

    assert old.hung_up
    old.link.receive(held_back)
    assert old.sent == [old.sent[0]]
    assert lock.lock_state == LockState.LOCKED


def test_sessions_under_other_keys_stay_open() -> None:
    """Another household member's link is not closed by ours."""
    lock = _session_lock()
    lock.keys[8] = bytes(range(16))
    theirs, _ = _open(lock, _key(8, bytes(range(16)).hex()))

    _open(lock, _key())

    assert not theirs.hung_up


def test_a_refused_hello_closes_nothing() -> None:
    """Only a hello that proves the key can end older links; a forged one cannot."""
    lock = _session_lock()
    old, _ = _open(lock, _key())

    assert Wire(lock).ask(SESSION["wrong_key_hello"]) == "7f02"

    assert not old.hung_up
