"""LockClient over bleak against the virtual lock."""

import asyncio
from datetime import UTC, datetime

from freezegun.api import FrozenDateTimeFactory
import pytest

from custom_components.smart_community.blelock import (
    Action,
    BadKeyError,
    BadTagError,
    DoorState,
    LockClient,
    LockConnectionError,
    LockRefusedError,
    LockState,
    LockStatus,
    LockTimeoutError,
    Method,
    PairingError,
)
from custom_components.smart_community.blelock.codes import ErrorCode
from simulator.blelock import GattOperation, VirtualLock, VirtualRadio

from .conftest import ADDRESS, SETUP_CODE

Op = GattOperation


async def test_pairing_stores_a_key_on_the_lock(
    radio: VirtualRadio, virtual_lock: VirtualLock
) -> None:
    """Pairing leaves the lock holding our key and out of pairing mode."""
    client = LockClient(radio.ble_device(ADDRESS), client_class=radio.client_class())
    virtual_lock.press_pairing_button()

    key = await client.pair(SETUP_CODE)

    assert virtual_lock.keys == {key.key_id: key.long_term_key}
    assert not virtual_lock.pairing_mode
    assert not client.is_connected


async def test_pairing_refused(radio: VirtualRadio, virtual_lock: VirtualLock) -> None:
    """Not in pairing mode, or a wrong code: typed refusals, no key stored."""
    client = LockClient(radio.ble_device(ADDRESS), client_class=radio.client_class())
    with pytest.raises(LockRefusedError) as refusal:
        await client.pair(SETUP_CODE)
    assert refusal.value.code is ErrorCode.NOT_PAIRING

    virtual_lock.press_pairing_button()
    # The lock proves the code first; the client sees the mismatch and says nothing more.
    with pytest.raises(PairingError, match="wrong setup code"):
        await client.pair("00000000")
    assert not virtual_lock.keys
    assert virtual_lock.pairing_attempts == 1
    assert not client.is_connected


async def test_motor_commands(client: LockClient, virtual_lock: VirtualLock) -> None:
    """Lock, unlock and unlatch move the bolt and report the new state."""
    assert (await client.unlock()).lock_state is LockState.UNLOCKED
    assert (await client.unlatch()).lock_state is LockState.UNLATCHED
    status = await client.lock()

    assert status.lock_state is LockState.LOCKED
    assert virtual_lock.lock_state == LockState.LOCKED
    assert status.next_log_index == 3
    assert status == await client.status()


async def test_commands_share_one_connection(client: LockClient, radio: VirtualRadio) -> None:
    """Concurrent commands are serialised over one connection and one handshake."""
    statuses = await asyncio.gather(client.unlock(), client.status(), client.get_settings())

    assert isinstance(statuses[0], LockStatus)
    assert radio.operations[ADDRESS] == [
        Op.CONNECT,
        Op.START_NOTIFY,
        *[Op.WRITE, Op.NOTIFY] * 4,
    ]


async def test_idle_disconnect(radio: VirtualRadio, virtual_lock: VirtualLock) -> None:
    """The client drops the link by itself shortly after the last command."""
    client = LockClient(
        radio.ble_device(ADDRESS), client_class=radio.client_class(), idle_timeout=0.01
    )
    virtual_lock.press_pairing_button()
    await client.pair(SETUP_CODE)
    await client.status()

    async with asyncio.timeout(2):
        await radio.wait_until(lambda: radio.operations[ADDRESS][-1] is Op.DISCONNECT)
    assert not client.is_connected
    assert not virtual_lock.links
    await client.close()


async def test_stay_connected_keeps_the_link_and_passes_events(
    client: LockClient, radio: VirtualRadio, virtual_lock: VirtualLock, events: list[LockStatus]
) -> None:
    """With stay-connected on, the link stays up and state changes arrive as events."""
    settings = await client.set_stay_connected(True)
    assert settings.stay_connected
    assert client._idle is None

    virtual_lock.set_door(is_open=True)
    virtual_lock.operate(0x02, Method.FINGERPRINT, 4)
    async with asyncio.timeout(2):
        await radio.wait_until(lambda: len(events) == 2)
    assert events[0].door_state is DoorState.OPEN
    assert events[1].lock_state is LockState.UNLOCKED
    assert client.is_connected


async def test_settings(client: LockClient) -> None:
    """Auto-lock delay is read and written; out-of-range values never reach the lock."""
    assert (await client.get_settings()).auto_lock_delay == 0
    assert (await client.set_auto_lock_delay(90)).auto_lock_delay == 90
    assert (await client.get_settings()).auto_lock_delay == 90
    with pytest.raises(ValueError, match="out of range"):
        await client.set_auto_lock_delay(3601)


async def test_activity_log_pages(
    client: LockClient, virtual_lock: VirtualLock, freezer: FrozenDateTimeFactory
) -> None:
    """Entries beyond one page are fetched in order, with method, user slot and time."""
    freezer.move_to("2026-11-28 08:00:00+00:00")
    for slot in range(1, 8):
        virtual_lock.operate(0x02, Method.PIN, slot)
    virtual_lock.run_auto_lock()

    entries = await client.activity_since(2)

    assert [e.index for e in entries] == [2, 3, 4, 5, 6, 7]
    assert entries[0].method is Method.PIN
    assert entries[0].user_slot == 3
    assert entries[-1].action is Action.LOCKED
    assert entries[-1].method is Method.AUTO
    assert entries[-1].time == datetime(2026, 11, 28, 8, tzinfo=UTC)
    assert await client.activity_since(8) == ()


@pytest.mark.parametrize(
    ("fault", "code"),
    [("jam_next", ErrorCode.JAMMED), ("busy", ErrorCode.BUSY)],
)
async def test_motor_refusals_keep_the_session(
    client: LockClient, virtual_lock: VirtualLock, fault: str, code: ErrorCode
) -> None:
    """Jammed and busy are answers, not broken links."""
    setattr(virtual_lock, fault, True)
    with pytest.raises(LockRefusedError) as refusal:
        await client.lock()
    assert refusal.value.code is code
    assert client.is_connected


async def test_low_battery_refusal(client: LockClient, virtual_lock: VirtualLock) -> None:
    """A lock too weak to drive the motor says so, and does not move."""
    virtual_lock.set_battery(5)
    with pytest.raises(LockRefusedError) as refusal:
        await client.unlock()
    assert refusal.value.code is ErrorCode.LOW_BATTERY
    assert virtual_lock.lock_state == LockState.LOCKED


async def test_reset_lock_means_bad_key(client: LockClient, virtual_lock: VirtualLock) -> None:
    """After a factory reset the client learns it must pair again."""
    virtual_lock.factory_reset()
    with pytest.raises(BadKeyError):
        await client.status()
    assert not client.is_connected


async def test_unpaired_client(radio: VirtualRadio, virtual_lock: VirtualLock) -> None:
    """A client without a key does not even connect."""
    client = LockClient(radio.ble_device(ADDRESS), client_class=radio.client_class())
    with pytest.raises(BadKeyError):
        await client.status()
    assert not radio.operations[ADDRESS]


async def test_lock_out_of_range(client: LockClient, radio: VirtualRadio) -> None:
    """No lock at the address: a connection error after bleak-retry-connector gives up."""
    radio.remove(ADDRESS)
    with pytest.raises(LockConnectionError):
        await client.status()


async def test_connection_retried(client: LockClient, radio: VirtualRadio) -> None:
    """A refused connection attempt is retried by bleak-retry-connector."""
    radio.refuse_connections = 1
    assert await client.status()
    assert radio.operations[ADDRESS][:2] == [Op.CONNECT, Op.CONNECT]


async def test_link_lost_mid_command(client: LockClient, virtual_lock: VirtualLock) -> None:
    """The lock hanging up on a fresh link fails that command; the next one reconnects."""
    virtual_lock.hang_up_next = True
    with pytest.raises(LockConnectionError):
        await client.status()
    assert not client.is_connected
    assert (await client.status()).lock_state is LockState.LOCKED


async def test_link_idle_past_the_timeout_is_not_reused(
    radio: VirtualRadio, virtual_lock: VirtualLock
) -> None:
    """A kept link whose idle time ran out (a late timer) is replaced, not raced."""
    client = LockClient(
        radio.ble_device(ADDRESS), client_class=radio.client_class(), idle_timeout=0
    )
    virtual_lock.press_pairing_button()
    await client.pair(SETUP_CODE)
    await client.status()
    client._cancel_idle()
    radio.operations.clear()

    await client.status()

    assert radio.operations[ADDRESS][:2] == [Op.DISCONNECT, Op.CONNECT]
    await client.close()


async def test_client_closes_as_a_context_manager(
    radio: VirtualRadio, virtual_lock: VirtualLock
) -> None:
    """`async with` leaves no link behind."""
    virtual_lock.press_pairing_button()
    async with LockClient(radio.ble_device(ADDRESS), client_class=radio.client_class()) as client:
        await client.pair(SETUP_CODE)
        await client.status()
        assert client.is_connected
    assert not client.is_connected
    assert not virtual_lock.links


async def test_lock_does_not_answer(radio: VirtualRadio, virtual_lock: VirtualLock) -> None:
    """A silent lock times out with a typed error and the link is dropped."""
    client = LockClient(
        radio.ble_device(ADDRESS), client_class=radio.client_class(), reply_timeout=0.05
    )
    virtual_lock.press_pairing_button()
    await client.pair(SETUP_CODE)
    virtual_lock.mute = True
    with pytest.raises(LockTimeoutError):
        await client.status()
    assert not client.is_connected


async def test_tampered_reply_refused(client: LockClient, radio: VirtualRadio) -> None:
    """A reply altered on the air fails the command and drops the link."""
    await client.status()
    radio.tamper = lambda frame: [frame[:-1] + bytes([frame[-1] ^ 1])]
    with pytest.raises(BadTagError):
        await client.status()
    assert not client.is_connected


async def test_replayed_reply_drops_the_link(client: LockClient, radio: VirtualRadio) -> None:
    """A notification repeated on the air is a replay: the client hangs up."""
    await client.status()
    radio.tamper = lambda frame: [frame, frame]
    await client.status()

    async with asyncio.timeout(2):
        await radio.wait_until(lambda: radio.operations[ADDRESS][-1] is Op.DISCONNECT)
    assert not client.is_connected


async def test_pairing_again_after_a_reset(
    client: LockClient, radio: VirtualRadio, virtual_lock: VirtualLock
) -> None:
    """A reset lock paired again works with the new key, also from another client object."""
    virtual_lock.factory_reset()
    with pytest.raises(BadKeyError):
        await client.unlock()
    virtual_lock.press_pairing_button()
    key = await client.pair(SETUP_CODE)

    other = LockClient(radio.ble_device("aa:bb:cc:dd:ee:01"), client_class=radio.client_class())
    other.set_key(key)
    other.set_ble_device(radio.ble_device(ADDRESS))
    assert other.address == ADDRESS
    assert (await other.unlock()).lock_state is LockState.UNLOCKED
    await other.disconnect()
