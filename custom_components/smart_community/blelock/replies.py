"""Turning a frame from the lock into the frame we expect, or the lock's typed refusal."""

from collections.abc import Callable

from .codes import ErrorCode
from .errors import (
    BadKeyError,
    DuplicateCredentialError,
    EnrolmentTimeoutError,
    FrameError,
    LockRefusedError,
    TableFullError,
)
from .frames import ErrorFrame, Frame, decode_frame

_TYPED: dict[ErrorCode, Callable[[], LockRefusedError]] = {
    ErrorCode.BAD_KEY: BadKeyError,
    ErrorCode.DUPLICATE: DuplicateCredentialError,
    ErrorCode.TABLE_FULL: TableFullError,
    ErrorCode.TIMED_OUT: EnrolmentTimeoutError,
}


def refusal(code: ErrorCode) -> LockRefusedError:
    """The exception for an error code, so callers can tell a reset lock from a busy one."""
    typed = _TYPED.get(code)
    return typed() if typed is not None else LockRefusedError(code)


def expect_frame[F: Frame](data: bytes, expected: type[F]) -> F:
    """Decode a notification that must be `expected` or an error frame."""
    frame = decode_frame(data)
    if isinstance(frame, ErrorFrame):
        raise refusal(frame.code)
    if not isinstance(frame, expected):
        raise FrameError(f"expected {expected.__name__}, got {type(frame).__name__}")
    return frame
