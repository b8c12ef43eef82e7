"""Typed readers for decoded JSON, the only place untyped wire data is looked at."""

from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
import json
import math
import re
from typing import Self

import orjson

from .errors import CommunityInvalidResponseError

_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
_VERSION = re.compile(r"([0-9]{1,4})\.([0-9]{1,4})")
# I-JSON (RFC 7493): integers beyond 2**53 do not survive other JSON implementations, and
# a 400-digit one would only overflow later in a float or a timedelta.
MAX_INTEGER = 2**53 - 1


def decode_json(raw: str | bytes, where: str) -> object:
    """Decoded JSON; depth bombs and oversized numbers are malformed input like any other."""
    try:
        # orjson (Home Assistant's own JSON library) is several times faster on every frame.
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        # What it refuses but the standard library reads (NaN, integers past 64 bits, nesting
        # past 1,024, UTF-16) is read as before, so that what is accepted does not change.
        pass
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as err:
        # ValueError covers bad syntax, bad UTF-8 and integers past Python's digit limit.
        raise CommunityInvalidResponseError(f"{where} is not JSON: {type(err).__name__}") from None


def parse_time(value: object, where: str) -> datetime:
    """An RFC 3339 UTC time with a Z suffix, as the protocol requires."""
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise CommunityInvalidResponseError(f"{where}: expected an RFC 3339 UTC time")
    try:
        return datetime.fromisoformat(value)
    except ValueError as err:
        raise CommunityInvalidResponseError(f"{where}: {err}") from None


def format_time(value: datetime) -> str:
    """A timezone-aware time as the protocol writes it."""
    if value.tzinfo is None:
        raise ValueError("times sent to the platform must be timezone-aware")
    text = value.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.removesuffix("+00:00") + "Z"


class Fields:
    """One JSON object; every read checks the type and names the field when it fails."""

    __slots__ = ("_data", "_where")

    def __init__(self, value: object, where: str) -> None:
        if not isinstance(value, dict):
            raise CommunityInvalidResponseError(f"{where}: expected an object")
        self._data: dict[object, object] = value
        self._where = where

    def _path(self, key: str) -> str:
        return f"{self._where}.{key}"

    def _get(self, key: str) -> object:
        if key not in self._data:
            raise CommunityInvalidResponseError(f"{self._path(key)}: missing")
        return self._data[key]

    def has(self, key: str) -> bool:
        """Whether the object carries the key at all."""
        return key in self._data

    def text(self, key: str) -> str:
        """A string."""
        value = self._get(key)
        if not isinstance(value, str):
            raise CommunityInvalidResponseError(f"{self._path(key)}: expected a string")
        return value

    def identifier(self, key: str) -> str:
        """A non-empty identifier."""
        value = self.text(key)
        if not value:
            raise CommunityInvalidResponseError(f"{self._path(key)}: empty identifier")
        return value

    def digits(self, key: str, length: int) -> str:
        """A string of exactly length ASCII digits (leading zeros matter)."""
        value = self.text(key)
        if len(value) != length or not (value.isascii() and value.isdigit()):
            raise CommunityInvalidResponseError(f"{self._path(key)}: expected {length} digits")
        return value

    def optional_text(self, key: str) -> str | None:
        """A string or null."""
        return None if self._get(key) is None else self.text(key)

    def optional_identifier(self, key: str) -> str | None:
        """An identifier or null."""
        return None if self._get(key) is None else self.identifier(key)

    def newer_identifier(self, key: str) -> str | None:
        """An identifier, null, or absent: a field that older platforms do not send."""
        return self.optional_identifier(key) if self.has(key) else None

    def integer(self, key: str, minimum: int | None = None, maximum: int | None = None) -> int:
        """An integer (JSON booleans are not integers here)."""
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_INTEGER:
            raise CommunityInvalidResponseError(f"{self._path(key)}: expected an integer")
        if minimum is not None and value < minimum:
            raise CommunityInvalidResponseError(f"{self._path(key)}: below {minimum}")
        if maximum is not None and value > maximum:
            raise CommunityInvalidResponseError(f"{self._path(key)}: above {maximum}")
        return value

    def optional_integer(
        self, key: str, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        """An integer or null."""
        return None if self._get(key) is None else self.integer(key, minimum, maximum)

    def number(self, key: str, maximum: float) -> float:
        """A positive finite number up to maximum."""
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CommunityInvalidResponseError(f"{self._path(key)}: expected a number")
        # Compared before float(): an integer like 10**400 has no float.
        if not 0 < value <= maximum or not math.isfinite(value):
            raise CommunityInvalidResponseError(
                f"{self._path(key)}: expected a number above 0 and up to {maximum:g}"
            )
        return float(value)

    def flag(self, key: str) -> bool:
        """A boolean."""
        value = self._get(key)
        if not isinstance(value, bool):
            raise CommunityInvalidResponseError(f"{self._path(key)}: expected a boolean")
        return value

    def version(self, key: str) -> tuple[int, int]:
        """A "major.minor" version, as numbers so that 1.10 sorts after 1.4."""
        value = self.text(key)
        match = _VERSION.fullmatch(value)
        if match is None:
            raise CommunityInvalidResponseError(f"{self._path(key)}: expected major.minor")
        return int(match[1]), int(match[2])

    def time(self, key: str) -> datetime:
        """A UTC time."""
        return parse_time(self._get(key), self._path(key))

    def optional_time(self, key: str) -> datetime | None:
        """A UTC time or null."""
        value = self._get(key)
        return None if value is None else parse_time(value, self._path(key))

    def choice[E: StrEnum](self, key: str, enum: type[E]) -> E:
        """One of an enumeration's values."""
        value = self.text(key)
        try:
            return enum(value)
        except ValueError:
            raise CommunityInvalidResponseError(
                f"{self._path(key)}: unknown value {value!r}"
            ) from None

    def choices[E: StrEnum](self, key: str, enum: type[E]) -> frozenset[E]:
        """A list of an enumeration's values."""
        result: set[E] = set()
        for item in self._list(key):
            if not isinstance(item, str) or item not in enum:
                raise CommunityInvalidResponseError(f"{self._path(key)}: unknown value {item!r}")
            result.add(enum(item))
        return frozenset(result)

    def child(self, key: str) -> Self:
        """A nested object."""
        return type(self)(self._get(key), self._path(key))

    def optional_child(self, key: str) -> Self | None:
        """A nested object or null."""
        return None if self._get(key) is None else self.child(key)

    def items[T](self, key: str, parse: Callable[[Fields], T]) -> tuple[T, ...]:
        """A list, each element parsed."""
        return tuple(
            parse(Fields(item, f"{self._path(key)}[{index}]"))
            for index, item in enumerate(self._list(key))
        )

    def _list(self, key: str) -> list[object]:
        value = self._get(key)
        if not isinstance(value, list):
            raise CommunityInvalidResponseError(f"{self._path(key)}: expected a list")
        return value
