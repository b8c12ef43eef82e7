"""Turning a frame from the lock into the frame we expect, or the lock's typed refusal."""

from .codes import ErrorCode
from .errors import BadKeyError, FrameError, LockRefusedError
from .frames import ErrorFrame, Frame, decode_frame


def refusal(code: ErrorCode) -> LockRefusedError:
    """The exception for an error code, so callers can tell a reset lock from a busy one."""
    return BadKeyError() if code is ErrorCode.BAD_KEY else LockRefusedError(code)


def expect_frame[F: Frame](data: bytes, expected: type[F]) -> F:
    """Decode a notification that must be `expected` or an error frame."""
    frame = decode_frame(data)
    if isinstance(frame, ErrorFrame):
        raise refusal(frame.code)
    if not isinstance(frame, expected):
        raise FrameError(f"expected {expected.__name__}, got {type(frame).__name__}")
    return frame
