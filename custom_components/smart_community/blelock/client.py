"""LockClient: commands to one lock over bleak, one short connection at a time."""

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import aclosing, asynccontextmanager, suppress
from datetime import datetime
import logging
import secrets
from types import TracebackType
from typing import Self

from bleak import BleakClient
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.device import BLEDevice
from bleak.exc import BleakError
import bleak_retry_connector

from .codes import COMMAND_CHAR_UUID, REPLY_CHAR_UUID, CredentialType, ErrorCode, Opcode
from .commands import (
    Reply,
    log_since,
    parse_activity_page,
    parse_reply,
    parse_settings,
    parse_status,
    request,
    set_auto_lock,
    set_stay_connected,
)
from .errors import (
    BadKeyError,
    DuplicateCredentialError,
    LockConnectionError,
    LockError,
    LockRefusedError,
    LockTimeoutError,
    ProtocolError,
    UnsealedFrameError,
)
from .models import ActivityEntry, LockSettings, LockStatus
from .pairing import PairedKey, Pairing
from .refusals import KeyRefusals
from .session import Session
from .user_commands import (
    MAX_SLOT,
    add_resident,
    add_temporary,
    cancel_enrolment,
    enroll,
    list_credentials,
    list_users,
    parse_credential,
    parse_credential_page,
    parse_passage_mode,
    parse_progress,
    parse_user,
    parse_user_page,
    remove_credential,
    remove_user,
    set_passage_mode,
    set_pin,
)
from .users import Credential, EnrolmentProgress, LockUser, TemporaryCode

_LOGGER = logging.getLogger(__name__)

IDLE_DISCONNECT = 5.0
REPLY_TIMEOUT = 10.0
# The lock waits 30 s for a card or for each touch of a finger, then says it timed out.
ENROLMENT_STEP_TIMEOUT = 40.0
TEMPORARY_CODE_DIGITS = 6
# A drawn code that another credential already is gets drawn again, a few times.
_CODE_DRAWS = 5
# Refusals after which the session can no longer be trusted or used.
_FATAL_CODES = frozenset(
    {ErrorCode.BAD_KEY, ErrorCode.BAD_TAG, ErrorCode.STALE_COUNTER, ErrorCode.NO_SESSION}
)


class LockClient:
    """Talks to one lock: connects on demand, serialises commands, disconnects when idle."""

    def __init__(
        self,
        ble_device: BLEDevice,
        key: PairedKey | None = None,
        *,
        on_event: Callable[[LockStatus], None] | None = None,
        idle_timeout: float = IDLE_DISCONNECT,
        reply_timeout: float = REPLY_TIMEOUT,
        enrolment_timeout: float = ENROLMENT_STEP_TIMEOUT,
        draw_code: Callable[[], str] | None = None,
        client_class: type[BleakClient] | None = None,
    ) -> None:
        self._ble_device = ble_device
        self._key = key
        self._on_event = on_event
        self._idle_timeout = idle_timeout
        self._reply_timeout = reply_timeout
        self._enrolment_timeout = enrolment_timeout
        self._draw_code = draw_code or random_code
        self._enrolment: asyncio.Queue[bytes | LockError] | None = None
        self._client_class = client_class
        self._lock = asyncio.Lock()
        self._client: BleakClient | None = None
        self._session: Session | None = None
        self._pending: asyncio.Future[bytes] | None = None
        self._idle: asyncio.TimerHandle | None = None
        self._idle_task: asyncio.Task[None] | None = None
        self._stay_connected = False
        self._refusals = KeyRefusals()
        self._last_frame = 0.0

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def address(self) -> str:
        """Bluetooth address of the lock."""
        return self._ble_device.address

    @property
    def is_connected(self) -> bool:
        """Whether a connection is open now."""
        return self._client is not None and self._client.is_connected

    def set_ble_device(self, ble_device: BLEDevice) -> None:
        """Use the best path Bluetooth knows now (another adapter or proxy) for the next connect."""
        self._ble_device = ble_device

    def set_key(self, key: PairedKey) -> None:
        """Use a new key (after pairing again) from the next connection on."""
        self._key = key
        self._refusals.accepted()

    async def pair(self, setup_code: str) -> PairedKey:
        """Pair with a lock in pairing mode; the key is kept for later commands and returned."""
        pairing = Pairing(setup_code, self.address)
        async with self._lock:
            await self._disconnect()
            try:
                await self._connect()
                key_frame = await self._exchange(pairing.hello())
                key = pairing.on_accept(await self._exchange(pairing.on_key(key_frame)))
            finally:
                await self._disconnect()
        self.set_key(key)
        return key

    async def lock(self) -> LockStatus:
        """Throw the bolt."""
        return parse_status((await self._command(request(Opcode.LOCK))).data)

    async def unlock(self) -> LockStatus:
        """Retract the bolt."""
        return parse_status((await self._command(request(Opcode.UNLOCK))).data)

    async def unlatch(self) -> LockStatus:
        """Retract the bolt and hold the latch so the door opens."""
        return parse_status((await self._command(request(Opcode.UNLATCH))).data)

    async def status(self) -> LockStatus:
        """Current state as the lock sees it."""
        return parse_status((await self._command(request(Opcode.STATUS))).data)

    async def activity_since(self, index: int) -> tuple[ActivityEntry, ...]:
        """Activity entries from `index` on, oldest first."""
        entries: list[ActivityEntry] = []
        while True:
            page = parse_activity_page((await self._command(log_since(index))).data)
            entries.extend(page.entries)
            if not page.more or not page.entries:
                return tuple(entries)
            index = page.entries[-1].index + 1

    async def get_settings(self) -> LockSettings:
        """Auto-lock delay and stay-connected mode."""
        return self._settings(await self._command(request(Opcode.GET_SETTINGS)))

    async def set_auto_lock_delay(self, seconds: int) -> LockSettings:
        """Seconds after unlocking before the lock locks itself; 0 turns auto-lock off."""
        return self._settings(await self._command(set_auto_lock(seconds)))

    async def set_stay_connected(self, enabled: bool) -> LockSettings:
        """Keep the link open so state changes arrive at once, at some cost in battery."""
        return self._settings(await self._command(set_stay_connected(enabled)))

    async def list_users(self) -> tuple[LockUser, ...]:
        """Every user slot in use, with its credentials (never a PIN's digits: the lock
        does not give them out)."""
        users: list[LockUser] = []
        first = 0
        while first <= MAX_SLOT:
            page = parse_user_page((await self._command(list_users(first))).data, first)
            users.extend(page.users)
            if not page.more or not page.users:
                break
            first = page.users[-1].slot + 1
        held: dict[int, list[Credential]] = {user.slot: [] for user in users}
        for kind in CredentialType:
            for credential in await self._credentials(kind):
                held.setdefault(credential.user_slot, []).append(credential)
        return tuple(
            LockUser(
                slot=user.slot,
                kind=user.kind,
                valid_from=user.valid_from,
                valid_until=user.valid_until,
                uses_left=user.uses_left,
                credentials=tuple(held[user.slot]),
            )
            for user in users
        )

    async def _credentials(self, kind: CredentialType) -> list[Credential]:
        credentials: list[Credential] = []
        first = 0
        while first <= MAX_SLOT:
            reply = await self._command(list_credentials(kind, first))
            page = parse_credential_page(reply.data, kind, first)
            credentials.extend(page.credentials)
            if not page.more or not page.credentials:
                break
            first = page.credentials[-1].index + 1
        return credentials

    async def add_user(self, slot: int = 0) -> LockUser:
        """A resident user slot (slot 0: the lock picks a free one)."""
        return parse_user((await self._command(add_resident(slot))).data)

    async def remove_user(self, slot: int) -> None:
        """Remove a user and every credential it holds."""
        await self._command(remove_user(slot))

    async def set_pin(self, user_slot: int, code: str) -> Credential:
        """Give a user a PIN code (4 to 10 digits) for the keypad."""
        return parse_credential((await self._command(set_pin(user_slot, code))).data)

    async def enroll_card(self, user_slot: int) -> Credential:
        """Ask the lock to take the next card held to it (it waits up to 30 s)."""
        async with aclosing(self._enrol(CredentialType.CARD, user_slot)) as steps:
            async for progress in steps:
                last = progress
        return Credential(type=last.type, index=last.index, user_slot=user_slot)

    def enroll_fingerprint(self, user_slot: int) -> AsyncGenerator[EnrolmentProgress]:
        """Enrol a finger in several touches; yields after each, the last one done.

        Closing the iterator early (`contextlib.aclosing`), or cancelling the task waiting on
        it, cancels the enrolment on the lock; other commands wait until it ends."""
        return self._enrol(CredentialType.FINGERPRINT, user_slot)

    async def remove_credential(self, kind: CredentialType, index: int) -> None:
        """Remove one PIN, card or fingerprint."""
        await self._command(remove_credential(kind, index))

    async def create_temporary_code(
        self,
        valid_from: datetime,
        valid_until: datetime,
        uses: int | None = None,
        code: str | None = None,
    ) -> TemporaryCode:
        """A temporary user with one PIN code, valid in [valid_from, valid_until) and for
        `uses` openings (None: no limit). Without `code`, a random one is drawn."""
        user = parse_user((await self._command(add_temporary(valid_from, valid_until, uses))).data)
        try:
            credential, pin = await self.set_drawn_pin(user.slot, code)
        except LockError:
            # No codeless visitor slot is left behind to fill the lock's table.
            with suppress(LockError):
                await self.remove_user(user.slot)
            raise
        return TemporaryCode(user=user, credential=credential, code=pin)

    async def set_drawn_pin(self, slot: int, code: str | None = None) -> tuple[Credential, str]:
        """Give a user `code`, or without one a random code no other credential is; the
        credential and the code, for the resident's eyes only."""
        if code is not None:
            return await self.set_pin(slot, code), code
        for _ in range(_CODE_DRAWS - 1):
            pin = self._draw_code()
            with suppress(DuplicateCredentialError):
                return await self.set_pin(slot, pin), pin
        pin = self._draw_code()
        return await self.set_pin(slot, pin), pin

    async def set_passage_mode(self, enabled: bool) -> bool:
        """Keep the latch free (the lock stays unlocked) until turned off."""
        return parse_passage_mode((await self._command(set_passage_mode(enabled))).data)

    async def get_passage_mode(self) -> bool:
        """Whether passage mode is on."""
        return parse_passage_mode((await self._command(request(Opcode.GET_PASSAGE_MODE))).data)

    async def disconnect(self) -> None:
        """Close the connection, if any; the client connects again for the next command."""
        async with self._lock:
            self._cancel_idle()
            await self._disconnect()

    async def close(self) -> None:
        """Done with this lock: close the connection and wait for pending teardown."""
        await self.disconnect()
        if (task := self._idle_task) is not None and task is not asyncio.current_task():
            await task

    def _settings(self, reply: Reply) -> LockSettings:
        settings = parse_settings(reply.data)
        self._stay_connected = settings.stay_connected
        self._cancel_idle()
        self._schedule_idle()
        return settings

    @asynccontextmanager
    async def _exclusive(self) -> AsyncIterator[None]:
        """One command (or one enrolment) at a time; a broken session is dropped."""
        async with self._lock:
            self._cancel_idle()
            try:
                yield
            except LockRefusedError as err:
                if err.code in _FATAL_CODES:
                    await self._disconnect()
                raise
            except LockError:
                await self._disconnect()
                raise
            finally:
                self._schedule_idle()

    async def _command(self, plaintext: bytes) -> Reply:
        async with self._exclusive():
            return await self._send(plaintext)

    async def _enrol(
        self, kind: CredentialType, user_slot: int
    ) -> AsyncGenerator[EnrolmentProgress]:
        plaintext = enroll(kind, user_slot)
        async with self._exclusive():
            self._enrolment = queue = asyncio.Queue[bytes | LockError]()
            progress: EnrolmentProgress | None = None
            try:
                progress = parse_progress((await self._send(plaintext)).data)
                yield progress
                while not progress.done:
                    progress = parse_progress(parse_reply(await self._next_step(queue)).data)
                    yield progress
            except GeneratorExit, asyncio.CancelledError:
                # The caller stopped listening, or its task was cancelled (perhaps before the
                # lock's first reply): the lock need not wait for a finger, nor refuse the next
                # enrolment as busy.
                if progress is None or not progress.done:
                    with suppress(LockError):
                        await self._send(cancel_enrolment())
                raise
            finally:
                self._enrolment = None

    async def _next_step(self, queue: asyncio.Queue[bytes | LockError]) -> bytes:
        try:
            async with asyncio.timeout(self._enrolment_timeout):
                step = await queue.get()
        except TimeoutError as err:
            raise LockTimeoutError("the lock did not report the enrolment") from err
        if isinstance(step, LockError):
            raise step
        return step

    async def _send(self, plaintext: bytes) -> Reply:
        session = self._live_session() or await self._open_session()
        return parse_reply(await self._exchange(session.seal(plaintext)))

    def _live_session(self) -> Session | None:
        if self._session is None or not self._session.established or not self.is_connected:
            return None
        # Idle past our own timeout (a late timer, a suspended host): the lock may be dropping
        # the link right now, so a command starts on a fresh one rather than race it.
        idle = asyncio.get_running_loop().time() - self._last_frame
        if not self._stay_connected and idle >= self._idle_timeout:
            return None
        return self._session

    async def _open_session(self) -> Session:
        if (key := self._key) is None:
            raise BadKeyError
        while True:
            await self._connect()
            session = self._session = Session(key)
            try:
                session.on_challenge(await self._exchange(session.hello()))
            except BadKeyError:
                # One refusal proves nothing (anyone can send it); a fresh session asks again.
                await self._disconnect()
                if self._refusals.refused():
                    raise
                _LOGGER.debug("%s: key refused; asking again on a fresh session", self.address)
                continue
            self._refusals.accepted()
            return session

    async def _connect(self) -> None:
        await self._disconnect()
        client_class = self._client_class or bleak_retry_connector.BleakClientWithServiceCache
        try:
            client = await bleak_retry_connector.establish_connection(
                client_class,
                self._ble_device,
                self._ble_device.name or self.address,
                disconnected_callback=self._on_disconnected,
            )
        except (BleakError, TimeoutError) as err:
            raise LockConnectionError(str(err)) from err
        self._client = client
        try:
            await client.start_notify(REPLY_CHAR_UUID, self._on_notify)
        except (BleakError, TimeoutError) as err:
            await self._disconnect()
            raise LockConnectionError(str(err)) from err

    async def _exchange(self, frame: bytes) -> bytes:
        """Write one frame and wait for the notification that answers it."""
        if (client := self._client) is None:
            raise LockConnectionError("not connected")
        pending: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._pending = pending
        try:
            await client.write_gatt_char(COMMAND_CHAR_UUID, frame, response=True)
            async with asyncio.timeout(self._reply_timeout):
                return await pending
        except BleakError as err:
            raise LockConnectionError(str(err)) from err
        except TimeoutError as err:
            raise LockTimeoutError("the lock did not answer") from err
        finally:
            self._pending = None
            self._last_frame = asyncio.get_running_loop().time()

    def _on_notify(self, _char: BleakGATTCharacteristic, data: bytearray) -> None:
        session = self._session
        if session is None or not session.established:
            self._resolve(bytes(data))
            return
        try:
            plaintext = session.open(bytes(data))
            if plaintext[:1] == bytes([Opcode.EVENT]):
                self._event(plaintext)
                return
            if plaintext[:1] == bytes([Opcode.ENROLMENT]):
                self._enrolment_step(plaintext)
                return
        except UnsealedFrameError as err:
            # Inside a session the lock seals everything: whoever sent this is not the lock.
            _LOGGER.debug("%s: dropped: %s", self.address, err)
            return
        except (ProtocolError, LockRefusedError) as err:
            self._fail(err)
            return
        self._resolve(plaintext)

    def _event(self, plaintext: bytes) -> None:
        status = parse_status(parse_reply(plaintext).data)
        if self._on_event is not None:
            self._on_event(status)

    def _enrolment_step(self, plaintext: bytes) -> None:
        if self._enrolment is None:
            _LOGGER.debug("%s: enrolment progress with no enrolment running", self.address)
            return
        self._last_frame = asyncio.get_running_loop().time()
        self._enrolment.put_nowait(plaintext)

    def _resolve(self, data: bytes) -> None:
        if self._pending is not None and not self._pending.done():
            self._pending.set_result(data)
        else:
            _LOGGER.debug("%s: unexpected notification dropped", self.address)

    def _fail(self, err: LockError) -> None:
        if self._pending is not None and not self._pending.done():
            self._pending.set_exception(err)
            return
        if self._enrolment is not None:
            self._enrolment.put_nowait(err)
            return
        _LOGGER.debug("%s: dropping the connection: %s", self.address, err)
        self._idle_task = asyncio.get_running_loop().create_task(self.disconnect())

    def _on_disconnected(self, client: BleakClient) -> None:
        if client is not self._client:
            return
        _LOGGER.debug("%s: disconnected", self.address)
        self._client = None
        self._session = None
        if self._pending is not None and not self._pending.done():
            self._pending.set_exception(LockConnectionError("the lock disconnected"))
        elif self._enrolment is not None:
            self._enrolment.put_nowait(LockConnectionError("the lock disconnected"))

    def _schedule_idle(self) -> None:
        if self._stay_connected or not self.is_connected:
            return
        self._idle = asyncio.get_running_loop().call_later(self._idle_timeout, self._idle_expired)

    def _idle_expired(self) -> None:
        self._idle = None
        self._idle_task = asyncio.get_running_loop().create_task(self.disconnect())

    def _cancel_idle(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None

    async def _disconnect(self) -> None:
        client, self._client, self._session = self._client, None, None
        if client is not None:
            try:
                await client.disconnect()
            except BleakError as err:
                _LOGGER.debug("%s: disconnect failed: %s", self.address, err)


def random_code() -> str:
    """A temporary code from the system's secure random source."""
    return "".join(secrets.choice("0123456789") for _ in range(TEMPORARY_CODE_DIGITS))
