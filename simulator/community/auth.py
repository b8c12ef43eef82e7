"""Token families: password grant, rotating refresh grant with reuse detection, bearer checks."""

import hashlib
import hmac
import secrets

from . import seed
from .records import TokenRecord
from .state import State
from .wire import ApiError

REFRESH_TTL = 30 * 24 * 3600


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


def password_grant(state: State, username: str, password: str) -> dict[str, object]:
    """Start a token family for a resident whose password matches."""
    for resident in seed.RESIDENTS:
        if hmac.compare_digest(resident.username, username) and hmac.compare_digest(
            resident.password.encode(), password.encode()
        ):
            with state.change():
                return _issue(state, resident.id, secrets.token_hex(8))
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


def authenticate(state: State, authorization: str | None) -> str:
    """The resident a bearer access token belongs to, or 401."""
    scheme, _, token = (authorization or "").partition(" ")
    record = state.tokens.get(_digest(token)) if scheme == "Bearer" else None
    if record is None or record.kind != "access" or record.state != "active":
        raise ApiError(401, "unauthorized", "Missing, unknown or revoked access token.")
    if record.expires_at <= state.now().timestamp():
        raise ApiError(401, "token_expired", "The access token has expired.")
    return record.resident_id


def expire_access_tokens(state: State) -> None:
    """Every access token expires now (control API)."""
    now = state.now().timestamp()
    with state.change():
        for record in state.tokens.values():
            if record.kind == "access" and record.expires_at > now:
                record.expires_at = now
                state.save("token", record)


def revoke_tokens(state: State) -> None:
    """Every token stops working (control API)."""
    with state.change():
        for record in state.tokens.values():
            if record.state != "revoked":
                record.state = "revoked"
                state.save("token", record)
