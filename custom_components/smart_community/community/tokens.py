"""The token pair a login yields; the caller persists it through CommunityClient.on_tokens."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .errors import CommunityInvalidResponseError
from .fields import Fields

# A lifetime beyond ~31 years is not a token a platform means; it would also overflow dates.
MAX_LIFETIME = 10**9
# Refresh this long before expiry so a request never leaves with a token that dies on the
# way; halved for short-lived tokens, or each request would refresh first.
REFRESH_MARGIN = timedelta(seconds=30)


def refresh_margin(lifetime: timedelta) -> timedelta:
    """How long before expiry a token of this lifetime is refreshed: min(30 s, lifetime / 2)."""
    return min(REFRESH_MARGIN, lifetime / 2)


@dataclass(frozen=True, slots=True, kw_only=True)
class Tokens:
    """Access and refresh token; both are secrets, so neither is in repr."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: datetime
    refresh_expires_at: datetime
    # Tokens saved before the margin was stored get the full one.
    margin: timedelta = REFRESH_MARGIN

    @classmethod
    def parse(cls, fields: Fields, now: datetime) -> Tokens:
        """Read a token response received at now."""
        if fields.text("token_type") != "Bearer":
            raise CommunityInvalidResponseError("tokens.token_type: expected Bearer")
        lifetime = timedelta(seconds=fields.integer("expires_in", 1, MAX_LIFETIME))
        refresh_lifetime = fields.integer("refresh_expires_in", 1, MAX_LIFETIME)
        return cls(
            access_token=fields.identifier("access_token"),
            refresh_token=fields.identifier("refresh_token"),
            expires_at=now + lifetime,
            refresh_expires_at=now + timedelta(seconds=refresh_lifetime),
            margin=refresh_margin(lifetime),
        )

    def stale(self, now: datetime) -> bool:
        """Whether the access token is inside its refresh margin (or past expiry)."""
        return self.expires_at - self.margin <= now
