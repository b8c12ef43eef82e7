"""The virtual lock's own codec and crypto reproduce the shared vectors."""

import json
from pathlib import Path
import struct
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
import pytest

from simulator.blelock import VirtualLock, crypto, wire
from simulator.blelock.lock import Link

VECTORS = Path(__file__).resolve().parents[3] / "docs" / "protocols" / "vectors" / "ble-lock"
ADDRESS = "AA:BB:CC:DD:EE:02"
STATES = {"unknown": 0, "locked": 1, "unlocked": 2, "locking": 3, "unlocking": 4}
STATES |= {"jammed": 5, "unlatched": 6}
DOORS = {"unknown": 0, "closed": 1, "open": 2}


def _load(name: str) -> Any:
    return json.loads((VECTORS / f"{name}.json").read_text(encoding="utf-8"))


ADVERTISEMENTS = _load("advertisements")
PAIRING = _load("pairing")
SESSION = _load("session")


class Wire:
    """One connection to a virtual lock, as raw frames."""

    def __init__(self, lock: VirtualLock) -> None:
        self.sent: list[bytes] = []
        self.hung_up = False
        self.link: Link = lock.connect(self.sent.append, self._hang_up)

    def _hang_up(self) -> None:
        self.hung_up = True

    def ask(self, frame_hex: str) -> str:
        """Write a frame; the lock's one answer."""
        before = len(self.sent)
        self.link.receive(bytes.fromhex(frame_hex))
        assert len(self.sent) == before + 1
        return self.sent[-1].hex()


@pytest.mark.parametrize("vector", ADVERTISEMENTS["valid"], ids=lambda v: v["name"])
def test_advertisement(vector: dict[str, Any]) -> None:
    """A lock in the vector's state advertises the vector's bytes."""
    lock = VirtualLock(ADDRESS)
    lock.lock_state = STATES[vector["lock_state"]]
    lock.door_state = DOORS[vector["door_state"]]
    lock.pairing_mode = vector["pairing_mode"]
    lock.battery = vector["battery"]
    lock.change_counter = vector["change_counter"]

    assert lock.manufacturer_data() == {
        ADVERTISEMENTS["company_id"]: bytes.fromhex(vector["payload"])
    }


def _pairing_lock(code: str = PAIRING["setup_code"]) -> VirtualLock:
    lock = VirtualLock(ADDRESS, code)
    lock.next_key_id = PAIRING["key_id"]
    scalar = int(PAIRING["lock_private_key"], 16)
    lock.make_private_key = lambda: ec.derive_private_key(scalar, ec.SECP256R1())
    lock.press_pairing_button()
    return lock


def test_pairing() -> None:
    """Key, acceptance and stored key match the vector; the lock hangs up after."""
    frames = PAIRING["frames"]
    lock = _pairing_lock()
    air = Wire(lock)

    assert air.ask(frames["pair_hello"]) == frames["pair_key"]
    assert air.ask(frames["pair_confirm"]) == frames["pair_accept"]
    assert lock.keys == {PAIRING["key_id"]: bytes.fromhex(PAIRING["long_term_key"])}
    assert air.hung_up
    assert not lock.pairing_mode


def test_pairing_crypto() -> None:
    """Shared secret and derived keys match, computed from the lock's side."""
    lock_key = ec.derive_private_key(int(PAIRING["lock_private_key"], 16), ec.SECP256R1())
    client_point = bytes.fromhex(PAIRING["frames"]["pair_hello"])[1:]
    shared = crypto.agree(lock_key, client_point)

    assert shared is not None
    assert shared.hex() == PAIRING["shared_secret"]
    confirm_key, ltk = crypto.pairing_secrets(
        shared, PAIRING["setup_code"], client_point, crypto.encoded_point(lock_key)
    )
    assert (confirm_key.hex(), ltk.hex()) == (PAIRING["confirmation_key"], PAIRING["long_term_key"])


def test_wrong_setup_code() -> None:
    """A client with the wrong code is refused and no key is stored; three tries end pairing."""
    wrong = PAIRING["wrong_setup_code"]
    lock = _pairing_lock()
    for attempt in range(3):
        air = Wire(lock)
        assert air.ask(PAIRING["frames"]["pair_hello"]) == PAIRING["frames"]["pair_key"], attempt
        assert air.ask(wrong["pair_confirm"]) == wrong["lock_answer"]
    assert not lock.keys
    assert not lock.pairing_mode
    assert Wire(lock).ask(PAIRING["frames"]["pair_hello"]) == "7f06"


def test_session_crypto() -> None:
    """Session key, and every frame of the exchange, from the lock's side."""
    ltk = bytes.fromhex(SESSION["long_term_key"])
    client_nonce = bytes.fromhex(SESSION["client_nonce"])
    lock_nonce = bytes.fromhex(SESSION["lock_nonce"])
    key = crypto.session_key(ltk, client_nonce, lock_nonce)
    assert key.hex() == SESSION["session_key"]

    for exchange in SESSION["exchanges"]:
        frame = bytes.fromhex(exchange["frame"])
        counter = struct.unpack_from("<I", frame, 1)[0]
        assert counter == exchange["counter"]
        direction = b"C" if exchange["direction"] == "client_to_lock" else b"L"
        nonce = crypto.ccm_nonce(direction, counter, lock_nonce)
        plaintext = bytes.fromhex(exchange["plaintext"])
        assert crypto.decrypt(key, nonce, frame[5:], frame[:5]) == plaintext
        assert crypto.encrypt(key, nonce, plaintext, frame[:5]) == frame[5:]


def session_lock() -> VirtualLock:
    """A lock holding the vector key, in the state the vector's first reply reports."""
    lock = VirtualLock(ADDRESS, random=lambda size: bytes.fromhex(SESSION["lock_nonce"])[:size])
    lock.keys = {SESSION["key_id"]: bytes.fromhex(SESSION["long_term_key"])}
    lock.battery = 87
    lock.change_counter = 12
    lock.next_log_index = 3
    return lock


def test_session_on_the_lock() -> None:
    """The lock answers the vector's hello and first command with the vector's frames."""
    lock = session_lock()
    air = Wire(lock)
    unlock, unlocked = SESSION["exchanges"][:2]

    assert air.ask(SESSION["session_hello"]) == SESSION["session_challenge"]
    assert air.ask(unlock["frame"]) == unlocked["frame"]
    assert lock.lock_state == wire.UNLOCKED
