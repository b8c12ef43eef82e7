"""How the server writes times and errors on the wire."""

from collections.abc import Awaitable, Callable, Iterator, Mapping
from datetime import UTC, datetime
import json
import logging
import re

from aiohttp import web

_LOGGER = logging.getLogger(__name__)
_VERSION = re.compile(r"([0-9]{1,4})\.([0-9]{1,4})")


def iso(value: datetime) -> str:
    """RFC 3339 in UTC with a Z suffix."""
    text = value.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.removesuffix("+00:00") + "Z"


def parse_iso(value: object) -> datetime | None:
    """A Z-suffixed RFC 3339 time, or None if value is not one."""
    if not isinstance(value, str) or not value.endswith("Z"):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def window(body: Mapping[str, object]) -> tuple[datetime, datetime]:
    """valid_from and valid_until of a body, or 400 unless both are times in that order."""
    valid_from, valid_until = parse_iso(body.get("valid_from")), parse_iso(body.get("valid_until"))
    if valid_from is None or valid_until is None:
        raise invalid("valid_from and valid_until must be RFC 3339 UTC times.")
    if valid_until <= valid_from:
        raise invalid("valid_until must be after valid_from.")
    return valid_from, valid_until


def parse_version(value: str) -> tuple[int, int]:
    """A "major.minor" API version, or 400."""
    match = _VERSION.fullmatch(value)
    if match is None:
        raise invalid("api_version must be major.minor, e.g. 1.4.")
    return int(match[1]), int(match[2])


class ApiError(Exception):
    """An error answer with the protocol's one error shape."""

    def __init__(self, status: int, code: str, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.headers: dict[str, str] = {}

    def response(self) -> web.Response:
        """The HTTP answer."""
        error: dict[str, object] = {"code": self.code, "message": self.message}
        headers = dict(self.headers)
        if self.retry_after is not None:
            error["retry_after"] = self.retry_after
            headers["Retry-After"] = str(self.retry_after)
        return web.json_response({"error": error}, status=self.status, headers=headers)


def not_found(what: str) -> ApiError:
    """404 for an unknown resource."""
    return ApiError(404, "not_found", f"No such {what}.")


def invalid(message: str) -> ApiError:
    """400 for a request that does not fit the schema."""
    return ApiError(400, "invalid_request", message)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def decode(raw: bytes, where: str) -> object:
    """Strict JSON: UTF-8, no NaN or Infinity, no lone surrogates, no depth bombs."""
    try:
        value: object = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except ValueError, RecursionError:
        raise invalid(f"The {where} is not JSON.") from None
    for text in _strings(value):
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                # A lone surrogate decodes from JSON but cannot be stored or sent on.
                raise invalid(f"The {where} holds text that is not Unicode.") from None
    return value


def _strings(value: object) -> Iterator[str]:
    # A stack, not recursion: the decoder already allowed as much depth as Python has.
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


async def json_body(request: web.Request) -> dict[str, object]:
    """The request's JSON object body (control API); no body reads as {}."""
    raw = await request.read()
    if not raw:
        return {}
    body = decode(raw, "body")
    if not isinstance(body, dict):
        raise invalid("The body must be a JSON object.")
    return body


_STATUS_CODES = {404: "not_found", 429: "rate_limited", 503: "unavailable"}


@web.middleware
async def error_shape(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Every error leaves in the protocol's one shape, and nothing leaves as a bare 500."""
    try:
        return await handler(request)
    except ApiError as err:
        return err.response()
    except web.HTTPException as err:
        if err.status < 400:
            raise
        code = _STATUS_CODES.get(err.status, "internal_error" if err.status >= 500 else "")
        error = ApiError(err.status, code or "invalid_request", err.reason + ".")
        if allow := err.headers.get("Allow"):
            error.headers["Allow"] = allow
        return error.response()
    except Exception:
        _LOGGER.exception("Request %s %s failed", request.method, request.path)
        return ApiError(500, "internal_error", "The server failed; try again later.").response()
