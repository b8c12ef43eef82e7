"""Key derivation, handshake proofs and frame sealing (sections 1, 4 and 5 of the protocol)."""

from dataclasses import dataclass, field
import hmac
import struct
from typing import Final, Self

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESCCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .codes import FrameType
from .errors import BadTagError, LockProofError, PairingError
from .frames import CONFIRMATION_SIZE, HANDSHAKE_TAG_SIZE, TAG_SIZE

LTK_SIZE: Final = 16
SETUP_CODE_DIGITS: Final = 8
ADDRESS_SIZE: Final = 6
ADVERTISEMENT_MAC_SIZE: Final = 4
CLIENT_TO_LOCK: Final = 0x43
LOCK_TO_CLIENT: Final = 0x4C
_PAIR_LABEL: Final = b"SCLK2 pair"
_HELLO_LABEL: Final = b"SCLK2 hello"
_CHALLENGE_LABEL: Final = b"SCLK2 challenge"
_SESSION_LABEL: Final = b"SCLK2 session"
_ADVERTISEMENT_LABEL: Final = b"SCLK2 adv"
# The accept key seals exactly one message, so a fixed nonce is safe.
_ACCEPT_NONCE: Final = bytes(13)
_NONCE_PAD: Final = bytes(8)
_KEY_ID: Final = struct.Struct("<I")


def validate_setup_code(setup_code: str) -> bytes:
    """The code as the protocol uses it; refuses anything but eight ASCII digits."""
    if len(setup_code) != SETUP_CODE_DIGITS or not setup_code.isascii() or not setup_code.isdigit():
        raise PairingError("the setup code is eight digits")
    return setup_code.encode("ascii")


def address_bytes(address: str) -> bytes:
    """A Bluetooth address as the six bytes the protocol binds, most significant first."""
    try:
        raw = bytes.fromhex(address.replace(":", ""))
    except ValueError as err:
        raise ValueError(f"not a Bluetooth address: {address}") from err
    if len(raw) != ADDRESS_SIZE:
        raise ValueError(f"not a Bluetooth address: {address}")
    return raw


def _mac(key: bytes, *parts: bytes, size: int) -> bytes:
    return hmac.digest(key, b"".join(parts), "sha256")[:size]


@dataclass(frozen=True, slots=True, kw_only=True)
class PairingKeys:
    """What both sides derive from the SPAKE2 key and the pairing transcript."""

    transcript: bytes
    client_confirmation_key: bytes = field(repr=False)
    lock_confirmation_key: bytes = field(repr=False)
    accept_key: bytes = field(repr=False)
    long_term_key: bytes = field(repr=False)

    @classmethod
    def derive(
        cls, pake_key: bytes, address: bytes, client_message: bytes, lock_message: bytes
    ) -> Self:
        """HKDF over the SPAKE2 key, with the whole transcript as info."""
        transcript = _PAIR_LABEL + address + client_message + lock_message
        okm = HKDF(hashes.SHA256(), 32 + 32 + 16 + LTK_SIZE, salt=None, info=transcript).derive(
            pake_key
        )
        return cls(
            transcript=transcript,
            client_confirmation_key=okm[:32],
            lock_confirmation_key=okm[32:64],
            accept_key=okm[64:80],
            long_term_key=okm[80:],
        )

    def client_confirmation(self) -> bytes:
        """Proof the client sends once it has checked the lock's."""
        return _mac(
            self.client_confirmation_key, b"client", self.transcript, size=CONFIRMATION_SIZE
        )

    def lock_confirmation(self) -> bytes:
        """Proof the lock sends with its SPAKE2 message."""
        return _mac(self.lock_confirmation_key, b"lock", self.transcript, size=CONFIRMATION_SIZE)

    def open_advertising_key(self, key_id: int, sealed: bytes) -> bytes:
        """The lock's advertising key from pair accept, bound to the key id (its size is the
        frame's, less the tag)."""
        aad = bytes([FrameType.PAIR_ACCEPT]) + _KEY_ID.pack(key_id)
        try:
            return AESCCM(self.accept_key, TAG_SIZE).decrypt(_ACCEPT_NONCE, sealed, aad)
        except InvalidTag as err:
            raise PairingError("the lock's acceptance does not verify") from err


def advertisement_mac(advertising_key: bytes, address: bytes, signed: bytes) -> bytes:
    """Truncated MAC over the lock's address and the advertised fields."""
    return _mac(advertising_key, _ADVERTISEMENT_LABEL, address, signed, size=ADVERTISEMENT_MAC_SIZE)


def public_bytes(private_key: X25519PrivateKey) -> bytes:
    """Raw 32-byte X25519 public key."""
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def hello_tag(long_term_key: bytes, key_id: int, client_ephemeral: bytes) -> bytes:
    """Proof in the session hello that the client holds the key."""
    return _mac(
        long_term_key,
        _HELLO_LABEL,
        _KEY_ID.pack(key_id),
        client_ephemeral,
        size=HANDSHAKE_TAG_SIZE,
    )


def challenge_tag(
    long_term_key: bytes, key_id: int, client_ephemeral: bytes, lock_ephemeral: bytes
) -> bytes:
    """Proof in the session challenge that the lock holds the key, bound to the hello."""
    return _mac(
        long_term_key,
        _CHALLENGE_LABEL,
        _KEY_ID.pack(key_id),
        client_ephemeral,
        lock_ephemeral,
        size=HANDSHAKE_TAG_SIZE,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionCipher:
    """AES-128-CCM under one connection's keys, one key per direction."""

    client_key: bytes = field(repr=False)
    lock_key: bytes = field(repr=False)

    @classmethod
    def agree(
        cls,
        long_term_key: bytes,
        key_id: int,
        private_key: X25519PrivateKey,
        client_ephemeral: bytes,
        lock_ephemeral: bytes,
    ) -> Self:
        """Keys from X25519 of the two ephemeral keys, salted with the long-term key."""
        try:
            shared = private_key.exchange(X25519PublicKey.from_public_bytes(lock_ephemeral))
        except ValueError as err:
            raise LockProofError("the lock's ephemeral key is not usable") from err
        okm = HKDF(
            hashes.SHA256(),
            32,
            salt=long_term_key,
            info=_SESSION_LABEL + _KEY_ID.pack(key_id) + client_ephemeral + lock_ephemeral,
        ).derive(shared)
        return cls(client_key=okm[:16], lock_key=okm[16:])

    def seal(self, counter: int, header: bytes, plaintext: bytes) -> bytes:
        """Ciphertext and tag of a client to lock frame."""
        return AESCCM(self.client_key, TAG_SIZE).encrypt(
            _nonce(CLIENT_TO_LOCK, counter), plaintext, header
        )

    def open(self, counter: int, header: bytes, sealed: bytes) -> bytes:
        """Plaintext of a lock to client frame, or BadTagError."""
        try:
            return AESCCM(self.lock_key, TAG_SIZE).decrypt(
                _nonce(LOCK_TO_CLIENT, counter), sealed, header
            )
        except InvalidTag as err:
            raise BadTagError("frame does not verify") from err


def _nonce(direction: int, counter: int) -> bytes:
    return bytes([direction]) + struct.pack("<I", counter) + _NONCE_PAD
