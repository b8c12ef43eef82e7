"""How a community entry stores its tokens; the refresh token rotates, so it is rewritten often."""

from collections.abc import Mapping
from datetime import datetime, timedelta

from ..community import Tokens


def tokens_to_data(tokens: Tokens) -> dict[str, str]:
    """Tokens as config entry data."""
    return {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "expires_at": tokens.expires_at.isoformat(),
        "refresh_expires_at": tokens.refresh_expires_at.isoformat(),
        "refresh_margin": str(tokens.margin.total_seconds()),
    }


def tokens_from_data(data: Mapping[str, str]) -> Tokens:
    """Tokens back from config entry data (saved before margins were stored: the full one)."""
    margin = data.get("refresh_margin")
    return Tokens(
        access_token=data["access_token"],
        refresh_token=data["refresh_token"],
        expires_at=datetime.fromisoformat(data["expires_at"]),
        refresh_expires_at=datetime.fromisoformat(data["refresh_expires_at"]),
        **({} if margin is None else {"margin": timedelta(seconds=float(margin))}),
    )
