"""Users, PIN codes, cards, fingerprints, temporary codes and passage mode, client to lock."""

import asyncio
from collections.abc import Callable
from contextlib import aclosing
from datetime import UTC, datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
import pytest

from custom_components.smart_community.blelock import (
    BadTagError,
    Credential,
    CredentialType,
    DuplicateCredentialError,
    EnrolmentTimeoutError,
    LockClient,
    LockConnectionError,
    LockRefusedError,
    LockState,
    LockTimeoutError,
    LockUser,
    Method,
    TableFullError,
    UserKind,
)
from custom_components.smart_community.blelock.client import ENROLMENT_STEP_TIMEOUT
from custom_components.smart_community.blelock.codes import ErrorCode
from simulator.blelock import GattOperation as Op, VirtualLock, VirtualRadio
from simulator.blelock.lock import Link

from .conftest import ADDRESS, SETUP_CODE

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


async def _paired(
    radio: VirtualRadio,
    lock: VirtualLock,
    *,
    enrolment_timeout: float = ENROLMENT_STEP_TIMEOUT,
    draw_code: Callable[[], str] | None = None,
) -> LockClient:
    radio.add(lock)
    client = LockClient(
        radio.ble_device(ADDRESS),
        client_class=radio.client_class(),
        enrolment_timeout=enrolment_timeout,
        draw_code=draw_code,
    )
    lock.press_pairing_button()
    await client.pair(SETUP_CODE)
    return client


async def _enrolling_a_card(
    client: LockClient, virtual_lock: VirtualLock, radio: VirtualRadio, slot: int
) -> asyncio.Task[Credential]:
    """A card enrolment the lock has started waiting for."""
    enrolment = asyncio.create_task(client.enroll_card(slot))
    async with asyncio.timeout(2):
        await radio.wait_until(lambda: virtual_lock.enrolment is not None)
    return enrolment


async def test_pin_added_listed_and_removed(client: LockClient, virtual_lock: VirtualLock) -> None:
    """A resident with a PIN opens the keypad; the listing shows the PIN, never its digits."""
    user = await client.add_user()
    assert user == LockUser(slot=1, kind=UserKind.RESIDENT)

    credential = await client.set_pin(user.slot, "4815162342")
    assert credential == Credential(type=CredentialType.PIN, index=1, user_slot=1)
    assert virtual_lock.enter_pin("4815162342")
    assert virtual_lock.log[-1].method == Method.PIN
    assert virtual_lock.log[-1].slot == 1

    users = await client.list_users()
    assert users == (LockUser(slot=1, kind=UserKind.RESIDENT, credentials=(credential,)),)
    assert "4815162342" not in repr(users)

    await client.remove_credential(CredentialType.PIN, credential.index)
    assert not virtual_lock.enter_pin("4815162342")
    assert (await client.list_users())[0].credentials == ()


async def test_listing_never_carries_digits(
    client: LockClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither the lock's sealed listing replies nor what the client returns hold the digits."""
    sent: list[bytes] = []
    seal = Link._send_secure

    def spy(link: Link, plaintext: bytes) -> None:
        sent.append(plaintext)
        seal(link, plaintext)

    monkeypatch.setattr(Link, "_send_secure", spy)
    user = await client.add_user()
    await client.set_pin(user.slot, "90817263")
    sent.clear()
    users = await client.list_users()
    assert len(sent) == 4, "one user page and one page per credential type"
    assert not any(b"90817263" in plaintext for plaintext in sent)
    assert "90817263" not in repr(users)
    assert len(users[0].credentials) == 1


async def test_duplicate_pin_refused(client: LockClient, virtual_lock: VirtualLock) -> None:
    """The same PIN for a second user is refused as a duplicate; the first keeps it."""
    first, second = await client.add_user(), await client.add_user()
    await client.set_pin(first.slot, "1234")
    with pytest.raises(DuplicateCredentialError) as refusal:
        await client.set_pin(second.slot, "1234")
    assert refusal.value.code is ErrorCode.DUPLICATE
    assert virtual_lock.enter_pin("1234")
    assert virtual_lock.log[-1].slot == first.slot


async def test_full_tables_refused(radio: VirtualRadio) -> None:
    """No free user slot, or no free PIN index: the lock says its table is full."""
    lock = VirtualLock(ADDRESS, SETUP_CODE, max_users=2, max_credentials=1)
    client = await _paired(radio, lock)
    await client.add_user()
    await client.add_user()
    with pytest.raises(TableFullError) as refusal:
        await client.add_user()
    assert refusal.value.code is ErrorCode.TABLE_FULL
    await client.set_pin(1, "1111")
    with pytest.raises(TableFullError):
        await client.set_pin(2, "2222")
    with pytest.raises(TableFullError):
        await client.create_temporary_code(NOW, NOW + timedelta(hours=1))
    await client.close()


async def test_pin_needs_a_user_and_digits(client: LockClient) -> None:
    """A PIN for an empty slot is refused by the lock; a malformed one never leaves."""
    with pytest.raises(LockRefusedError) as refusal:
        await client.set_pin(9, "1234")
    assert refusal.value.code is ErrorCode.NOT_FOUND
    for code in ("123", "12345678901", "12a4", "١٢٣٤"):
        with pytest.raises(ValueError, match="4 to 10 digits"):
            await client.set_pin(1, code)


async def test_card_enrolled(
    client: LockClient, virtual_lock: VirtualLock, radio: VirtualRadio
) -> None:
    """The lock waits for a card; the card presented then opens the door for that user."""
    user = await client.add_user()
    enrolment = await _enrolling_a_card(client, virtual_lock, radio, user.slot)
    virtual_lock.present_card(b"\x04\xa2\x19\x7c")
    async with asyncio.timeout(2):
        credential = await enrolment
    assert credential == Credential(type=CredentialType.CARD, index=1, user_slot=user.slot)

    assert virtual_lock.present_card(b"\x04\xa2\x19\x7c")
    assert virtual_lock.log[-1].method == Method.CARD
    assert not virtual_lock.present_card(b"\x04\x00\x00\x00")
    await client.remove_credential(CredentialType.CARD, credential.index)
    assert not virtual_lock.present_card(b"\x04\xa2\x19\x7c")


async def test_duplicate_card_refused(
    client: LockClient, virtual_lock: VirtualLock, radio: VirtualRadio
) -> None:
    """A card already enrolled ends a new enrolment with the duplicate error."""
    user = await client.add_user()
    for expect_duplicate in (False, True):
        enrolment = await _enrolling_a_card(client, virtual_lock, radio, user.slot)
        virtual_lock.present_card(b"card")
        if expect_duplicate:
            with pytest.raises(DuplicateCredentialError):
                await enrolment
        else:
            await enrolment
    assert len(virtual_lock.table.credentials) == 1


async def test_card_enrolment_times_out(
    client: LockClient,
    virtual_lock: VirtualLock,
    radio: VirtualRadio,
    freezer: FrozenDateTimeFactory,
) -> None:
    """No card within 30 s: the lock says so, and the client raises the timeout refusal."""
    user = await client.add_user()
    enrolment = await _enrolling_a_card(client, virtual_lock, radio, user.slot)
    freezer.tick(29)
    virtual_lock.tick()
    assert virtual_lock.enrolment is not None
    assert virtual_lock.links, "waiting for a card is not idleness"
    freezer.tick(1)
    virtual_lock.tick()
    with pytest.raises(EnrolmentTimeoutError):
        async with asyncio.timeout(2):
            await enrolment
    assert virtual_lock.enrolment is None
    assert not virtual_lock.table.credentials
    # The session goes on: the next command needs no new handshake.
    assert (await client.status()).lock_state is LockState.LOCKED


async def test_silent_lock_times_the_client_out(radio: VirtualRadio) -> None:
    """A lock that never reports: the client gives up on its own, and drops the link."""
    lock = VirtualLock(ADDRESS, SETUP_CODE)
    client = await _paired(radio, lock, enrolment_timeout=0.05)
    user = await client.add_user()
    with pytest.raises(LockTimeoutError):
        await client.enroll_card(user.slot)
    assert not client.is_connected
    await client.close()


async def test_fingerprint_progress(client: LockClient, virtual_lock: VirtualLock) -> None:
    """Four touches, one progress report each; the last holds the stored index."""
    user = await client.add_user()
    async with aclosing(client.enroll_fingerprint(user.slot)) as steps:
        progress = [await anext(steps)]
        for _ in range(4):
            virtual_lock.touch_fingerprint(b"left thumb")
            progress.append(await anext(steps))
        with pytest.raises(StopAsyncIteration):
            await anext(steps)
    assert [(p.touches, p.touches_needed, p.done) for p in progress] == [
        (0, 4, False),
        (1, 4, False),
        (2, 4, False),
        (3, 4, False),
        (4, 4, True),
    ]
    assert progress[-1].index == 1
    assert virtual_lock.touch_fingerprint(b"left thumb")
    assert virtual_lock.log[-1].method == Method.FINGERPRINT
    await client.remove_credential(CredentialType.FINGERPRINT, 1)
    assert not virtual_lock.touch_fingerprint(b"left thumb")


async def test_fingerprint_touch_times_out(
    client: LockClient, virtual_lock: VirtualLock, freezer: FrozenDateTimeFactory
) -> None:
    """Each touch has its own 30 s; a finger that does not come back ends the enrolment."""
    user = await client.add_user()
    async with aclosing(client.enroll_fingerprint(user.slot)) as steps:
        await anext(steps)
        freezer.tick(20)
        virtual_lock.touch_fingerprint(b"f")
        assert (await anext(steps)).touches == 1
        freezer.tick(20)
        virtual_lock.tick()
        assert virtual_lock.enrolment is not None
        freezer.tick(10)
        virtual_lock.tick()
        with pytest.raises(EnrolmentTimeoutError):
            await anext(steps)
    assert not virtual_lock.table.credentials


async def test_one_enrolment_at_a_time(
    client: LockClient, virtual_lock: VirtualLock, radio: VirtualRadio
) -> None:
    """While the lock waits for another phone's finger, an enrolment is refused busy."""
    user = await client.add_user()
    other = LockClient(radio.ble_device(ADDRESS), client_class=radio.client_class())
    virtual_lock.press_pairing_button()
    await other.pair(SETUP_CODE)
    async with aclosing(other.enroll_fingerprint(user.slot)) as steps:
        await anext(steps)
        with pytest.raises(LockRefusedError) as refusal:
            await client.enroll_card(user.slot)
        assert refusal.value.code is ErrorCode.BUSY
    await other.close()


async def test_stopping_early_cancels_the_enrolment(
    client: LockClient, virtual_lock: VirtualLock, radio: VirtualRadio
) -> None:
    """A caller that stops listening cancels on the lock: the next enrolment may start."""
    user = await client.add_user()
    async with aclosing(client.enroll_fingerprint(user.slot)) as steps:
        await anext(steps)
        virtual_lock.touch_fingerprint(b"f")
        assert virtual_lock.enrolment is not None
    assert virtual_lock.enrolment is None
    assert not virtual_lock.touch_fingerprint(b"f")
    enrolment = await _enrolling_a_card(client, virtual_lock, radio, user.slot)
    virtual_lock.present_card(b"card")
    async with asyncio.timeout(2):
        assert (await enrolment).type is CredentialType.CARD
    assert list(virtual_lock.table.credentials) == [(CredentialType.CARD, 1)]


async def test_a_cancelled_enrolment_is_cancelled_on_the_lock(
    client: LockClient, virtual_lock: VirtualLock, radio: VirtualRadio
) -> None:
    """A task waiting for a card that is cancelled stops the lock waiting too."""
    user = await client.add_user()
    enrolment = await _enrolling_a_card(client, virtual_lock, radio, user.slot)

    enrolment.cancel()
    with pytest.raises(asyncio.CancelledError):
        await enrolment

    assert virtual_lock.enrolment is None
    assert not virtual_lock.present_card(b"card")
    assert (await client.status()).lock_state is LockState.LOCKED


async def test_removing_a_user_removes_its_credentials(
    client: LockClient, virtual_lock: VirtualLock
) -> None:
    """A removed user's PIN no longer opens; removing it twice is refused as not found."""
    user = await client.add_user()
    await client.set_pin(user.slot, "2468")
    await client.remove_user(user.slot)
    assert not virtual_lock.enter_pin("2468")
    assert await client.list_users() == ()
    with pytest.raises(LockRefusedError) as refusal:
        await client.remove_user(user.slot)
    assert refusal.value.code is ErrorCode.NOT_FOUND


async def test_listing_pages(radio: VirtualRadio) -> None:
    """More users and credentials than one page holds come back complete and in order."""
    lock = VirtualLock(ADDRESS, SETUP_CODE, max_users=12, max_credentials=30)
    client = await _paired(radio, lock)
    for _ in range(12):
        await client.add_user()
    for number in range(24):
        await client.set_pin(number % 12 + 1, f"{1000 + number}")
    users = await client.list_users()
    assert [user.slot for user in users] == list(range(1, 13))
    assert [len(user.credentials) for user in users] == [2] * 12
    assert users[0].credentials[1].index == 13
    await client.close()


async def test_temporary_code_window_and_uses(
    client: LockClient, virtual_lock: VirtualLock, freezer: FrozenDateTimeFactory
) -> None:
    """A visitor code opens inside its window, for its uses only, and nowhere outside."""
    freezer.move_to(NOW)
    made = await client.create_temporary_code(
        NOW + timedelta(hours=1), NOW + timedelta(hours=3), uses=2
    )
    assert made.code.isdigit()
    assert len(made.code) == 6
    assert made.code not in repr(made)
    assert made.user.kind is UserKind.TEMPORARY
    assert (made.user.valid_from, made.user.uses_left) == (NOW + timedelta(hours=1), 2)

    assert not virtual_lock.enter_pin(made.code), "before the window"
    freezer.move_to(NOW + timedelta(hours=1))
    assert virtual_lock.enter_pin(made.code)
    assert virtual_lock.log[-1].slot == made.user.slot
    assert (await client.list_users())[0].uses_left == 1
    assert virtual_lock.enter_pin(made.code)
    assert not virtual_lock.enter_pin(made.code), "uses spent"

    again = await client.create_temporary_code(NOW, NOW + timedelta(hours=3), code="777777")
    assert again.user.uses_left is None
    freezer.move_to(NOW + timedelta(hours=3) - timedelta(seconds=1))
    assert virtual_lock.enter_pin("777777")
    freezer.move_to(NOW + timedelta(hours=3))
    assert not virtual_lock.enter_pin("777777"), "after the window"


async def test_temporary_code_duplicate_leaves_no_visitor(
    client: LockClient, virtual_lock: VirtualLock
) -> None:
    """A chosen visitor code another user has is refused, and its empty slot is removed."""
    resident = await client.add_user()
    await client.set_pin(resident.slot, "555555")
    with pytest.raises(DuplicateCredentialError):
        await client.create_temporary_code(NOW, NOW + timedelta(days=1), code="555555")
    assert [user.slot for user in await client.list_users()] == [resident.slot]


@pytest.mark.parametrize(
    ("draws", "made"),
    [(["000000", "000000", "424242"], "424242"), (["000000"] * 5, None)],
    ids=["drawn again", "every draw taken"],
)
async def test_temporary_code_collisions(
    radio: VirtualRadio, draws: list[str], made: str | None
) -> None:
    """A drawn code another user has is drawn again; if every draw is taken, the duplicate
    error reaches the caller and no visitor slot is left behind."""
    codes = iter(draws)
    client = await _paired(radio, VirtualLock(ADDRESS, SETUP_CODE), draw_code=lambda: next(codes))
    resident = await client.add_user()
    await client.set_pin(resident.slot, "000000")
    if made is None:
        with pytest.raises(DuplicateCredentialError):
            await client.create_temporary_code(NOW, NOW + timedelta(days=1))
        assert [user.slot for user in await client.list_users()] == [resident.slot]
    else:
        assert (await client.create_temporary_code(NOW, NOW + timedelta(days=1))).code == made
    assert next(codes, None) is None
    await client.close()


async def test_temporary_window_checked_before_sending(client: LockClient) -> None:
    """A window that ends before it starts, or a use count of zero, never reaches the lock."""
    with pytest.raises(ValueError, match="window"):
        await client.create_temporary_code(NOW, NOW)
    with pytest.raises(ValueError, match="use count"):
        await client.create_temporary_code(NOW, NOW + timedelta(hours=1), uses=0)


async def test_passage_mode(client: LockClient, virtual_lock: VirtualLock) -> None:
    """Passage mode frees the latch, refuses lock and auto-lock, until it is turned off."""
    assert not await client.get_passage_mode()
    assert await client.set_passage_mode(True)
    assert virtual_lock.lock_state == LockState.UNLOCKED
    assert await client.get_passage_mode()
    with pytest.raises(LockRefusedError) as refusal:
        await client.lock()
    assert refusal.value.code is ErrorCode.PASSAGE_MODE
    virtual_lock.run_auto_lock()
    assert virtual_lock.lock_state == LockState.UNLOCKED

    assert not await client.set_passage_mode(False)
    assert (await client.lock()).lock_state is LockState.LOCKED


async def test_lock_hangs_up_during_enrolment(
    client: LockClient, virtual_lock: VirtualLock, radio: VirtualRadio
) -> None:
    """The link drops while the lock waits for a card: a connection error, not a hang."""
    user = await client.add_user()
    enrolment = await _enrolling_a_card(client, virtual_lock, radio, user.slot)
    virtual_lock.links[0].drop()
    with pytest.raises(LockConnectionError):
        async with asyncio.timeout(2):
            await enrolment
    assert virtual_lock.enrolment is None
    assert (await client.status()).lock_state is LockState.LOCKED


async def test_tampered_progress_ends_the_enrolment(
    client: LockClient, virtual_lock: VirtualLock, radio: VirtualRadio
) -> None:
    """A progress frame changed on the air fails its tag: the client drops the session."""
    user = await client.add_user()
    enrolment = await _enrolling_a_card(client, virtual_lock, radio, user.slot)
    radio.tamper = lambda frame: [frame[:-1] + bytes([frame[-1] ^ 1])]
    virtual_lock.present_card(b"card")
    with pytest.raises(BadTagError):
        async with asyncio.timeout(2):
            await enrolment
    radio.tamper = None
    assert not client.is_connected


async def test_stray_progress_is_dropped(
    client: LockClient, virtual_lock: VirtualLock, radio: VirtualRadio
) -> None:
    """Progress with no enrolment running (a confused lock) is dropped; the session goes on."""
    await client.status()
    operations = len(radio.operations[ADDRESS])
    virtual_lock.links[0].report(bytes([0x41, 0x00, 0x01, 0x01, 0x04, 0x00]))
    async with asyncio.timeout(2):
        await radio.wait_until(lambda: len(radio.operations[ADDRESS]) > operations)
    assert (await client.status()).lock_state is LockState.LOCKED
    assert client.is_connected


async def test_stopping_after_the_last_touch_sends_nothing(
    client: LockClient, virtual_lock: VirtualLock, radio: VirtualRadio
) -> None:
    """A caller that stops at the report holding the index has nothing left to cancel."""
    user = await client.add_user()
    async with aclosing(client.enroll_fingerprint(user.slot)) as steps:
        await anext(steps)
        for _ in range(4):
            virtual_lock.touch_fingerprint(b"index finger")
            last = await anext(steps)
        writes = radio.operations[ADDRESS].count(Op.WRITE)
    assert last.done
    assert radio.operations[ADDRESS].count(Op.WRITE) == writes
    assert virtual_lock.touch_fingerprint(b"index finger")
