"""LockClient: commands to one lock over bleak, one short connection at a time."""

import asyncio
from collections.abc import Callable
import logging
from types import TracebackType
from typing import Self

from bleak import BleakClient
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.device import BLEDevice
from bleak.exc import BleakError
import bleak_retry_connector

from .codes import COMMAND_CHAR_UUID, REPLY_CHAR_UUID, ErrorCode, Opcode
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

_LOGGER = logging.getLogger(__name__)

IDLE_DISCONNECT = 5.0
REPLY_TIMEOUT = 10.0
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
        client_class: type[BleakClient] | None = None,
    ) -> None:
        self._ble_device = ble_device
        self._key = key
        self._on_event = on_event
        self._idle_timeout = idle_timeout
        self._reply_timeout = reply_timeout
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

    async def _command(self, plaintext: bytes) -> Reply:
        async with self._lock:
            self._cancel_idle()
            try:
                reply = await self._send(plaintext)
            except LockRefusedError as err:
                if err.code in _FATAL_CODES:
                    await self._disconnect()
                raise
            except LockError:
                await self._disconnect()
                raise
            finally:
                self._schedule_idle()
            return reply

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

    def _resolve(self, data: bytes) -> None:
        if self._pending is not None and not self._pending.done():
            self._pending.set_result(data)
        else:
            _LOGGER.debug("%s: unexpected notification dropped", self.address)

    def _fail(self, err: LockError) -> None:
        if self._pending is not None and not self._pending.done():
            self._pending.set_exception(err)
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
