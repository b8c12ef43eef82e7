"""SPAKE2 over the setup code (python-spake2, Ed25519 group): the client's side.

The library is untyped; this module is the only place that touches it, so nothing untyped
leaves the protocol package.
"""

from collections.abc import Callable
import os
from typing import Final

from spake2 import SPAKE2_A, SPAKEError
from spake2.ed25519_basic import NotOnCurve

from .errors import PairingError

CLIENT_IDENTITY: Final = b"SCLK2 client"
LOCK_IDENTITY: Final = b"SCLK2 lock"
# python-spake2 prefixes each message with the sender's side; the frames carry only the element.
_CLIENT_SIDE: Final = b"A"
_LOCK_SIDE: Final = b"B"


def lock_identity(address: bytes) -> bytes:
    """The lock's SPAKE2 identity: a label and its Bluetooth address."""
    return LOCK_IDENTITY + address


class ClientPake:
    """One SPAKE2 run as side A; start once, finish once."""

    def __init__(
        self, setup_code: bytes, address: bytes, entropy: Callable[[int], bytes] = os.urandom
    ) -> None:
        self._spake = SPAKE2_A(
            setup_code, idA=CLIENT_IDENTITY, idB=lock_identity(address), entropy_f=entropy
        )
        message: bytes = self._spake.start()
        self.message = message[len(_CLIENT_SIDE) :]

    def finish(self, lock_message: bytes) -> bytes:
        """The shared key, 32 bytes; a peer message that is no group element is refused."""
        try:
            key: bytes = self._spake.finish(_LOCK_SIDE + lock_message)
        except (SPAKEError, NotOnCurve, ValueError) as err:
            raise PairingError("the lock's pairing message is not valid") from err
        return key
