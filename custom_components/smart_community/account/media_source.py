"""Visitor pictures in Home Assistant's Media panel: Smart Community → door station → day → time.

Identifiers are `<entry id>/<door key>[/<day> | /<picture id>]`, where the door key is the
door station's id in URL-safe base64 (ids are the platform's, and may hold any character)
and a picture id is the UTC time it was taken. Pictures are served by a view of their own,
behind Home Assistant's authentication.
"""

import base64
import binascii
from collections.abc import Callable, Iterable
from datetime import date
from http import HTTPStatus
from itertools import groupby
from typing import override

from aiohttp import web
from homeassistant.components.media_player.const import MediaClass, MediaType
from homeassistant.components.media_player.errors import BrowseError
from homeassistant.components.media_source import (
    BrowseMediaSource,
    MediaSource,
    MediaSourceItem,
    PlayMedia,
    Unresolvable,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from .devices import MANUFACTURER, entry_device_identifier
from .pictures import Picture, PictureFolder, picture_folder

CONTENT_TYPE = "image/jpeg"
VIEW_URL = "/api/smart_community/visitor_pictures"

type Accounts = Callable[[], Iterable[ConfigEntry]]


def door_key(door_id: str) -> str:
    """A door station's id in identifiers and URLs."""
    return base64.urlsafe_b64encode(door_id.encode()).decode().rstrip("=")


def key_door(key: str) -> str | None:
    """The door station id of a door key, or None for anything `door_key` does not write."""
    try:
        door_id = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4)).decode()
    except binascii.Error, UnicodeDecodeError, ValueError:
        return None
    return door_id if door_id and door_key(door_id) == key else None


def picture_url(entry_id: str, picture: Picture) -> str:
    """Where the view serves one picture."""
    return f"{VIEW_URL}/{entry_id}/{door_key(picture.door_id)}/{picture.id}.jpg"


class VisitorPictureSource(MediaSource):
    """The pictures community accounts took of visitors, per door station and day."""

    name = MANUFACTURER

    def __init__(self, hass: HomeAssistant, accounts: Accounts) -> None:
        """Browse the pictures of the accounts `accounts` lists (loaded or not)."""
        super().__init__(DOMAIN)
        self.hass = hass
        self._accounts = accounts

    def _account(self, entry_id: str) -> ConfigEntry | None:
        return next((e for e in self._accounts() if e.entry_id == entry_id), None)

    def _door_title(self, entry: ConfigEntry, door_id: str) -> str:
        """The door station's name as its device shows it; its id once the device is gone."""
        device = dr.async_get(self.hass).async_get_device(
            identifiers={(DOMAIN, entry_device_identifier(entry, door_id))}
        )
        if device is None:
            return door_id
        return device.name_by_user or device.name or door_id

    def _parse(self, identifier: str) -> tuple[ConfigEntry, str, list[str]]:
        entry_id, _, rest = identifier.partition("/")
        key, *more = rest.split("/")
        if (entry := self._account(entry_id)) is None or (door_id := key_door(key)) is None:
            raise ValueError(identifier)
        return entry, door_id, more

    @override
    async def async_resolve_media(self, item: MediaSourceItem) -> PlayMedia:
        """The URL of one picture."""
        picture: Picture | None = None
        try:
            entry, door_id, more = self._parse(item.identifier)
        except ValueError:
            pass
        else:
            folder = picture_folder(self.hass, entry.entry_id)
            if len(more) == 1:
                picture = await self.hass.async_add_executor_job(folder.find, door_id, more[0])
        if picture is None:
            raise Unresolvable(f"No visitor picture {item.identifier}")
        return PlayMedia(picture_url(entry.entry_id, picture), CONTENT_TYPE, path=picture.path)

    @override
    async def async_browse_media(self, item: MediaSourceItem) -> BrowseMediaSource:
        """The door stations, a door station's days, or a day's pictures."""
        if not item.identifier:
            return await self._browse_doors()
        try:
            entry, door_id, more = self._parse(item.identifier)
        except ValueError as err:
            raise BrowseError(f"Unknown item {item.identifier}") from err
        folder = picture_folder(self.hass, entry.entry_id)
        pictures = await self.hass.async_add_executor_job(folder.pictures, door_id)
        title = self._door_title(entry, door_id)
        match more:
            case []:
                return self._door_node(entry, door_id, title, pictures)
            case [day] if (shown := _of_day(pictures, day)) is not None:
                return self._day_node(entry, door_id, f"{title} · {day}", day, shown)
            case [picture_id] if (found := _with_id(pictures, picture_id)) is not None:
                return self._picture_node(entry.entry_id, found)
        raise BrowseError(f"Unknown item {item.identifier}")

    async def _browse_doors(self) -> BrowseMediaSource:
        accounts = list(self._accounts())
        doors: list[BrowseMediaSource] = []
        for entry in accounts:
            folder: PictureFolder = picture_folder(self.hass, entry.entry_id)
            for door_id in await self.hass.async_add_executor_job(folder.doors):
                title = self._door_title(entry, door_id)
                if len(accounts) > 1:
                    title = f"{title} ({entry.title})"
                doors.append(_folder(f"{entry.entry_id}/{door_key(door_id)}", title))
        root = _folder(None, MANUFACTURER, MediaClass.APP)
        root.children = sorted(doors, key=lambda door: door.title)
        return root

    def _door_node(
        self, entry: ConfigEntry, door_id: str, title: str, pictures: list[Picture]
    ) -> BrowseMediaSource:
        node = _folder(f"{entry.entry_id}/{door_key(door_id)}", title)
        node.children = [
            _folder(f"{entry.entry_id}/{door_key(door_id)}/{day}", day.isoformat())
            for day, _ in groupby(pictures, key=_local_day)
        ]
        return node

    def _day_node(
        self, entry: ConfigEntry, door_id: str, title: str, day: str, pictures: list[Picture]
    ) -> BrowseMediaSource:
        node = _folder(f"{entry.entry_id}/{door_key(door_id)}/{day}", title)
        node.children_media_class = MediaClass.IMAGE
        node.children = [self._picture_node(entry.entry_id, picture) for picture in pictures]
        return node

    @staticmethod
    def _picture_node(entry_id: str, picture: Picture) -> BrowseMediaSource:
        return BrowseMediaSource(
            domain=DOMAIN,
            identifier=f"{entry_id}/{door_key(picture.door_id)}/{picture.id}",
            media_class=MediaClass.IMAGE,
            media_content_type=CONTENT_TYPE,
            title=dt_util.as_local(picture.taken_at).strftime("%H:%M:%S"),
            thumbnail=picture_url(entry_id, picture),
            can_play=True,
            can_expand=False,
        )


def _folder(
    identifier: str | None, title: str, media_class: MediaClass = MediaClass.DIRECTORY
) -> BrowseMediaSource:
    return BrowseMediaSource(
        domain=DOMAIN,
        identifier=identifier,
        media_class=media_class,
        media_content_type=MediaType.IMAGE,
        title=title,
        can_play=False,
        can_expand=True,
        children_media_class=MediaClass.DIRECTORY,
        children=[],
    )


def _local_day(picture: Picture) -> date:
    return dt_util.as_local(picture.taken_at).date()


def _of_day(pictures: list[Picture], day: str) -> list[Picture] | None:
    try:
        wanted = date.fromisoformat(day)
    except ValueError:
        return None
    shown = [picture for picture in pictures if _local_day(picture) == wanted]
    return shown or None


def _with_id(pictures: list[Picture], picture_id: str) -> Picture | None:
    return next((picture for picture in pictures if picture.id == picture_id), None)


class VisitorPictureView(HomeAssistantView):
    """Serves kept visitor pictures to signed-in users (and to signed media URLs)."""

    url = VIEW_URL + "/{entry_id}/{key}/{name}"
    name = "api:smart_community:visitor_pictures"

    def __init__(self, accounts: Accounts) -> None:
        """Serve the pictures of the accounts `accounts` lists."""
        self._accounts = accounts

    async def get(self, request: web.Request, entry_id: str, key: str, name: str) -> web.Response:
        """One picture, or 404 for anything that is not a kept picture."""
        hass: HomeAssistant = request.app[KEY_HASS]
        picture_id, dot, suffix = name.partition(".")
        entry = next((e for e in self._accounts() if e.entry_id == entry_id), None)
        if entry is None or (door_id := key_door(key)) is None or (dot, suffix) != (".", "jpg"):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        folder = picture_folder(hass, entry.entry_id)
        picture = await hass.async_add_executor_job(folder.find, door_id, picture_id)
        data = None if picture is None else await hass.async_add_executor_job(folder.read, picture)
        if data is None:
            return web.Response(status=HTTPStatus.NOT_FOUND)
        return web.Response(
            body=data, content_type=CONTENT_TYPE, headers={"Cache-Control": "private, max-age=3600"}
        )
