"""The lock's firmware as a state machine: frames in, notifications out."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import hmac
import os
import struct
import time

from . import crypto, wire
from .credentials import CredentialTable, Enrolment, User

# The motor refuses below this charge (error low battery).
LOW_BATTERY_LIMIT = 10
_MOTOR = {
    wire.OP_LOCK: (wire.LOCKED, 1),
    wire.OP_UNLOCK: (wire.UNLOCKED, 2),
    wire.OP_UNLATCH: (wire.UNLATCHED, 3),
}
_JAMMED_ACTION = 4
APP, AUTO = 5, 6
_ENROL = {wire.OP_ENROLL_CARD: wire.CARD, wire.OP_ENROLL_FINGERPRINT: wire.FINGERPRINT}
_CREDENTIALS = (wire.FINGERPRINT, wire.PIN, wire.CARD)


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
        max_users: int = 10,
        max_credentials: int = 20,
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
        self.table = CredentialTable(max_users, max_credentials)
        self.passage_mode = False
        self.enrolment: Enrolment | None = None
        self._enrolment_timer: asyncio.TimerHandle | None = None
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
        """Let time pass: the pairing window closes, an enrolment nobody answers times out,
        idle links are dropped."""
        now = self.clock()
        if self.pairing_until is not None and now >= self.pairing_until:
            self._end_pairing()
        if (enrolment := self.enrolment) is not None and now >= enrolment.deadline:
            self._end_enrolment(enrolment, bytes([wire.OP_ENROLMENT, wire.TIMED_OUT]))
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
        """The auto-lock delay elapsed; in passage mode the latch stays free."""
        if not self.passage_mode:
            self.operate(wire.OP_LOCK, AUTO)

    def enter_pin(self, code: str) -> bool:
        """Someone types a code on the keypad; whether the door opened."""
        return self._present(wire.PIN, code.encode("ascii"))

    def present_card(self, card: bytes) -> bool:
        """A card is held to the reader: enrolled if the lock waits for one, else checked."""
        if (enrolment := self.enrolment) is not None and enrolment.kind == wire.CARD:
            self._enrol_step(enrolment, card)
            return False
        return self._present(wire.CARD, card)

    def touch_fingerprint(self, finger: bytes) -> bool:
        """A finger on the sensor: one enrolment touch if the lock waits for one, else checked."""
        if (enrolment := self.enrolment) is not None and enrolment.kind == wire.FINGERPRINT:
            self._enrol_step(enrolment, finger)
            return False
        return self._present(wire.FINGERPRINT, finger)

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
        if self.passage_mode and opcode == wire.OP_LOCK:
            return wire.PASSAGE_MODE
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

    def credential_command(  # noqa: PLR0911 - one return per opcode, as firmware dispatches
        self, link: Link, opcode: int, args: bytes
    ) -> tuple[int, bytes]:
        """(result, data) of a user, credential or passage-mode command."""
        table = self.table
        if opcode == wire.OP_LIST_USERS and len(args) == 1:
            return wire.OK, table.user_page(args[0])
        if opcode == wire.OP_LIST_CREDENTIALS and len(args) == 2 and args[0] in _CREDENTIALS:
            return wire.OK, table.credential_page(args[0], args[1])
        if opcode == wire.OP_SET_USER and len(args) == wire.USER.size:
            return self._set_user(args)
        if opcode == wire.OP_REMOVE_USER and len(args) == 1:
            return self._changed_if(table.remove_user(args[0]))
        if opcode == wire.OP_SET_PIN and 5 <= len(args) <= 11 and args[1:].isdigit():
            result, index = table.add(wire.PIN, args[0], args[1:])
            if result != wire.OK:
                return result, b""
            self.settings_changed()
            return result, bytes([wire.PIN, index, args[0]])
        if opcode in _ENROL and len(args) == 1:
            return self._start_enrolment(link, _ENROL[opcode], args[0])
        if opcode == wire.OP_REMOVE_CREDENTIAL and len(args) == 2:
            return self._changed_if(table.credentials.pop((args[0], args[1]), None) is not None)
        if opcode == wire.OP_SET_PASSAGE and len(args) == 1 and args[0] <= 1:
            return self._set_passage(on=bool(args[0]))
        if opcode == wire.OP_GET_PASSAGE and not args:
            return wire.OK, bytes([self.passage_mode])
        if opcode == wire.OP_CANCEL_ENROLMENT and not args:
            running = self.enrolment is not None
            self._stop_enrolment()
            return (wire.OK if running else wire.NOT_FOUND), b""
        return wire.BAD_REQUEST, b""

    def _set_user(self, args: bytes) -> tuple[int, bytes]:
        slot, kind, start, end, uses = wire.USER.unpack(args)
        resident = kind == wire.RESIDENT and (start, end, uses) == (0, 0, wire.UNLIMITED_USES)
        visitor = kind == wire.TEMPORARY and 0 < start < end and uses > 0
        if slot > 250 or not (resident or visitor):
            return wire.BAD_REQUEST, b""
        result, slot = self.table.set_user(
            slot, User(kind=kind, valid_from=start, valid_until=end, uses=uses)
        )
        if result != wire.OK:
            return result, b""
        self.settings_changed()
        return wire.OK, wire.USER.pack(slot, kind, start, end, uses)

    def _changed_if(self, done: bool) -> tuple[int, bytes]:
        if not done:
            return wire.NOT_FOUND, b""
        self.settings_changed()
        return wire.OK, b""

    def _start_enrolment(self, link: Link, kind: int, slot: int) -> tuple[int, bytes]:
        if self.enrolment is not None:
            return wire.BUSY, b""
        if (result := self.table.check_new(kind, slot)) != wire.OK:
            return result, b""
        enrolment = Enrolment(
            kind=kind, slot=slot, deadline=self.clock() + wire.ENROLMENT_WAIT, report=link.report
        )
        self.enrolment = enrolment
        self._arm_enrolment_timer()
        return wire.OK, enrolment.progress()

    def _enrol_step(self, enrolment: Enrolment, sample: bytes) -> None:
        enrolment.touches += 1
        enrolment.sample = enrolment.sample or sample
        if enrolment.touches < enrolment.needed:
            enrolment.deadline = self.clock() + wire.ENROLMENT_WAIT
            self._arm_enrolment_timer()
            enrolment.report(bytes([wire.OP_ENROLMENT, wire.OK]) + enrolment.progress())
            return
        result, index = self.table.add(enrolment.kind, enrolment.slot, enrolment.sample)
        if result != wire.OK:
            self._end_enrolment(enrolment, bytes([wire.OP_ENROLMENT, result]))
            return
        self._end_enrolment(
            enrolment, bytes([wire.OP_ENROLMENT, wire.OK]) + enrolment.progress(index)
        )
        self.settings_changed()

    def _end_enrolment(self, enrolment: Enrolment, report: bytes) -> None:
        self._stop_enrolment()
        enrolment.report(report)

    def cancel_enrolment(self, link: Link) -> None:
        """The link that asked for an enrolment went away: stop waiting, silently."""
        if self.enrolment is not None and self.enrolment.report == link.report:
            self._stop_enrolment()

    def _stop_enrolment(self) -> None:
        self.enrolment = None
        if self._enrolment_timer is not None:
            self._enrolment_timer.cancel()
            self._enrolment_timer = None

    def _arm_enrolment_timer(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._enrolment_timer is not None:
            self._enrolment_timer.cancel()
        self._enrolment_timer = loop.call_later(wire.ENROLMENT_WAIT, self.tick)

    def _set_passage(self, *, on: bool) -> tuple[int, bytes]:
        unlock = on and self.lock_state != wire.UNLOCKED
        if unlock and (result := self.motor(wire.OP_UNLOCK, slot=0)) != wire.OK:
            return result, b""
        self.passage_mode = on
        self.settings_changed()
        return wire.OK, bytes([on])

    def _present(self, kind: int, secret: bytes) -> bool:
        slot = self.table.find(kind, secret)
        user = None if slot is None else self.table.users[slot]
        if slot is None or user is None or not user.admits(self.clock()):
            return False
        user.used()
        self.operate(wire.OP_UNLOCK, kind, slot)
        return True

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
        self.lock.cancel_enrolment(self)
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
        enrolling = self.lock.enrolment is not None and self.lock.enrolment.report == self.report
        if enrolling:
            # Waiting for a card or a finger is not idleness.
            return wire.IDLE_DISCONNECT
        if left <= 0 and not self.lock.stay_connected:
            self.drop()
        return left

    def report(self, plaintext: bytes) -> None:
        """Unsolicited enrolment progress; the idle wait starts again after it."""
        self.last_frame = self.lock.clock()
        self._arm_idle_timer()
        self._send_secure(plaintext)

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
        elif wire.OP_LIST_USERS <= opcode <= wire.OP_CANCEL_ENROLMENT:
            result, data = lock.credential_command(self, opcode, args)
        if result != wire.OK:
            data = b""
        return bytes([opcode, result]) + data
