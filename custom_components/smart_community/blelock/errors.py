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


class AdvertisementMacError(AdvertisementError):
    """An advertisement whose MAC does not verify under the lock's advertising key: forged."""


class StaleAdvertisementError(AdvertisementError):
    """A verified advertisement older than the last one accepted: replayed."""


class FrameError(ProtocolError):
    """A frame or a command payload that does not parse."""


class AuthenticationError(ProtocolError):
    """A frame failed verification: tampered, replayed, reflected or under another key."""


class BadTagError(AuthenticationError):
    """A secure frame whose tag does not verify under this session's key for its direction."""


class StaleCounterError(AuthenticationError):
    """A secure frame whose counter is not above the last accepted one: replayed or rolled back."""


class LockProofError(AuthenticationError):
    """The session challenge does not prove the peer holds our long-term key: not our lock."""


class UnsealedFrameError(ProtocolError):
    """A plain frame after the handshake; inside a session the lock seals everything."""


class PairingError(LockError):
    """Pairing did not produce a key."""


class LockRefusedError(LockError):
    """The lock answered with an error code."""

    def __init__(self, code: ErrorCode) -> None:
        super().__init__(f"lock refused: {code.name.lower()}")
        self.code = code


class BadKeyError(LockRefusedError):
    """The lock refused our key on several fresh sessions in a row (it was reset): pair again."""

    def __init__(self) -> None:
        super().__init__(ErrorCode.BAD_KEY)
