"""Frame codec: one frame is one GATT write or one notification."""

from dataclasses import astuple, dataclass, fields
import struct
from typing import ClassVar

from .codes import ErrorCode, FrameType
from .errors import FrameError

MAX_FRAME = 100
PAKE_MESSAGE_SIZE = 32
CONFIRMATION_SIZE = 16
EPHEMERAL_KEY_SIZE = 32
HANDSHAKE_TAG_SIZE = 16
ADVERTISING_KEY_SIZE = 16
TAG_SIZE = 16
SEALED_ADVERTISING_KEY_SIZE = ADVERTISING_KEY_SIZE + TAG_SIZE
_COUNTER = struct.Struct("<I")
_MIN_SEALED = 1 + TAG_SIZE


@dataclass(frozen=True, slots=True, kw_only=True)
class PairHello:
    """Client's SPAKE2 message."""

    TYPE: ClassVar = FrameType.PAIR_HELLO
    LAYOUT: ClassVar = struct.Struct(f"{PAKE_MESSAGE_SIZE}s")
    pake_message: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class PairKey:
    """Lock's SPAKE2 message and its key confirmation."""

    TYPE: ClassVar = FrameType.PAIR_KEY
    LAYOUT: ClassVar = struct.Struct(f"{PAKE_MESSAGE_SIZE}s{CONFIRMATION_SIZE}s")
    pake_message: bytes
    confirmation: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class PairConfirm:
    """Client's key confirmation."""

    TYPE: ClassVar = FrameType.PAIR_CONFIRM
    LAYOUT: ClassVar = struct.Struct(f"{CONFIRMATION_SIZE}s")
    confirmation: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class PairAccept:
    """The id the lock stored the new key under, and its advertising key, sealed."""

    TYPE: ClassVar = FrameType.PAIR_ACCEPT
    LAYOUT: ClassVar = struct.Struct(f"<I{SEALED_ADVERTISING_KEY_SIZE}s")
    key_id: int
    sealed_advertising_key: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionHello:
    """Client opens a session: its ephemeral key, authenticated under the long-term key."""

    TYPE: ClassVar = FrameType.SESSION_HELLO
    LAYOUT: ClassVar = struct.Struct(f"<I{EPHEMERAL_KEY_SIZE}s{HANDSHAKE_TAG_SIZE}s")
    key_id: int
    ephemeral_key: bytes
    tag: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionChallenge:
    """Lock's ephemeral key for this connection, authenticated under the long-term key."""

    TYPE: ClassVar = FrameType.SESSION_CHALLENGE
    LAYOUT: ClassVar = struct.Struct(f"{EPHEMERAL_KEY_SIZE}s{HANDSHAKE_TAG_SIZE}s")
    ephemeral_key: bytes
    tag: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorFrame:
    """Lock refuses what it got before a session exists (inside one, errors are sealed)."""

    TYPE: ClassVar = FrameType.ERROR
    LAYOUT: ClassVar = struct.Struct("B")
    code: ErrorCode


@dataclass(frozen=True, slots=True, kw_only=True)
class SecureFrame:
    """Encrypted command, reply, event or error; the only frame whose size varies."""

    TYPE: ClassVar = FrameType.SECURE
    counter: int
    sealed: bytes

    @property
    def header(self) -> bytes:
        """Authenticated but not encrypted: type and counter."""
        return secure_header(self.counter)


def secure_header(counter: int) -> bytes:
    """Type and counter of a secure frame, the additional data its tag covers."""
    return bytes([FrameType.SECURE]) + _COUNTER.pack(counter)


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
            return ErrorFrame(code=ErrorCode(body[0]))
        except ValueError as err:
            raise FrameError(f"unknown error code {body[0]:#04x}") from err
    names = [field.name for field in fields(cls)]
    return cls(**dict(zip(names, cls.LAYOUT.unpack(body), strict=True)))
