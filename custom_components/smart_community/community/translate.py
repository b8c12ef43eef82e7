"""From HTTP error answers and aiohttp failures to this package's exceptions."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
import re

import aiohttp

from .errors import (
    CommunityAuthError,
    CommunityConnectionError,
    CommunityInvalidResponseError,
    CommunityRateLimitedError,
    CommunityRequestError,
    CommunityServerError,
    CommunityTLSError,
)
from .fields import Fields, decode_json

# When a 429 names no delay, wait this long rather than hammer the platform.
_DEFAULT_RETRY_AFTER = 60.0
# A longer wait is a broken answer, not a plan: wait an hour and ask again.
MAX_RETRY_AFTER = 3600.0
_SECONDS = re.compile(r"[0-9]+")


def _retry_after(headers: Mapping[str, str], error: Fields | None) -> float:
    header = headers.get("Retry-After", "").strip()
    if _SECONDS.fullmatch(header):
        # Compared as text length first: int() refuses more than 4,300 digits.
        return MAX_RETRY_AFTER if len(header) > 6 else min(float(header), MAX_RETRY_AFTER)
    if error is not None and error.has("retry_after"):
        try:
            seconds = error.integer("retry_after", minimum=0)
        except CommunityInvalidResponseError:
            return MAX_RETRY_AFTER
        return min(float(seconds), MAX_RETRY_AFTER)
    return _DEFAULT_RETRY_AFTER


def _error_fields(body: bytes) -> Fields | None:
    try:
        return Fields(decode_json(body, "response"), "response").child("error")
    except CommunityInvalidResponseError:
        return None


def http_error(status: int, headers: Mapping[str, str], body: bytes) -> Exception:
    """The typed exception for a non-2xx answer (401 included)."""
    error = _error_fields(body)
    code = f"http_{status}"
    message = "no error details"
    if error is not None:
        try:
            code, message = error.text("code"), error.text("message")
        except CommunityInvalidResponseError:
            error = None
    if status == 429:
        return CommunityRateLimitedError(_retry_after(headers, error))
    if status >= 500:
        return CommunityServerError(status, code, message)
    if status < 400:
        # Redirects are never followed: credentials must not travel to another address.
        return CommunityInvalidResponseError(f"the platform redirected (HTTP {status})")
    if status == 401 or code == "invalid_grant":
        return CommunityAuthError(f"{code}: {message}")
    return CommunityRequestError(status, code, message)


@contextmanager
def transport_errors() -> Iterator[None]:
    """Turn aiohttp's and asyncio's failures into this package's connection errors."""
    try:
        yield
    except aiohttp.ClientSSLError as err:
        raise CommunityTLSError(f"TLS handshake with the platform failed: {err}") from err
    except (aiohttp.ClientError, OSError, TimeoutError) as err:
        raise CommunityConnectionError(
            f"cannot reach the platform: {type(err).__name__} {err}"
        ) from err
