"""The lock's firmware as a state machine: frames in, notifications out."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import hmac
import os
import struct
import time

from . import crypto, wire

# The motor refuses below this charge (error low battery).
LOW_BATTERY_LIMIT = 10
_MOTOR = {
    wire.OP_LOCK: (wire.LOCKED, 1),
    wire.OP_UNLOCK: (wire.UNLOCKED, 2),
    wire.OP_UNLATCH: (wire.UNLATCHED, 3),
}
_JAMMED_ACTION = 4
APP, AUTO = 5, 6


def _now() -> float:
    # Looked up at each call so frozen test clocks apply.
    return time.time()


@dataclass(frozen=True, slots=True, kw_only=True)
class LogEntry:
    """One activity-log line as the lock stores it."""

    index: int
    time: int
    action: int
    method: int
    slot: int


class VirtualLock:
    """One lock: bolt, door sensor, battery, keys, activity log and settings."""

    def __init__(
        self,
        address: str,
        setup_code: str = "12345678",
        *,
        clock: Callable[[], float] | None = None,
        random: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self.address = address
        self.setup_code = setup_code
        self.clock = clock or _now
        self.random = random
        self.lock_state = wire.LOCKED
        self.door_state = wire.DOOR_CLOSED
        self.battery = 90
        self.change_counter = 0
        self.advertisement_counter = 0
        self.advertising_key = random(16)
        self.pairing_until: float | None = None
        self.pairing_attempts = 0
        self.keys: dict[int, bytes] = {}
        self.next_key_id = 1
        self.log: list[LogEntry] = []
        self.next_log_index = 0
        self.auto_lock_delay = 0
        self.stay_connected = False
        self.jam_next = False
        self.busy = False
        # Fault injection: ignore frames, or drop the link instead of answering the next one.
        self.mute = False
        self.hang_up_next = False
        self.links: list[Link] = []
        self.listeners: list[Callable[[], None]] = []

    @property
    def pairing_mode(self) -> bool:
        """Whether the pairing window is open now."""
        self.tick()
        return self.pairing_until is not None

    def manufacturer_data(self) -> dict[int, bytes]:
        """What the lock advertises: its state, counters and their MAC."""
        signed = wire.advertised_fields(
            self.lock_state,
            self.door_state,
            self.pairing_mode,
            self.battery,
            change=self.change_counter,
            counter=self.advertisement_counter,
        )
        address = crypto.address_bytes(self.address)
        tag = crypto.mac(self.advertising_key, b"SCLK2 adv", address, signed, size=4)
        return {wire.COMPANY_ID: signed + tag}

    def connect(self, notify: Callable[[bytes], None], hang_up: Callable[[], None]) -> Link:
        """A central connected; `notify` sends on the reply characteristic."""
        link = Link(self, notify, hang_up)
        self.links.append(link)
        return link

    def tick(self) -> None:
        """Let time pass: the pairing window closes, idle links are dropped."""
        now = self.clock()
        if self.pairing_until is not None and now >= self.pairing_until:
            self._end_pairing()
        for link in list(self.links):
            link.check_idle(now)

    # Things a person does at the door.

    def press_pairing_button(self) -> None:
        """Hold the button for 5 s: a 60 s pairing window with three attempts."""
        self.pairing_until = self.clock() + wire.PAIRING_WINDOW
        self.pairing_attempts = 0
        self._changed()

    def factory_reset(self) -> None:
        """Forget every key (and the log); the lock restarts, dropping its connections."""
        for link in list(self.links):
            link.drop()
        self.keys.clear()
        self.log.clear()
        self.next_log_index = 0
        self.advertising_key = self.random(16)
        self._changed(bump=True)

    def operate(self, opcode: int, method: int, slot: int = 0) -> None:
        """Lock, unlock or unlatch by fingerprint, PIN, card, key or hand."""
        state, action = _MOTOR[opcode]
        self.lock_state = state
        self._record(action, method, slot)

    def run_auto_lock(self) -> None:
        """The auto-lock delay elapsed."""
        self.operate(wire.OP_LOCK, AUTO)

    def release_latch(self) -> None:
        """The latch spring returns after an unlatch."""
        self.lock_state = wire.UNLOCKED
        self._changed()

    def set_door(self, *, is_open: bool) -> None:
        """The door sensor reports open or closed."""
        self.door_state = wire.DOOR_OPEN if is_open else wire.DOOR_CLOSED
        self._changed()

    def set_battery(self, percent: int) -> None:
        """Batteries drain or are replaced."""
        self.battery = percent
        self._changed()

    # Inside the firmware.

    def motor(self, opcode: int, slot: int) -> int:
        """Run the motor for a command from the app; returns the result code."""
        if self.busy:
            return wire.BUSY
        if self.battery < LOW_BATTERY_LIMIT:
            return wire.LOW_BATTERY
        if self.jam_next:
            self.jam_next = False
            self.lock_state = wire.STATE_JAMMED
            self._record(_JAMMED_ACTION, APP, slot)
            return wire.JAMMED
        self.operate(opcode, APP, slot)
        return wire.OK

    def status(self) -> bytes:
        """Status block for replies and events."""
        return wire.status_bytes(
            self.lock_state, self.door_state, self.battery, self.change_counter, self.next_log_index
        )

    def settings(self) -> bytes:
        """Settings block."""
        return wire.settings_bytes(self.auto_lock_delay, self.stay_connected)

    def log_page(self, first: int) -> bytes:
        """Up to five entries from `first` on."""
        kept = [entry for entry in self.log if entry.index >= first]
        page = kept[: wire.LOG_PAGE]
        rows = [(e.index, e.time, e.action, e.method, e.slot) for e in page]
        return wire.log_bytes(rows, more=len(kept) > len(page))

    def take_pairing_attempt(self) -> bool:
        """Whether a pairing hello may go ahead; each one uses one of the window's attempts."""
        if not self.pairing_mode:
            return False
        if self.pairing_attempts >= wire.PAIRING_ATTEMPTS:
            self._end_pairing()
            return False
        self.pairing_attempts += 1
        return True

    def pairing_failed(self) -> None:
        """A wrong confirmation: after the last attempt the window closes."""
        if self.pairing_attempts >= wire.PAIRING_ATTEMPTS and self.pairing_until is not None:
            self._end_pairing()

    def store_key(self, ltk: bytes) -> int:
        """Keep a new long-term key; returns its id. Pairing is over."""
        key_id = self.next_key_id
        self.next_key_id += 1
        self.keys[key_id] = ltk
        self._end_pairing()
        return key_id

    def session_opened(self, opened: Link, key_id: int) -> None:
        """A newer session under a key ends older links of that key: a held-back frame dies."""
        for link in list(self.links):
            if link is not opened and link.key_id == key_id:
                link.drop()

    def settings_changed(self) -> None:
        """A setting was written over the air."""
        self._changed(bump=True)

    def _end_pairing(self) -> None:
        self.pairing_until = None
        self._changed()

    def _record(self, action: int, method: int, slot: int) -> None:
        self.log.append(
            LogEntry(
                index=self.next_log_index,
                time=int(self.clock()),
                action=action,
                method=method,
                slot=slot,
            )
        )
        self.log = self.log[-wire.LOG_KEEP :]
        self.next_log_index += 1
        self._changed(bump=True)

    def _changed(self, *, bump: bool = False) -> None:
        # Every change of what is advertised moves the advertisement counter, so an older
        # advertisement can never pass for the current one.
        self.advertisement_counter = (self.advertisement_counter + 1) & 0xFFFFFFFF
        if bump:
            self.change_counter = (self.change_counter + 1) & 0xFFFF
        for link in list(self.links):
            link.push_event()
        for listener in list(self.listeners):
            listener()


class Link:
    """One connection to the lock: pairing or one session."""

    def __init__(
        self, lock: VirtualLock, notify: Callable[[bytes], None], hang_up: Callable[[], None]
    ) -> None:
        self.lock = lock
        self.notify = notify
        self.hang_up = hang_up
        self.last_frame = lock.clock()
        self.key_id: int | None = None
        self._pake_message = b""
        self._transcript = b""
        self._client_confirm_key = b""
        self._accept_key = b""
        self._ltk = b""
        self._client_key = b""
        self._lock_key = b""
        self._from_client = 0
        self._to_client = 0
        self._quiet = False
        self._timer: asyncio.TimerHandle | None = None
        self._arm_idle_timer()

    @property
    def in_session(self) -> bool:
        """Whether a session is open on this link."""
        return bool(self._client_key)

    def close(self) -> None:
        """The central went away."""
        if self._pake_message:
            # An attempt abandoned half way (the client found the lock's proof wrong) is spent.
            self._pake_message = b""
            self.lock.pairing_failed()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self in self.lock.links:
            self.lock.links.remove(self)

    def drop(self) -> None:
        """The lock ends the link."""
        self.close()
        self.hang_up()

    def receive(self, frame: bytes) -> None:
        """A write on the command characteristic."""
        if self not in self.lock.links or self.lock.mute:
            return
        if self.lock.hang_up_next:
            self.lock.hang_up_next = False
            self.hang_up()
            return
        self.last_frame = self.lock.clock()
        self._arm_idle_timer()
        handlers = {
            wire.PAIR_HELLO: (32, self._pair_hello),
            wire.PAIR_CONFIRM: (16, self._pair_confirm),
            wire.SESSION_HELLO: (52, self._session_hello),
        }
        if self.in_session:
            if frame[:1] == bytes([wire.SECURE]) and 22 <= len(frame) <= 100:
                self._secure(frame)
            else:
                self._refuse(wire.BAD_REQUEST)
        elif not frame or len(frame) > 100:
            self._refuse(wire.BAD_REQUEST)
        elif frame[0] == wire.SECURE and len(frame) >= 22:
            self._refuse(wire.NO_SESSION)
        elif frame[0] in handlers and len(frame) - 1 == handlers[frame[0]][0]:
            handlers[frame[0]][1](frame[1:])
        else:
            self._refuse(wire.BAD_REQUEST)

    def push_event(self) -> None:
        """State changed: tell a client that has a session, unless it caused the change."""
        if self.in_session and not self._quiet:
            self._send_secure(bytes([wire.OP_EVENT, wire.OK]) + self.lock.status())

    def check_idle(self, now: float) -> float:
        """Drop the link if it has been idle too long; else the seconds it has left."""
        left = wire.IDLE_DISCONNECT - (now - self.last_frame)
        if left <= 0 and not self.lock.stay_connected:
            self.drop()
        return left

    def _arm_idle_timer(self, delay: float = wire.IDLE_DISCONNECT) -> None:
        # Only on a running loop (the radio's); the state machine itself also works without.
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = loop.call_later(delay, self._idle_expired)

    def _idle_expired(self) -> None:
        # The lock's own clock decides: a timer run early (a test running the loop's timers
        # ahead) must not drop a link that has not been idle for 10 s.
        self._timer = None
        if (left := self.check_idle(self.lock.clock())) > 0:
            self._arm_idle_timer(left)

    def _refuse(self, code: int) -> None:
        # Inside a session every answer is sealed, errors included.
        if self.in_session:
            self._send_secure(bytes([wire.OP_ERROR, code]))
        else:
            self.notify(wire.error_frame(code))

    def _pair_hello(self, client_message: bytes) -> None:
        if not self.lock.take_pairing_attempt():
            self.notify(wire.error_frame(wire.NOT_PAIRING))
            return
        lock = self.lock
        agreed = crypto.spake2_lock(lock.setup_code, lock.address, client_message, lock.random)
        if agreed is None:
            self.notify(wire.error_frame(wire.BAD_REQUEST))
            return
        lock_message, pake_key = agreed
        (
            self._transcript,
            self._client_confirm_key,
            lock_confirm_key,
            self._accept_key,
            self._ltk,
        ) = crypto.pairing_keys(pake_key, lock.address, client_message, lock_message)
        self._pake_message = lock_message
        proof = crypto.mac(lock_confirm_key, b"lock", self._transcript)
        self.notify(bytes([wire.PAIR_KEY]) + lock_message + proof)

    def _pair_confirm(self, confirmation: bytes) -> None:
        if not self._pake_message or not self.lock.pairing_mode:
            self.notify(wire.error_frame(wire.NOT_PAIRING))
            return
        expected = crypto.mac(self._client_confirm_key, b"client", self._transcript)
        self._pake_message = b""
        if not hmac.compare_digest(confirmation, expected):
            self.lock.pairing_failed()
            self.notify(wire.error_frame(wire.BAD_CODE))
            return
        key_id = self.lock.store_key(self._ltk)
        id_bytes = struct.pack("<I", key_id)
        sealed = crypto.encrypt(
            self._accept_key,
            bytes(13),
            self.lock.advertising_key,
            bytes([wire.PAIR_ACCEPT]) + id_bytes,
        )
        self.notify(bytes([wire.PAIR_ACCEPT]) + id_bytes + sealed)
        self.hang_up()

    def _session_hello(self, body: bytes) -> None:
        id_bytes, client_point, tag = body[:4], body[4:36], body[36:]
        key_id = struct.unpack("<I", id_bytes)[0]
        ltk = self.lock.keys.get(key_id)
        if ltk is None or not hmac.compare_digest(
            tag, crypto.mac(ltk, b"SCLK2 hello", id_bytes, client_point)
        ):
            self.notify(wire.error_frame(wire.BAD_KEY))
            return
        private, lock_point = crypto.ephemeral(self.lock.random)
        keys = crypto.session_keys(ltk, private, id_bytes, client_point, lock_point)
        if keys is None:
            self.notify(wire.error_frame(wire.BAD_REQUEST))
            return
        self._client_key, self._lock_key = keys
        self._from_client = self._to_client = 0
        self.key_id = key_id
        self.lock.session_opened(self, key_id)
        proof = crypto.mac(ltk, b"SCLK2 challenge", id_bytes, client_point, lock_point)
        self.notify(bytes([wire.SESSION_CHALLENGE]) + lock_point + proof)

    def _secure(self, frame: bytes) -> None:
        counter = int.from_bytes(frame[1:5], "little")
        nonce = crypto.ccm_nonce(b"C", counter)
        plaintext = crypto.decrypt(self._client_key, nonce, frame[5:], frame[:5])
        if plaintext is None:
            self._refuse(wire.BAD_TAG)
            return
        if counter <= self._from_client:
            self._refuse(wire.STALE_COUNTER)
            return
        self._from_client = counter
        self._quiet = True
        try:
            reply = self._command(plaintext)
        finally:
            self._quiet = False
        self._send_secure(reply)

    def _send_secure(self, plaintext: bytes) -> None:
        self._to_client += 1
        header = bytes([wire.SECURE]) + self._to_client.to_bytes(4, "little")
        nonce = crypto.ccm_nonce(b"L", self._to_client)
        self.notify(header + crypto.encrypt(self._lock_key, nonce, plaintext, header))

    def _command(self, plaintext: bytes) -> bytes:
        opcode, args = plaintext[0], plaintext[1:]
        lock = self.lock
        result, data = wire.BAD_REQUEST, b""
        if opcode in _MOTOR and not args:
            result = lock.motor(opcode, slot=0)
            data = lock.status()
        elif opcode == wire.OP_STATUS and not args:
            result, data = wire.OK, lock.status()
        elif opcode == wire.OP_LOG and len(args) == 4:
            result, data = wire.OK, lock.log_page(int.from_bytes(args, "little"))
        elif opcode == wire.OP_GET_SETTINGS and not args:
            result, data = wire.OK, lock.settings()
        elif opcode == wire.OP_SET_AUTO_LOCK and len(args) == 2:
            if (delay := int.from_bytes(args, "little")) <= wire.MAX_DELAY:
                lock.auto_lock_delay = delay
                lock.settings_changed()
                result, data = wire.OK, lock.settings()
        elif opcode == wire.OP_SET_STAY and len(args) == 1 and args[0] <= 1:
            lock.stay_connected = bool(args[0])
            lock.settings_changed()
            result, data = wire.OK, lock.settings()
        if result != wire.OK:
            data = b""
        return bytes([opcode, result]) + data
