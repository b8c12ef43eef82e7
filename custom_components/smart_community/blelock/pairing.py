"""Client side of pairing, without I/O: frames in, frames out, a key at the end."""

from dataclasses import dataclass, field
import hmac

from cryptography.hazmat.primitives.asymmetric import ec

from .crypto import (
    LTK_SIZE,
    PairingKeys,
    derive_pairing_keys,
    public_key_bytes,
    validate_setup_code,
)
from .errors import PairingError
from .frames import PairAccept, PairConfirm, PairHello, PairKey, encode_frame
from .replies import expect_frame


@dataclass(frozen=True, slots=True)
class PairedKey:
    """Long-term key and the id the lock stores it under; the key never appears in a repr."""

    key_id: int
    long_term_key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.long_term_key) != LTK_SIZE or not 0 <= self.key_id <= 0xFFFFFFFF:
            raise ValueError("not a lock key")


class Pairing:
    """One pairing attempt: hello, then the lock's key, then the lock's acceptance."""

    def __init__(
        self, setup_code: str, private_key: ec.EllipticCurvePrivateKey | None = None
    ) -> None:
        self._code = validate_setup_code(setup_code)
        self._private_key = private_key or ec.generate_private_key(ec.SECP256R1())
        self._keys: PairingKeys | None = None

    def hello(self) -> bytes:
        """First frame to write."""
        return encode_frame(PairHello(public_key_bytes(self._private_key)))

    def on_key(self, data: bytes) -> bytes:
        """The lock's public key in, our confirmation out."""
        lock_key = expect_frame(data, PairKey)
        self._keys = derive_pairing_keys(self._private_key, lock_key.public_key, self._code)
        return encode_frame(PairConfirm(self._keys.client_confirmation()))

    def on_accept(self, data: bytes) -> PairedKey:
        """The lock's acceptance in, the key out once the lock proved it knows the code."""
        if self._keys is None:
            raise PairingError("acceptance before key exchange")
        accept = expect_frame(data, PairAccept)
        if not hmac.compare_digest(
            accept.confirmation, self._keys.lock_confirmation(accept.key_id)
        ):
            raise PairingError("the lock did not prove it knows the setup code")
        return PairedKey(key_id=accept.key_id, long_term_key=self._keys.long_term_key)
