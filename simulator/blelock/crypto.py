"""The lock's cryptography: P-256 key agreement, HKDF, HMAC proofs and AES-128-CCM."""

import hashlib
import hmac

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESCCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def hkdf(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    """HKDF-SHA256."""
    return HKDF(hashes.SHA256(), length, salt, info).derive(ikm)


def proof(key: bytes, *parts: bytes) -> bytes:
    """Truncated HMAC-SHA256 used by both pairing confirmations."""
    return hmac.new(key, b"".join(parts), hashlib.sha256).digest()[:16]


def encoded_point(private: ec.EllipticCurvePrivateKey) -> bytes:
    """65-byte uncompressed P-256 public key."""
    return private.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def agree(private: ec.EllipticCurvePrivateKey, peer_point: bytes) -> bytes | None:
    """ECDH secret, or None when the peer's point is not on the curve."""
    try:
        peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), peer_point)
    except ValueError:
        return None
    return private.exchange(ec.ECDH(), peer)


def pairing_secrets(
    shared: bytes, setup_code: str, client_point: bytes, lock_point: bytes
) -> tuple[bytes, bytes]:
    """(confirmation key, long-term key)."""
    okm = hkdf(shared, setup_code.encode(), b"SCLK pair v1" + client_point + lock_point, 48)
    return okm[:32], okm[32:]


def session_key(ltk: bytes, client_nonce: bytes, lock_nonce: bytes) -> bytes:
    """Key of one connection."""
    return hkdf(ltk, client_nonce + lock_nonce, b"SCLK session v1", 16)


def ccm_nonce(direction: bytes, counter: int, lock_nonce: bytes) -> bytes:
    """13-byte CCM nonce: direction, counter, lock nonce."""
    return direction + counter.to_bytes(4, "little") + lock_nonce


def encrypt(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Ciphertext with its 16-byte tag."""
    return AESCCM(key, 16).encrypt(nonce, plaintext, aad)


def decrypt(key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes | None:
    """Plaintext, or None when the tag does not verify."""
    try:
        return AESCCM(key, 16).decrypt(nonce, sealed, aad)
    except InvalidTag:
        return None
