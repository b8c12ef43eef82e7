"""The virtual lock's own codec and crypto reproduce the shared vectors."""

from collections.abc import Callable
import json
from pathlib import Path
import struct
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
import pytest

from simulator.blelock import VirtualLock, crypto, wire
from simulator.blelock.lock import Link

VECTORS = Path(__file__).resolve().parents[3] / "docs" / "protocols" / "vectors" / "ble-lock"
STATES = {"unknown": 0, "locked": 1, "unlocked": 2, "locking": 3, "unlocking": 4}
STATES |= {"jammed": 5, "unlatched": 6}
DOORS = {"unknown": 0, "closed": 1, "open": 2}


def _load(name: str) -> Any:
    return json.loads((VECTORS / f"{name}.json").read_text(encoding="utf-8"))


ADVERTISEMENTS = _load("advertisements")
PAIRING = _load("pairing")
SESSION = _load("session")
ADDRESS = PAIRING["address"]


def feed(*chunks: str) -> Callable[[int], bytes]:
    """A random source that hands out the given bytes in order."""
    data = bytearray(b"".join(bytes.fromhex(chunk) for chunk in chunks))

    def take(size: int) -> bytes:
        chunk = bytes(data[:size])
        del data[:size]
        assert len(chunk) == size
        return chunk

    return take


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
    """A lock in the vector's state advertises the vector's bytes, MAC included."""
    lock = VirtualLock(ADDRESS, random=feed(ADVERTISEMENTS["advertising_key"]))
    lock.lock_state = STATES[vector["lock_state"]]
    lock.door_state = DOORS[vector["door_state"]]
    if vector["pairing_mode"]:
        lock.press_pairing_button()
    lock.battery = vector["battery"]
    lock.change_counter = vector["change_counter"]
    lock.advertisement_counter = vector["advertisement_counter"]

    assert lock.manufacturer_data() == {
        ADVERTISEMENTS["company_id"]: bytes.fromhex(vector["payload"])
    }


def test_every_advertised_change_moves_the_advertisement_counter() -> None:
    """Door, battery and bolt changes each move the counter, so no older state can be replayed."""
    lock = VirtualLock(ADDRESS)
    seen = [lock.advertisement_counter]
    lock.set_door(is_open=True)
    seen.append(lock.advertisement_counter)
    lock.set_battery(50)
    seen.append(lock.advertisement_counter)
    lock.operate(wire.OP_UNLOCK, 7)
    seen.append(lock.advertisement_counter)
    assert seen == [0, 1, 2, 3]


def pairing_lock(code: str = PAIRING["setup_code"]) -> VirtualLock:
    """A lock in pairing mode whose randomness reproduces the pairing vector."""
    lock = VirtualLock(
        ADDRESS, code, random=feed(PAIRING["advertising_key"], PAIRING["lock_entropy"])
    )
    lock.next_key_id = PAIRING["key_id"]
    lock.press_pairing_button()
    return lock


def test_pairing() -> None:
    """Lock message and proof, acceptance and stored key match; the lock hangs up after."""
    frames = PAIRING["frames"]
    lock = pairing_lock()
    air = Wire(lock)

    assert air.ask(frames["pair_hello"]) == frames["pair_key"]
    assert air.ask(frames["pair_confirm"]) == frames["pair_accept"]
    assert lock.keys == {PAIRING["key_id"]: bytes.fromhex(PAIRING["long_term_key"])}
    assert air.hung_up
    assert not lock.pairing_mode


def test_pairing_crypto() -> None:
    """SPAKE2 key and every derived key match, computed from the lock's side."""
    client_message = bytes.fromhex(PAIRING["client_message"])
    agreed = crypto.spake2_lock(
        PAIRING["setup_code"], ADDRESS, client_message, feed(PAIRING["lock_entropy"])
    )
    assert agreed is not None
    lock_message, pake_key = agreed
    assert (lock_message.hex(), pake_key.hex()) == (PAIRING["lock_message"], PAIRING["pake_key"])
    keys = crypto.pairing_keys(pake_key, ADDRESS, client_message, lock_message)
    assert [key.hex() for key in keys] == [
        PAIRING["transcript"],
        PAIRING["client_confirmation_key"],
        PAIRING["lock_confirmation_key"],
        PAIRING["accept_key"],
        PAIRING["long_term_key"],
    ]


def test_wrong_setup_code() -> None:
    """A client with the wrong code gets the vector's answer, which it cannot verify."""
    wrong = PAIRING["wrong_setup_code"]
    air = Wire(pairing_lock())
    assert air.ask(wrong["pair_hello"]) == wrong["pair_key"]


def test_wrong_confirmation_counts_as_a_failed_attempt() -> None:
    """A confirmation that does not verify is refused with bad setup code; no key is stored."""
    lock = pairing_lock()
    air = Wire(lock)
    air.ask(PAIRING["frames"]["pair_hello"])
    assert air.ask("12" + "00" * 16) == "7f07"
    assert not lock.keys
    assert lock.pairing_mode


def test_session_crypto() -> None:
    """Session keys, and every frame of the exchange, from the lock's side."""
    ltk = bytes.fromhex(SESSION["long_term_key"])
    hello = bytes.fromhex(SESSION["session_hello"])
    challenge = bytes.fromhex(SESSION["session_challenge"])
    private = X25519PrivateKey.from_private_bytes(
        bytes.fromhex(SESSION["lock_ephemeral_private_key"])
    )
    keys = crypto.session_keys(ltk, private, hello[1:5], hello[5:37], challenge[1:33])
    assert keys is not None
    assert (keys[0].hex(), keys[1].hex()) == (SESSION["client_key"], SESSION["lock_key"])

    for exchange in SESSION["exchanges"]:
        frame = bytes.fromhex(exchange["frame"])
        counter = struct.unpack_from("<I", frame, 1)[0]
        assert counter == exchange["counter"]
        to_lock = exchange["direction"] == "client_to_lock"
        key = keys[0] if to_lock else keys[1]
        nonce = crypto.ccm_nonce(b"C" if to_lock else b"L", counter)
        plaintext = bytes.fromhex(exchange["plaintext"])
        assert crypto.decrypt(key, nonce, frame[5:], frame[:5]) == plaintext
        assert crypto.encrypt(key, nonce, plaintext, frame[:5]) == frame[5:]


def session_lock() -> VirtualLock:
    """A lock holding the vector key, in the state the vector's first reply reports."""
    lock = VirtualLock(
        ADDRESS,
        random=feed(PAIRING["advertising_key"], SESSION["lock_ephemeral_private_key"]),
    )
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
