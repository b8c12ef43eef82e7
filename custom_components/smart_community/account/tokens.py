"""How a community entry stores its tokens; the refresh token rotates, so it is rewritten often."""

from collections.abc import Mapping
from datetime import datetime

from ..community import Tokens


def tokens_to_data(tokens: Tokens) -> dict[str, str]:
    """Tokens as config entry data."""
    return {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "expires_at": tokens.expires_at.isoformat(),
        "refresh_expires_at": tokens.refresh_expires_at.isoformat(),
    }


def tokens_from_data(data: Mapping[str, str]) -> Tokens:
    """Tokens back from config entry data."""
    return Tokens(
        access_token=data["access_token"],
        refresh_token=data["refresh_token"],
        expires_at=datetime.fromisoformat(data["expires_at"]),
        refresh_expires_at=datetime.fromisoformat(data["refresh_expires_at"]),
    )
