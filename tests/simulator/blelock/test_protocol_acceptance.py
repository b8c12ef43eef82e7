"""Protocol acceptance: the lock refuses what it must, each with its own sealed code."""

import asyncio

import pytest

from custom_components.smart_community.blelock import LockClient, LockState
from simulator.blelock import GattOperation, VirtualLock, VirtualRadio, crypto

from .test_virtual_lock_vectors import SESSION, Wire, session_lock

CLIENT_FRAMES = [e["frame"] for e in SESSION["exchanges"] if e["direction"] == "client_to_lock"]
ADDRESS = "AA:BB:CC:DD:EE:03"
Op = GattOperation
LOCK_KEY = bytes.fromhex(SESSION["lock_key"])


def _opened(answer: str) -> str:
    """Plaintext of a sealed lock answer."""
    frame = bytes.fromhex(answer)
    assert frame[0] == 0x30
    nonce = crypto.ccm_nonce(b"L", int.from_bytes(frame[1:5], "little"))
    plaintext = crypto.decrypt(LOCK_KEY, nonce, frame[5:], frame[:5])
    assert plaintext is not None
    return plaintext.hex()


@pytest.mark.parametrize("vector", SESSION["refused_by_lock"], ids=lambda v: v["name"])
def test_lock_refuses_with_a_sealed_code(vector: dict[str, str | int]) -> None:
    """Tampered, reflected, replayed and rolled-back frames change nothing; the answer is
    sealed, 7f03 for a bad tag and 7f0a for a stale counter."""
    lock = session_lock()
    air = Wire(lock)
    air.ask(SESSION["session_hello"])
    for frame in CLIENT_FRAMES[: int(vector["after"])]:
        assert air.ask(frame).startswith("30")
    before = (lock.lock_state, lock.next_log_index, lock.auto_lock_delay)

    answer = air.ask(str(vector["frame"]))

    assert answer == vector["answer"]
    assert _opened(answer) == vector["answer_plaintext"]
    assert (lock.lock_state, lock.next_log_index, lock.auto_lock_delay) == before


def test_lock_refuses_a_hello_under_another_key() -> None:
    """A hello whose tag is not made with the stored key is refused before any session."""
    lock = session_lock()
    air = Wire(lock)
    assert air.ask(SESSION["wrong_key_hello"]) == SESSION["wrong_key_answer"]
    assert not air.link.in_session


def test_lock_refuses_unknown_key_id() -> None:
    """A hello under a key the lock does not hold is refused at once."""
    lock = session_lock()
    lock.keys.clear()
    assert Wire(lock).ask(SESSION["session_hello"]) == "7f02"


def test_lock_refuses_frames_outside_a_session() -> None:
    """Secure frames need a session; malformed frames are bad requests; the link survives."""
    air = Wire(session_lock())
    assert air.ask(CLIENT_FRAMES[0]) == "7f09"
    assert air.ask("30") == "7f05"
    assert air.ask("99") == "7f05"
    assert air.ask("2007") == "7f05"
    assert air.ask("12" + "00" * 16) == "7f06"
    assert air.ask(SESSION["session_hello"]) == SESSION["session_challenge"]


def test_inside_a_session_even_a_bad_request_is_sealed() -> None:
    """After the handshake the lock never answers in plain."""
    air = Wire(session_lock())
    air.ask(SESSION["session_hello"])
    assert _opened(air.ask("99")) == "7f05"
    assert _opened(air.ask(SESSION["session_hello"])) == "7f05"


async def test_one_round_trip_per_command() -> None:
    """A command to an advertising, disconnected lock: one connection, one handshake round
    trip, then exactly one write and one notification: 6 GATT operations."""
    radio = VirtualRadio()
    lock = radio.add(VirtualLock(ADDRESS, "11223344"))
    client = LockClient(radio.ble_device(ADDRESS), client_class=radio.client_class())
    lock.press_pairing_button()
    await client.pair("11223344")
    await client.disconnect()
    assert radio.advertisement(ADDRESS).manufacturer_data == lock.manufacturer_data()
    radio.operations.clear()

    status = await client.unlock()

    assert status.lock_state is LockState.UNLOCKED
    handshake = [Op.CONNECT, Op.START_NOTIFY, Op.WRITE, Op.NOTIFY]
    assert radio.operations[ADDRESS] == [*handshake, Op.WRITE, Op.NOTIFY]
    assert len(radio.operations[ADDRESS]) == 6
    await client.disconnect()
    assert radio.operations[ADDRESS][-1] is Op.DISCONNECT


async def test_events_only_reach_other_sessions() -> None:
    """A change made by one client is its reply; another connected client gets an event."""
    radio = VirtualRadio()
    lock = radio.add(VirtualLock(ADDRESS, "11223344"))
    events: list[LockState] = []
    first = LockClient(radio.ble_device(ADDRESS), client_class=radio.client_class())
    second = LockClient(
        radio.ble_device(ADDRESS),
        client_class=radio.client_class(),
        on_event=lambda status: events.append(status.lock_state),
    )
    for client in (first, second):
        lock.press_pairing_button()
        await client.pair("11223344")
    await second.status()

    await first.unlock()
    async with asyncio.timeout(2):
        await radio.wait_until(lambda: bool(events))

    assert events == [LockState.UNLOCKED]
    await first.disconnect()
    await second.disconnect()
