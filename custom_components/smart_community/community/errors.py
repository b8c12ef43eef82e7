"""Exceptions of the Community API client; Home Assistant code maps them to its own errors."""


class CommunityError(Exception):
    """Root of every error this package raises."""


class CommunityAuthError(CommunityError):
    """Credentials or the refresh token were refused: the resident must log in again."""


class CommunityConnectionError(CommunityError):
    """The platform could not be reached, timed out or failed on its side."""


class CommunityTLSError(CommunityConnectionError):
    """The TLS handshake failed, e.g. an untrusted or expired certificate."""


class CommunityServerError(CommunityConnectionError):
    """The platform answered with a 5xx status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"HTTP {status} {code}: {message}")
        self.status = status
        self.code = code


class CommunityRateLimitedError(CommunityError):
    """Too many requests; nothing is sent before retry_after seconds have passed."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited, retry after {retry_after:g} s")
        self.retry_after = retry_after


class CommunityInvalidResponseError(CommunityError):
    """The platform sent something that does not fit the protocol."""


class CommunityRequestError(CommunityError):
    """The platform refused a request (not found, unsupported, device offline, conflict)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"HTTP {status} {code}: {message}")
        self.status = status
        self.code = code


class CommunityCommandError(CommunityError):
    """A command was accepted but its command.result says it failed."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


class CommunityCommandTimeoutError(CommunityCommandError):
    """No command.result arrived in time; the outcome is unknown."""

    def __init__(self, request_id: str) -> None:
        super().__init__("timeout", f"no result for request {request_id}")
        self.request_id = request_id


class CommunityAddressError(CommunityError, ValueError):
    """The platform address is not scheme + host (+ port), or would send secrets in clear text.

    reason is "invalid" (not such an address at all), "not_bare" (it carries a path, query,
    fragment or login) or "insecure" (plain http to another machine).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"unusable platform address: {reason}")
        self.reason = reason
