"""Token families: password grant, rotating refresh grant with reuse detection, bearer checks."""

import hashlib
import hmac
import math
import secrets

from . import seed
from .records import TokenRecord
from .state import State
from .wire import ApiError

REFRESH_TTL = 30 * 24 * 3600
LOGIN_ATTEMPTS = 5
LOGIN_WINDOW = 60.0
MAX_TRACKED_USERNAMES = 10_000


def _digest(token: str) -> str:
    # Only hashes are stored, as a real platform would.
    return hashlib.sha256(token.encode()).hexdigest()


def _issue(
    state: State, resident_id: str, family: str, login_ends: float | None = None
) -> dict[str, object]:
    """A new token pair; under a login lifetime cap the refresh token ends with the login."""
    now = state.now().timestamp()
    if login_ends is None:
        cap = state.login_lifetime
        login_ends = now + cap if cap is not None else None
    refresh_ends = now + REFRESH_TTL if login_ends is None else min(now + REFRESH_TTL, login_ends)
    access = "at-" + secrets.token_urlsafe(24)
    refresh = "rt-" + secrets.token_urlsafe(32)
    for token, kind, expires_at in (
        (access, "access", now + state.access_ttl),
        (refresh, "refresh", refresh_ends),
    ):
        record = TokenRecord(_digest(token), kind, family, resident_id, expires_at)
        state.tokens[record.id] = record
        state.save("token", record)
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "Bearer",
        "expires_in": state.access_ttl,
        "refresh_expires_in": max(1, round(refresh_ends - now)),
    }


def _check_attempts(state: State, username: str) -> list[float]:
    """The recent failed logins of a username; 429 while they are too many."""
    now = state.now().timestamp()
    if len(state.login_failures) > MAX_TRACKED_USERNAMES:
        # Guessed usernames would otherwise pile up forever; old ones no longer count anyway.
        state.login_failures = {
            name: times
            for name, times in state.login_failures.items()
            if times and times[-1] > now - LOGIN_WINDOW
        }
    failures = [t for t in state.login_failures.get(username, []) if t > now - LOGIN_WINDOW]
    state.login_failures[username] = failures
    if len(failures) >= LOGIN_ATTEMPTS:
        wait = math.ceil(failures[0] + LOGIN_WINDOW - now)
        raise ApiError(429, "rate_limited", "Too many failed logins; wait.", max(1, wait))
    return failures


def password_grant(state: State, username: str, password: str) -> dict[str, object]:
    """Start a token family for a resident whose password matches.

    After LOGIN_ATTEMPTS wrong passwords within LOGIN_WINDOW seconds the username is answered
    429 until the oldest of them leaves the window, so a guesser gets a few tries a minute.
    """
    failures = _check_attempts(state, username)
    for resident in seed.RESIDENTS:
        if hmac.compare_digest(resident.username.encode(), username.encode()) and (
            hmac.compare_digest(resident.password.encode(), password.encode())
        ):
            state.login_failures.pop(username, None)
            with state.change():
                return _issue(state, resident.id, secrets.token_hex(8))
    failures.append(state.now().timestamp())
    raise ApiError(401, "invalid_credentials", "Unknown username or wrong password.")


def refresh_grant(state: State, refresh_token: str) -> dict[str, object]:
    """Rotate a refresh token; a reused one revokes its whole family."""
    state.refresh_grants += 1
    record = state.tokens.get(_digest(refresh_token))
    refused = ApiError(
        400, "invalid_grant", "The refresh token was already used or has been revoked."
    )
    if record is None or record.kind != "refresh":
        raise refused
    if record.state == "used":
        # A rotated token came back: someone holds a copy, so the whole login goes.
        with state.change():
            for token in state.tokens.values():
                if token.family == record.family and token.state != "revoked":
                    token.state = "revoked"
                    state.save("token", token)
        state.on_tokens_changed()
        raise refused
    if record.state != "active" or record.expires_at <= state.now().timestamp():
        raise refused
    with state.change():
        record.state = "used"
        state.save("token", record)
        capped = record.expires_at if state.login_lifetime is not None else None
        return _issue(state, record.resident_id, record.family, capped)


def stream_token() -> str:
    """A token for one camera stream URL."""
    return "st-" + secrets.token_urlsafe(12)


def access_record(state: State, authorization: str | None) -> TokenRecord:
    """The live access token a bearer Authorization header carries, or 401."""
    # The scheme name is case-insensitive (RFC 9110 §11.1).
    scheme, _, token = (authorization or "").strip().partition(" ")
    record = state.tokens.get(_digest(token.strip())) if scheme.lower() == "bearer" else None
    if record is None or record.kind != "access" or record.state != "active":
        raise ApiError(401, "unauthorized", "Missing, unknown or revoked access token.")
    if record.expires_at <= state.now().timestamp():
        raise ApiError(401, "token_expired", "The access token has expired.")
    return record


def authenticate(state: State, authorization: str | None) -> str:
    """The resident a bearer access token belongs to, or 401."""
    return access_record(state, authorization).resident_id


def still_valid(state: State, record: TokenRecord) -> bool:
    """Whether an access token accepted earlier would still be accepted now."""
    return record.state == "active" and record.expires_at > state.now().timestamp()


def expire_access_tokens(state: State) -> None:
    """Every access token expires now (control API)."""
    now = state.now().timestamp()
    with state.change():
        for record in state.tokens.values():
            if record.kind == "access" and record.expires_at > now:
                record.expires_at = now
                state.save("token", record)
    state.on_tokens_changed()


def revoke_tokens(state: State) -> None:
    """Every token stops working (control API)."""
    with state.change():
        for record in state.tokens.values():
            if record.state != "revoked":
                record.state = "revoked"
                state.save("token", record)
    state.on_tokens_changed()
