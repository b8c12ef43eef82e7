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


def _error(key: str, **placeholders: str) -> HomeAssistantError:
    return HomeAssistantError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def _refusal(code: str, conflict: str) -> str:
    return conflict if code == "conflict" else _REFUSALS.get(code, "command_failed")


@contextmanager
def translated_errors(conflict: str = "conflict") -> Iterator[None]:
    """Raise what went wrong talking to the platform as a translated error.

    conflict is the key for a refusal because the moment has passed (a call already taken).
    """
    try:
        yield
    except CommunityCommandTimeoutError as err:
        raise _error("command_timeout") from err
    except CommunityCommandError as err:
        raise _error(_refusal(err.code, conflict), code=err.code) from err
    except CommunityRequestError as err:
        raise _error(_refusal(err.code, conflict), code=err.code) from err
    except CommunityAuthError as err:
        raise _error("auth_failed") from err
    except CommunityRateLimitedError as err:
        raise _error("rate_limited", seconds=f"{err.retry_after:.0f}") from err
    except CommunityConnectionError as err:
        raise _error("cannot_connect") from err
    except CommunityError as err:
        raise _error("invalid_response") from err
