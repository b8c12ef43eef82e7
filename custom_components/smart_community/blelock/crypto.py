"""Key agreement, key derivation and frame sealing (sections 4 and 5 of the protocol)."""

from dataclasses import dataclass, field
import hmac
import struct
from typing import Self

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESCCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .errors import AuthenticationError, PairingError
from .frames import CONFIRMATION_SIZE, TAG_SIZE

LTK_SIZE = 16
SETUP_CODE_DIGITS = 8
CLIENT_TO_LOCK = 0x43
LOCK_TO_CLIENT = 0x4C
_PAIR_INFO = b"SCLK pair v1"
_SESSION_INFO = b"SCLK session v1"


@dataclass(frozen=True, slots=True)
class PairingKeys:
    """What both sides derive from the key agreement and the setup code."""

    transcript: bytes
    confirmation_key: bytes = field(repr=False)
    long_term_key: bytes = field(repr=False)

    def client_confirmation(self) -> bytes:
        """Proof the client sends first."""
        return self._mac(b"client" + self.transcript)

    def lock_confirmation(self, key_id: int) -> bytes:
        """Proof the lock sends back, binding the key id."""
        return self._mac(b"lock" + self.transcript + struct.pack("<I", key_id))

    def _mac(self, message: bytes) -> bytes:
        return hmac.digest(self.confirmation_key, message, "sha256")[:CONFIRMATION_SIZE]


def validate_setup_code(setup_code: str) -> bytes:
    """The code as the protocol uses it; refuses anything but eight ASCII digits."""
    if len(setup_code) != SETUP_CODE_DIGITS or not setup_code.isascii() or not setup_code.isdigit():
        raise PairingError("the setup code is eight digits")
    return setup_code.encode("ascii")


def public_key_bytes(private_key: ec.EllipticCurvePrivateKey) -> bytes:
    """SEC1 uncompressed point."""
    return private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def derive_pairing_keys(
    client_key: ec.EllipticCurvePrivateKey, lock_public: bytes, setup_code: bytes
) -> PairingKeys:
    """ECDH with the lock, then HKDF salted with the setup code."""
    try:
        lock_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), lock_public)
    except ValueError as err:
        raise PairingError("the lock's public key is not a P-256 point") from err
    shared = client_key.exchange(ec.ECDH(), lock_key)
    transcript = public_key_bytes(client_key) + lock_public
    okm = HKDF(
        algorithm=hashes.SHA256(),
        length=32 + LTK_SIZE,
        salt=setup_code,
        info=_PAIR_INFO + transcript,
    ).derive(shared)
    return PairingKeys(transcript=transcript, confirmation_key=okm[:32], long_term_key=okm[32:])


@dataclass(frozen=True, slots=True)
class SessionCipher:
    """AES-CCM under one connection's session key; the nonce binds direction and counter."""

    session_key: bytes = field(repr=False)
    lock_nonce: bytes

    @classmethod
    def derive(cls, long_term_key: bytes, client_nonce: bytes, lock_nonce: bytes) -> Self:
        """Per-connection key from the long-term key and both nonces."""
        session_key = HKDF(
            algorithm=hashes.SHA256(), length=16, salt=client_nonce + lock_nonce, info=_SESSION_INFO
        ).derive(long_term_key)
        return cls(session_key=session_key, lock_nonce=lock_nonce)

    def seal(self, direction: int, counter: int, header: bytes, plaintext: bytes) -> bytes:
        """Ciphertext and tag."""
        return self._aead().encrypt(self._nonce(direction, counter), plaintext, header)

    def open(self, direction: int, counter: int, header: bytes, sealed: bytes) -> bytes:
        """Plaintext of a sealed body, or AuthenticationError."""
        try:
            return self._aead().decrypt(self._nonce(direction, counter), sealed, header)
        except InvalidTag as err:
            raise AuthenticationError("frame does not verify") from err

    def _aead(self) -> AESCCM:
        return AESCCM(self.session_key, tag_length=TAG_SIZE)

    def _nonce(self, direction: int, counter: int) -> bytes:
        return bytes([direction]) + struct.pack("<I", counter) + self.lock_nonce
