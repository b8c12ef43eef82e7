"""Visitor pictures in the Media panel: the community accounts' (see account/media_source.py)."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from .account.media_source import VisitorPictureSource, VisitorPictureView
from .const import DOMAIN
from .families import is_community_entry


async def async_get_media_source(hass: HomeAssistant) -> VisitorPictureSource:
    """The pictures of every community account; served by a view registered with the source."""

    def accounts() -> list[ConfigEntry]:
        return [e for e in hass.config_entries.async_entries(DOMAIN) if is_community_entry(e)]

    hass.http.register_view(VisitorPictureView(accounts))
    return VisitorPictureSource(hass, accounts)
