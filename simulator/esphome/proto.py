"""The one module that touches the protobuf classes shipped in aioesphomeapi.

Those generated classes carry no type information, so everything else in the package sees
only `Frame`s going out and `Decoded` messages with checked, typed field access coming in.
Message numbers are read from the `id` option in the shipped descriptors, the same source
the firmware's code generator uses.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aioesphomeapi import api_options_pb2, api_pb2
from google.protobuf.message import DecodeError  # type: ignore[import-untyped]

from .frames import Frame


class MessageError(Exception):
    """A payload that does not decode as the message its type number names."""


def _numbers() -> dict[str, int]:
    numbers: dict[str, int] = {}
    descriptors = api_pb2.DESCRIPTOR.message_types_by_name  # type: ignore[attr-defined]
    for name, descriptor in descriptors.items():
        if number := descriptor.GetOptions().Extensions[api_options_pb2.id]:  # type: ignore[attr-defined]
            numbers[str(name)] = int(number)
    return numbers


NUMBER_BY_NAME: Mapping[str, int] = _numbers()
NAME_BY_NUMBER: Mapping[int, str] = {number: name for name, number in NUMBER_BY_NAME.items()}


@dataclass(frozen=True, slots=True)
class Decoded:
    """A received message: its name and typed access to its scalar fields."""

    name: str
    message: Any

    def _field(self, field: str) -> object:
        try:
            return getattr(self.message, field)
        except AttributeError as err:
            msg = f"{self.name} has no field {field}"
            raise MessageError(msg) from err

    def integer(self, field: str) -> int:
        """An integer or enum field."""
        value = self._field(field)
        if isinstance(value, bool) or not isinstance(value, int):
            msg = f"{self.name}.{field} is not an integer"
            raise MessageError(msg)
        return value

    def flag(self, field: str) -> bool:
        """A bool field."""
        value = self._field(field)
        if not isinstance(value, bool):
            msg = f"{self.name}.{field} is not a bool"
            raise MessageError(msg)
        return value

    def data(self, field: str) -> bytes:
        """A bytes field."""
        value = self._field(field)
        if not isinstance(value, bytes):
            msg = f"{self.name}.{field} is not bytes"
            raise MessageError(msg)
        return value

    def text(self, field: str) -> str:
        """A string field."""
        value = self._field(field)
        if not isinstance(value, str):
            msg = f"{self.name}.{field} is not text"
            raise MessageError(msg)
        return value


def decode(frame: Frame) -> Decoded | None:
    """Decode a received frame; None for a message type this API version does not define."""
    if (name := NAME_BY_NUMBER.get(frame.msg_type)) is None:
        return None
    try:
        message = getattr(api_pb2, name).FromString(frame.payload)
    except DecodeError as err:
        msg = f"{name}: {err}"
        raise MessageError(msg) from err
    return Decoded(name, message)


def encode(message_name: str, /, **fields: object) -> Frame:
    """Build a message by name; nested messages may be given as mappings."""
    message = getattr(api_pb2, message_name)(**fields)
    return Frame(NUMBER_BY_NAME[message_name], bytes(message.SerializeToString()))
