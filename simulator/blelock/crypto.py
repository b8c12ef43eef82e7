"""The lock's cryptography: SPAKE2, HKDF, HMAC proofs, X25519 and AES-128-CCM."""

from collections.abc import Callable
import hashlib
import hmac

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESCCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from spake2 import SPAKE2_B, SPAKEError
from spake2.ed25519_basic import NotOnCurve


def hkdf(ikm: bytes, salt: bytes | None, info: bytes, length: int) -> bytes:
    """HKDF-SHA256."""
    return HKDF(hashes.SHA256(), length, salt, info).derive(ikm)


def mac(key: bytes, *parts: bytes, size: int = 16) -> bytes:
    """Truncated HMAC-SHA256: pairing confirmations, handshake tags, advertisement MAC."""
    return hmac.new(key, b"".join(parts), hashlib.sha256).digest()[:size]


def address_bytes(address: str) -> bytes:
    """The six address bytes, most significant first."""
    return bytes.fromhex(address.replace(":", ""))


def spake2_lock(
    setup_code: str, address: str, client_message: bytes, entropy: Callable[[int], bytes]
) -> tuple[bytes, bytes] | None:
    """(lock message, SPAKE2 key) as side B, or None when the client's message is no element."""
    spake = SPAKE2_B(
        setup_code.encode(),
        idA=b"SCLK2 client",
        idB=b"SCLK2 lock" + address_bytes(address),
        entropy_f=entropy,
    )
    message: bytes = spake.start()[1:]
    try:
        key: bytes = spake.finish(b"A" + client_message)
    except SPAKEError, NotOnCurve, ValueError:
        return None
    return message, key


def pairing_keys(
    pake_key: bytes, address: str, client_message: bytes, lock_message: bytes
) -> tuple[bytes, bytes, bytes, bytes, bytes]:
    """(transcript, client confirmation key, lock confirmation key, accept key, LTK)."""
    transcript = b"SCLK2 pair" + address_bytes(address) + client_message + lock_message
    okm = hkdf(pake_key, None, transcript, 96)
    return transcript, okm[:32], okm[32:64], okm[64:80], okm[80:]


def ephemeral(random: Callable[[int], bytes]) -> tuple[X25519PrivateKey, bytes]:
    """A fresh X25519 key pair from the lock's random source."""
    private = X25519PrivateKey.from_private_bytes(random(32))
    return private, private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def session_keys(
    ltk: bytes, private: X25519PrivateKey, key_id: bytes, client_point: bytes, lock_point: bytes
) -> tuple[bytes, bytes] | None:
    """(client to lock key, lock to client key), or None for an unusable client key."""
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(client_point))
    except ValueError:
        return None
    okm = hkdf(shared, ltk, b"SCLK2 session" + key_id + client_point + lock_point, 32)
    return okm[:16], okm[16:]


def ccm_nonce(direction: bytes, counter: int) -> bytes:
    """13-byte CCM nonce: direction, counter, eight zero bytes."""
    return direction + counter.to_bytes(4, "little") + bytes(8)


def encrypt(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Ciphertext with its 16-byte tag."""
    return AESCCM(key, 16).encrypt(nonce, plaintext, aad)


def decrypt(key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes | None:
    """Plaintext, or None when the tag does not verify."""
    try:
        return AESCCM(key, 16).decrypt(nonce, sealed, aad)
    except InvalidTag:
        return None
