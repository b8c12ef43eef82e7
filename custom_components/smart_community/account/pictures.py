"""The visitor pictures an account keeps on disk: a folder per door station, a file per ring.

Files are named by the UTC time the picture was taken, so a listing sorts by time and needs
no index that could disagree with the files. The folder methods block: Home Assistant calls
them in its executor, never on the event loop, and a picture is stored after the ring has
fired and the Last visitor image shows it, so a slow disk delays nothing a resident sees.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import logging
import os
from pathlib import Path
import re
import shutil
from typing import Final
from urllib.parse import quote, unquote

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from ..const import CONF_PICTURE_DAYS, CONF_PICTURE_LIMIT, DOMAIN

_LOGGER = logging.getLogger(__name__)

DEFAULT_PICTURE_DAYS: Final = 30
DEFAULT_PICTURE_LIMIT: Final = 300
# A door station's JPEG is well under a megabyte; anything this large is not a snapshot.
MAX_PICTURE_BYTES: Final = 5 * 1024 * 1024
JPEG_MAGIC: Final = b"\xff\xd8\xff"
PRUNE_INTERVAL: Final = timedelta(hours=1)
_STAMP: Final = "%Y%m%dT%H%M%S%fZ"
_STAMP_PATTERN: Final = re.compile(r"\d{8}T\d{12}Z")
_SUFFIX: Final = ".jpg"
# Leaves room under the usual 255-byte limit of a file name.
_MAX_FOLDER_NAME: Final = 200


def door_folder(door_id: str) -> str | None:
    """The folder name of a door station: its id, with nothing a path could misread.

    Every character but letters, digits, `-`, `_` and `~` is percent-encoded (dots too, so
    no id becomes `..`); None for an id too long to be a file name.
    """
    name = quote(door_id, safe="").replace(".", "%2E")
    return name if len(name) <= _MAX_FOLDER_NAME else None


def folder_door(name: str) -> str | None:
    """The door station id of a folder name that `door_folder` wrote, else None."""
    door_id = unquote(name)
    return door_id if door_id and door_folder(door_id) == name else None


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_STAMP)


def parse_stamp(stamp: str) -> datetime | None:
    """The time a picture id names, or None for anything else."""
    if not _STAMP_PATTERN.fullmatch(stamp):
        return None
    try:
        return datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Picture:
    """One kept picture of a visitor."""

    door_id: str
    taken_at: datetime
    path: Path

    @property
    def id(self) -> str:
        """The picture's id among its door station's: the UTC time it was taken."""
        return self.path.stem


@dataclass(frozen=True, slots=True, kw_only=True)
class Keep:
    """How many pictures each door station keeps, and for how long."""

    days: int = DEFAULT_PICTURE_DAYS
    limit: int = DEFAULT_PICTURE_LIMIT


@dataclass(frozen=True, slots=True, kw_only=True)
class KeptRing:
    """A picture taken at a ring, on its way to the disk."""

    door_id: str
    picture: bytes
    taken_at: datetime


class PictureFolder:
    """The pictures of one account. Every method blocks: run it in an executor."""

    def __init__(self, root: Path) -> None:
        """Pictures under root; nothing is created until the first one is kept."""
        self.root = root

    def add(self, door_id: str, picture: bytes, taken_at: datetime) -> Picture | None:
        """Keep a picture; None when it is not a JPEG picture of a sensible size."""
        if len(picture) > MAX_PICTURE_BYTES or not picture.startswith(JPEG_MAGIC):
            _LOGGER.warning("Not keeping a visitor picture that is not a JPEG image under 5 MB")
            return None
        if (folder := door_folder(door_id)) is None:
            _LOGGER.warning("Not keeping a visitor picture of a door station with a very long id")
            return None
        directory = self.root / folder
        directory.mkdir(parents=True, exist_ok=True)
        taken_at = taken_at.astimezone(UTC)
        while (path := directory / f"{_stamp(taken_at)}{_SUFFIX}").exists():
            taken_at += timedelta(microseconds=1)
        # Written aside and renamed, so a crash never leaves half a picture under a real name.
        partial = path.with_suffix(".part")
        partial.write_bytes(picture)
        partial.replace(path)
        return Picture(door_id=door_id, taken_at=taken_at, path=path)

    def add_all(self, taken: list[KeptRing], keep: Keep) -> None:
        """Keep the pictures taken at rings, then drop what is beyond those doors' limits.

        One executor job for every ring queued meanwhile, each door's folder listed once; the
        other doors' pictures that grow too old go at the hourly check. A picture that
        cannot be written costs only itself.
        """
        for ring in taken:
            try:
                self.add(ring.door_id, ring.picture, ring.taken_at)
            except OSError as err:
                _LOGGER.warning("Could not keep a visitor picture: %s", err.strerror)
        now = dt_util.utcnow()
        for door_id in dict.fromkeys(ring.door_id for ring in taken):
            try:
                self.prune_door(door_id, keep, now)
            except OSError as err:
                _LOGGER.warning("Could not delete old visitor pictures: %s", err.strerror)

    def doors(self) -> list[str]:
        """The door stations with pictures."""
        return sorted(door_id for door_id, _ in self._door_folders())

    def _door_folders(self) -> Iterator[tuple[str, Path]]:
        if not self.root.is_dir():
            return
        for path in self.root.iterdir():
            if path.is_dir() and (door_id := folder_door(path.name)) is not None:
                yield door_id, path

    def pictures(self, door_id: str) -> list[Picture]:
        """A door station's pictures, newest first."""
        return sorted(self._pictures(door_id), key=lambda p: p.taken_at, reverse=True)

    def _pictures(self, door_id: str) -> Iterator[Picture]:
        folder = door_folder(door_id)
        directory = self.root / folder if folder is not None else None
        if directory is None or not directory.is_dir():
            return
        for path in directory.iterdir():
            if (
                path.suffix == _SUFFIX
                and (taken_at := parse_stamp(path.stem)) is not None
                and path.is_file()
            ):
                yield Picture(door_id=door_id, taken_at=taken_at, path=path)

    def find(self, door_id: str, picture_id: str) -> Picture | None:
        """One picture by its id, if it is kept."""
        if (taken_at := parse_stamp(picture_id)) is None or (
            folder := door_folder(door_id)
        ) is None:
            return None
        path = self.root / folder / f"{picture_id}{_SUFFIX}"
        return Picture(door_id=door_id, taken_at=taken_at, path=path) if path.is_file() else None

    def newest(self, door_id: str) -> Picture | None:
        """The picture taken last at a door station."""
        return max(self._pictures(door_id), key=lambda p: p.taken_at, default=None)

    @staticmethod
    def read(picture: Picture) -> bytes | None:
        """The picture's bytes; None when it is gone or is no longer a picture."""
        try:
            if picture.path.stat().st_size > MAX_PICTURE_BYTES:
                return None
            data = picture.path.read_bytes()
        except OSError:
            return None
        return data if data.startswith(JPEG_MAGIC) else None

    def prune(self, keep: Keep, now: datetime) -> int:
        """Delete the pictures beyond the newest keep.limit of each door and those too old."""
        return sum(
            self.prune_door(door_id, keep, now) for door_id, _ in tuple(self._door_folders())
        )

    def prune_door(self, door_id: str, keep: Keep, now: datetime) -> int:
        """Delete one door station's pictures beyond keep.limit and those too old."""
        if (folder := door_folder(door_id)) is None:
            return 0
        directory = self.root / folder
        oldest = now - timedelta(days=keep.days)
        try:
            names = [entry.name for entry in os.scandir(directory)]
        except FileNotFoundError:
            return 0
        stamps = [name[: -len(_SUFFIX)] for name in names if name.endswith(_SUFFIX)]
        stamps = [stamp for stamp in stamps if _STAMP_PATTERN.fullmatch(stamp)]
        # Stamps sort as the times they name, so the names alone show, without reading a
        # time or a file, that a door after a ring has nothing to drop: the usual case.
        if names and len(stamps) <= keep.limit and min(stamps, default="~") >= _stamp(oldest):
            return 0
        removed = 0
        for index, picture in enumerate(self.pictures(door_id)):
            if index >= keep.limit or picture.taken_at < oldest:
                picture.path.unlink(missing_ok=True)
                removed += 1
        if not any(directory.iterdir()):
            directory.rmdir()
        return removed

    def remove(self) -> None:
        """Delete every picture of the account."""
        shutil.rmtree(self.root, ignore_errors=True)


def picture_folder(hass: HomeAssistant, entry_id: str) -> PictureFolder:
    """The pictures of one account, under Home Assistant's configuration folder."""
    return PictureFolder(Path(hass.config.path(DOMAIN, "visitor_pictures", entry_id)))


def keep_of(entry: ConfigEntry) -> Keep:
    """How many pictures and how long the resident chose to keep (30 days by default)."""
    return Keep(
        days=int(entry.options.get(CONF_PICTURE_DAYS, DEFAULT_PICTURE_DAYS)),
        limit=int(entry.options.get(CONF_PICTURE_LIMIT, DEFAULT_PICTURE_LIMIT)),
    )


class PictureKeeper:
    """Writes an account's visitor pictures to disk, one executor job at a time.

    A ring never waits for the disk. The pictures that arrive while a job runs go together
    in the next one, so a burst of rings costs a few executor jobs instead of one each, and
    no two jobs prune a door's folder at once.
    """

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """The keeper of one account's pictures."""
        self._hass = hass
        self._entry = entry
        self._folder = picture_folder(hass, entry.entry_id)
        self._waiting: list[KeptRing] = []
        self._writing = False

    @callback
    def async_keep(self, door_id: str, picture: bytes, taken_at: datetime) -> None:
        """Store a picture taken at a ring, soon."""
        self._waiting.append(KeptRing(door_id=door_id, picture=picture, taken_at=taken_at))
        if not self._writing:
            self._writing = True
            # Tracked, so that an unload or a stop waits for the pictures to be written; not
            # eagerly, so that the pictures the same read of the stream brought go together.
            self._entry.async_create_task(
                self._hass, self._write(), f"{DOMAIN} keep visitor pictures", eager_start=False
            )

    async def _write(self) -> None:
        try:
            while self._waiting:
                taken, self._waiting = self._waiting, []
                await self._hass.async_add_executor_job(
                    self._folder.add_all, taken, keep_of(self._entry)
                )
        finally:
            self._writing = False


@callback
def async_prune_regularly(hass: HomeAssistant, entry: ConfigEntry) -> CALLBACK_TYPE:
    """Drop pictures past their time now and every hour, even when nobody rings."""
    folder = picture_folder(hass, entry.entry_id)

    async def prune() -> None:
        try:
            await hass.async_add_executor_job(folder.prune, keep_of(entry), dt_util.utcnow())
        except OSError as err:
            _LOGGER.warning("Could not delete old visitor pictures: %s", err.strerror)

    @callback
    def prune_now(_now: datetime | None = None) -> None:
        # Tracked rather than in the background, as interval jobs run: an unload waits for a
        # deletion under way instead of cancelling it.
        entry.async_create_task(hass, prune(), f"{DOMAIN} prune visitor pictures")

    prune_now()
    return async_track_time_interval(hass, prune_now, PRUNE_INTERVAL)


async def async_remove_pictures(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Delete the pictures of an account that was removed."""
    await hass.async_add_executor_job(picture_folder(hass, entry.entry_id).remove)
