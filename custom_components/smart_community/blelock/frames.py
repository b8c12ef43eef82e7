"""Frame codec: one frame is one GATT write or one notification."""

from dataclasses import astuple, dataclass
import struct
from typing import ClassVar

from .codes import ErrorCode, FrameType
from .errors import FrameError

MAX_FRAME = 100
PUBLIC_KEY_SIZE = 65
CONFIRMATION_SIZE = 16
NONCE_SIZE = 8
TAG_SIZE = 16
_COUNTER = struct.Struct("<I")
_MIN_SEALED = 1 + TAG_SIZE


@dataclass(frozen=True, slots=True)
class PairHello:
    """Client's ephemeral public key."""

    TYPE: ClassVar = FrameType.PAIR_HELLO
    LAYOUT: ClassVar = struct.Struct(f"{PUBLIC_KEY_SIZE}s")
    public_key: bytes


@dataclass(frozen=True, slots=True)
class PairKey:
    """Lock's ephemeral public key."""

    TYPE: ClassVar = FrameType.PAIR_KEY
    LAYOUT: ClassVar = struct.Struct(f"{PUBLIC_KEY_SIZE}s")
    public_key: bytes


@dataclass(frozen=True, slots=True)
class PairConfirm:
    """Client's proof that it knows the setup code."""

    TYPE: ClassVar = FrameType.PAIR_CONFIRM
    LAYOUT: ClassVar = struct.Struct(f"{CONFIRMATION_SIZE}s")
    confirmation: bytes


@dataclass(frozen=True, slots=True)
class PairAccept:
    """Lock's proof, and the id it stored the new key under."""

    TYPE: ClassVar = FrameType.PAIR_ACCEPT
    LAYOUT: ClassVar = struct.Struct(f"<I{CONFIRMATION_SIZE}s")
    key_id: int
    confirmation: bytes


@dataclass(frozen=True, slots=True)
class SessionHello:
    """Client opens a session under a key."""

    TYPE: ClassVar = FrameType.SESSION_HELLO
    LAYOUT: ClassVar = struct.Struct(f"<I{NONCE_SIZE}s")
    key_id: int
    client_nonce: bytes


@dataclass(frozen=True, slots=True)
class SessionChallenge:
    """Lock's nonce for this connection."""

    TYPE: ClassVar = FrameType.SESSION_CHALLENGE
    LAYOUT: ClassVar = struct.Struct(f"{NONCE_SIZE}s")
    lock_nonce: bytes


@dataclass(frozen=True, slots=True)
class ErrorFrame:
    """Lock refuses what it got."""

    TYPE: ClassVar = FrameType.ERROR
    LAYOUT: ClassVar = struct.Struct("B")
    code: ErrorCode


@dataclass(frozen=True, slots=True)
class SecureFrame:
    """Encrypted command, reply or event; the only frame whose size varies."""

    TYPE: ClassVar = FrameType.SECURE
    counter: int
    sealed: bytes

    @property
    def header(self) -> bytes:
        """Authenticated but not encrypted: type and counter."""
        return bytes([self.TYPE]) + _COUNTER.pack(self.counter)


type FixedFrame = (
    PairHello | PairKey | PairConfirm | PairAccept | SessionHello | SessionChallenge | ErrorFrame
)
type Frame = FixedFrame | SecureFrame

_FIXED: dict[int, type[FixedFrame]] = {
    cls.TYPE: cls
    for cls in (
        PairHello,
        PairKey,
        PairConfirm,
        PairAccept,
        SessionHello,
        SessionChallenge,
        ErrorFrame,
    )
}


def encode_frame(frame: Frame) -> bytes:
    """Bytes to write or notify."""
    if isinstance(frame, SecureFrame):
        return frame.header + frame.sealed
    return bytes([frame.TYPE]) + frame.LAYOUT.pack(*astuple(frame))


def decode_frame(data: bytes) -> Frame:
    """Parse one frame; refuses unknown types, unknown error codes and wrong sizes."""
    if not data or len(data) > MAX_FRAME:
        raise FrameError(f"frame of {len(data)} bytes")
    body = bytes(data[1:])
    if data[0] == FrameType.SECURE:
        if len(body) < _COUNTER.size + _MIN_SEALED:
            raise FrameError("secure frame too short")
        return SecureFrame(counter=_COUNTER.unpack_from(body)[0], sealed=body[_COUNTER.size :])
    if (cls := _FIXED.get(data[0])) is None:
        raise FrameError(f"unknown frame type {data[0]:#04x}")
    if len(body) != cls.LAYOUT.size:
        raise FrameError(f"{cls.__name__} body of {len(body)} bytes")
    if cls is ErrorFrame:
        try:
            return ErrorFrame(ErrorCode(body[0]))
        except ValueError as err:
            raise FrameError(f"unknown error code {body[0]:#04x}") from err
    return cls(*cls.LAYOUT.unpack(body))
