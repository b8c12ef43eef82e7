"""Typed errors of the lock protocol; the integration maps each to a message for the resident."""

from .codes import ErrorCode


class LockError(Exception):
    """Something went wrong talking to a lock."""


class LockConnectionError(LockError):
    """The lock could not be reached, or the link dropped mid-command."""


class LockTimeoutError(LockConnectionError):
    """The lock did not answer in time."""


class ProtocolError(LockError):
    """The peer sent something the protocol does not allow."""


class AdvertisementError(ProtocolError):
    """Manufacturer data that is not a valid lock advertisement."""


class FrameError(ProtocolError):
    """A frame or a command payload that does not parse."""


class AuthenticationError(ProtocolError):
    """A secure frame failed verification: tampered, replayed or under another key."""


class PairingError(LockError):
    """Pairing did not produce a key."""


class LockRefusedError(LockError):
    """The lock answered with an error code."""

    def __init__(self, code: ErrorCode) -> None:
        super().__init__(f"lock refused: {code.name.lower()}")
        self.code = code


class BadKeyError(LockRefusedError):
    """The lock does not know our key any more (it was reset): pair again."""

    def __init__(self) -> None:
        super().__init__(ErrorCode.BAD_KEY)
