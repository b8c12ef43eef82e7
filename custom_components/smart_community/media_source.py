"""Visitor pictures in the Media panel: the community accounts' (see account/media_source.py)."""

from functools import partial

from homeassistant.core import HomeAssistant

from .account.media_source import VisitorPictureSource
from .families import community_entries


async def async_get_media_source(hass: HomeAssistant) -> VisitorPictureSource:
    """The pictures of every community account."""
    return VisitorPictureSource(hass, partial(community_entries, hass))
