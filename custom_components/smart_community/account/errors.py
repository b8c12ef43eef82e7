"""Turn Community API errors into translated Home Assistant errors for the resident."""

from collections.abc import Iterator
from contextlib import contextmanager

from homeassistant.exceptions import HomeAssistantError

from ..community import (
    CommunityAuthError,
    CommunityCommandError,
    CommunityCommandTimeoutError,
    CommunityConnectionError,
    CommunityError,
    CommunityRateLimitedError,
    CommunityRequestError,
)
from ..const import DOMAIN

# Refusals whose cause the resident can act on get a sentence of their own.
_REFUSALS = {
    "device_offline": "device_offline",
    "unsupported": "unsupported",
    "not_found": "not_found",
    "conflict": "conflict",
}


def error(key: str, **placeholders: str) -> HomeAssistantError:
    return HomeAssistantError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def translated(err: CommunityError, conflict: str = "conflict") -> HomeAssistantError:
    """What went wrong talking to the platform, as a translated error.

    conflict is the key for a refusal because the moment has passed (a call already taken).
    """
    match err:
        case CommunityCommandTimeoutError():
            return error("command_timeout")
        case CommunityCommandError() | CommunityRequestError():
            refusal = conflict if err.code == "conflict" else _REFUSALS.get(err.code)
            return error(refusal or "command_failed", code=err.code)
        case CommunityAuthError():
            return error("auth_failed")
        case CommunityRateLimitedError():
            return error("rate_limited", seconds=f"{err.retry_after:.0f}")
        case CommunityConnectionError():
            return error("cannot_connect")
        case _:
            return error("invalid_response")


@contextmanager
def translated_errors(conflict: str = "conflict") -> Iterator[None]:
    """Raise what went wrong talking to the platform as a translated error (see translated)."""
    try:
        yield
    except CommunityError as err:
        raise translated(err, conflict) from err
