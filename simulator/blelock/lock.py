"""The lock's firmware as a state machine: frames in, notifications out."""

from collections.abc import Callable
from dataclasses import dataclass
import hmac
import os
import struct
import time

from cryptography.hazmat.primitives.asymmetric import ec

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


@dataclass(frozen=True, slots=True)
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
        self.pairing_mode = False
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
        self.failed_pairings = 0
        self.links: list[Link] = []
        self.listeners: list[Callable[[], None]] = []
        # A key generator the tests can pin to reproduce the vectors.
        self.make_private_key: Callable[[], ec.EllipticCurvePrivateKey] = lambda: (
            ec.generate_private_key(ec.SECP256R1())
        )

    def manufacturer_data(self) -> dict[int, bytes]:
        """What the lock advertises."""
        return {
            wire.COMPANY_ID: wire.manufacturer_payload(
                self.lock_state,
                self.door_state,
                self.pairing_mode,
                self.battery,
                self.change_counter,
            )
        }

    def connect(self, notify: Callable[[bytes], None], hang_up: Callable[[], None]) -> Link:
        """A central connected; `notify` sends on the reply characteristic."""
        link = Link(self, notify, hang_up)
        self.links.append(link)
        return link

    # Things a person does at the door.

    def press_pairing_button(self) -> None:
        """Hold the button for 5 s: pairing mode."""
        self.pairing_mode = True
        self.failed_pairings = 0
        self._changed()

    def factory_reset(self) -> None:
        """Forget every key (and the log); the lock restarts, dropping its connections."""
        for link in list(self.links):
            link.close()
            link.hang_up()
        self.keys.clear()
        self.log.clear()
        self.next_log_index = 0
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

    def store_key(self, ltk: bytes) -> int:
        """Keep a new long-term key; returns its id."""
        key_id = self.next_key_id
        self.next_key_id += 1
        self.keys[key_id] = ltk
        self.pairing_mode = False
        self._changed()
        return key_id

    def settings_changed(self) -> None:
        """A setting was written over the air."""
        self._changed(bump=True)

    def _record(self, action: int, method: int, slot: int) -> None:
        self.log.append(LogEntry(self.next_log_index, int(self.clock()), action, method, slot))
        self.log = self.log[-wire.LOG_KEEP :]
        self.next_log_index += 1
        self._changed(bump=True)

    def _changed(self, *, bump: bool = False) -> None:
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
        self._private: ec.EllipticCurvePrivateKey | None = None
        self._client_point = b""
        self._confirm_key = b""
        self._ltk = b""
        self._session_key = b""
        self._lock_nonce = b""
        self._from_client = 0
        self._to_client = 0
        self._verified_once = False
        self._quiet = False

    def close(self) -> None:
        """The central went away."""
        if self in self.lock.links:
            self.lock.links.remove(self)

    def receive(self, frame: bytes) -> None:
        """A write on the command characteristic."""
        if self.lock.mute:
            return
        if self.lock.hang_up_next:
            self.lock.hang_up_next = False
            self.hang_up()
            return
        handlers = {
            wire.PAIR_HELLO: (65, self._pair_hello),
            wire.PAIR_CONFIRM: (16, self._pair_confirm),
            wire.SESSION_HELLO: (12, self._session_hello),
        }
        if not frame or len(frame) > 100:
            self.notify(wire.error_frame(wire.BAD_REQUEST))
        elif frame[0] == wire.SECURE and len(frame) >= 22:
            self._secure(frame)
        elif frame[0] in handlers and len(frame) - 1 == handlers[frame[0]][0]:
            handlers[frame[0]][1](frame[1:])
        else:
            self.notify(wire.error_frame(wire.BAD_REQUEST))

    def push_event(self) -> None:
        """State changed: tell a client that has a session, unless it caused the change."""
        if self._session_key and not self._quiet:
            self._send_secure(bytes([wire.OP_EVENT, wire.OK]) + self.lock.status())

    def _pair_hello(self, client_point: bytes) -> None:
        if not self.lock.pairing_mode:
            self.notify(wire.error_frame(wire.NOT_PAIRING))
            return
        private = self.lock.make_private_key()
        lock_point = crypto.encoded_point(private)
        shared = crypto.agree(private, client_point)
        if shared is None:
            self.notify(wire.error_frame(wire.BAD_REQUEST))
            return
        self._client_point = client_point
        self._private = private
        self._confirm_key, self._ltk = crypto.pairing_secrets(
            shared, self.lock.setup_code, client_point, lock_point
        )
        self.notify(bytes([wire.PAIR_KEY]) + lock_point)

    def _pair_confirm(self, confirmation: bytes) -> None:
        if self._private is None or not self.lock.pairing_mode:
            self.notify(wire.error_frame(wire.NOT_PAIRING))
            return
        transcript = self._client_point + crypto.encoded_point(self._private)
        if not hmac.compare_digest(
            confirmation, crypto.proof(self._confirm_key, b"client", transcript)
        ):
            self.lock.failed_pairings += 1
            if self.lock.failed_pairings >= 3:
                self.lock.pairing_mode = False
            self.notify(wire.error_frame(wire.BAD_CODE))
            return
        key_id = self.lock.store_key(self._ltk)
        id_bytes = struct.pack("<I", key_id)
        lock_proof = crypto.proof(self._confirm_key, b"lock", transcript, id_bytes)
        self._private = None
        self.notify(bytes([wire.PAIR_ACCEPT]) + id_bytes + lock_proof)
        self.hang_up()

    def _session_hello(self, body: bytes) -> None:
        key_id = struct.unpack_from("<I", body)[0]
        if (ltk := self.lock.keys.get(key_id)) is None:
            self.notify(wire.error_frame(wire.BAD_KEY))
            return
        self._lock_nonce = self.lock.random(8)
        self._session_key = crypto.session_key(ltk, body[4:], self._lock_nonce)
        self._from_client = self._to_client = 0
        self._verified_once = False
        self.notify(bytes([wire.SESSION_CHALLENGE]) + self._lock_nonce)

    def _secure(self, frame: bytes) -> None:
        if not self._session_key:
            self.notify(wire.error_frame(wire.NO_SESSION))
            return
        counter = int.from_bytes(frame[1:5], "little")
        nonce = crypto.ccm_nonce(b"C", counter, self._lock_nonce)
        plaintext = crypto.decrypt(self._session_key, nonce, frame[5:], frame[:5])
        if plaintext is None or counter <= self._from_client:
            refusal = wire.REFUSED if self._verified_once else wire.BAD_KEY
            self.notify(wire.error_frame(refusal))
            return
        self._from_client = counter
        self._verified_once = True
        self._quiet = True
        try:
            reply = self._command(plaintext)
        finally:
            self._quiet = False
        self._send_secure(reply)

    def _send_secure(self, plaintext: bytes) -> None:
        self._to_client += 1
        header = bytes([wire.SECURE]) + self._to_client.to_bytes(4, "little")
        nonce = crypto.ccm_nonce(b"L", self._to_client, self._lock_nonce)
        self.notify(header + crypto.encrypt(self._session_key, nonce, plaintext, header))

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
