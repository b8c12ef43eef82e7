"""The token pair a login yields; the caller persists it through CommunityClient.on_tokens."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .errors import CommunityInvalidResponseError
from .fields import Fields


@dataclass(frozen=True, slots=True)
class Tokens:
    """Access and refresh token; both are secrets, so neither is in repr."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: datetime
    refresh_expires_at: datetime

    @classmethod
    def parse(cls, fields: Fields, now: datetime) -> Tokens:
        """Read a token response received at now."""
        if fields.text("token_type") != "Bearer":
            raise CommunityInvalidResponseError("tokens.token_type: expected Bearer")
        return cls(
            fields.identifier("access_token"),
            fields.identifier("refresh_token"),
            now + timedelta(seconds=fields.integer("expires_in", minimum=1)),
            now + timedelta(seconds=fields.integer("refresh_expires_in", minimum=1)),
        )
