"""How the server writes times and errors on the wire."""

from datetime import UTC, datetime
import re

from aiohttp import web

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

    def response(self) -> web.Response:
        """The HTTP answer."""
        error: dict[str, object] = {"code": self.code, "message": self.message}
        headers = {}
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


async def json_body(request: web.Request) -> dict[str, object]:
    """The request's JSON object body; no body reads as {}."""
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise invalid("The body is not JSON.") from None
    if not isinstance(body, dict):
        raise invalid("The body must be a JSON object.")
    return body
