"""Client side of pairing, without I/O: frames in, frames out, a key at the end."""

from collections.abc import Callable
from dataclasses import dataclass, field
import hmac
import os

from .crypto import LTK_SIZE, PairingKeys, address_bytes, validate_setup_code
from .errors import PairingError
from .frames import (
    ADVERTISING_KEY_SIZE,
    PairAccept,
    PairConfirm,
    PairHello,
    PairKey,
    encode_frame,
)
from .pake import ClientPake
from .replies import expect_frame


@dataclass(frozen=True, slots=True, kw_only=True)
class PairedKey:
    """What pairing leaves with the client; no key ever appears in a repr."""

    key_id: int
    long_term_key: bytes = field(repr=False)
    advertising_key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if (
            len(self.long_term_key) != LTK_SIZE
            or len(self.advertising_key) != ADVERTISING_KEY_SIZE
            or not 0 <= self.key_id <= 0xFFFFFFFF
        ):
            raise ValueError("not a lock key")


class Pairing:
    """One pairing attempt: hello, then the lock's message and proof, then its acceptance."""

    def __init__(
        self, setup_code: str, address: str, entropy: Callable[[int], bytes] = os.urandom
    ) -> None:
        self._address = address_bytes(address)
        self._pake = ClientPake(validate_setup_code(setup_code), self._address, entropy)
        self._keys: PairingKeys | None = None

    def hello(self) -> bytes:
        """First frame to write."""
        return encode_frame(PairHello(pake_message=self._pake.message))

    def on_key(self, data: bytes) -> bytes:
        """The lock's message and proof in; our proof out once the lock's verified."""
        frame = expect_frame(data, PairKey)
        pake_key = self._pake.finish(frame.pake_message)
        keys = PairingKeys.derive(pake_key, self._address, self._pake.message, frame.pake_message)
        # Checked before we say anything that depends on the code: a fake lock learns nothing.
        if not hmac.compare_digest(frame.confirmation, keys.lock_confirmation()):
            raise PairingError("wrong setup code, or not the lock")
        self._keys = keys
        return encode_frame(PairConfirm(confirmation=keys.client_confirmation()))

    def on_accept(self, data: bytes) -> PairedKey:
        """The lock's acceptance in, the key out."""
        if self._keys is None:
            raise PairingError("acceptance before key confirmation")
        accept = expect_frame(data, PairAccept)
        return PairedKey(
            key_id=accept.key_id,
            long_term_key=self._keys.long_term_key,
            advertising_key=self._keys.open_advertising_key(
                accept.key_id, accept.sealed_advertising_key
            ),
        )
