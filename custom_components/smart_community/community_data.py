"""How a community entry stores its tokens, and the state its coordinator holds."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from .community import Account, DoorStation, Home, Notice, Tokens
from .parking_data import ParkingSnapshot


def entry_title(account: Account) -> str:
    """The community's name and the home(s), never the login: the title is shown everywhere."""
    homes = ", ".join(home.name for home in account.homes)
    return f"{account.community.name} - {homes}" if homes else account.community.name


def tokens_to_data(tokens: Tokens) -> dict[str, str]:
    """Tokens as config entry data; the refresh token rotates, so this is rewritten often."""
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


@dataclass(frozen=True, slots=True)
class CommunityState:
    """What the platform said at the last full read, for the homes the resident shows."""

    account: Account
    homes: tuple[Home, ...]
    doors: Mapping[str, DoorStation]
    door_homes: Mapping[str, tuple[str, ...]]
    latest_notice: Notice | None
    parking: ParkingSnapshot
