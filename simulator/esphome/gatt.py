"""A peripheral's GATT table: services, characteristics and descriptors with their handles."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import IntFlag
from uuid import UUID

BLUETOOTH_BASE = "-0000-1000-8000-00805f9b34fb"
CCCD = UUID(f"00002902{BLUETOOTH_BASE}")
CCCD_OFF = b"\x00\x00"


def uuid16(short: int) -> UUID:
    """A 16-bit SIG UUID in its 128-bit form."""
    return UUID(f"{short:08x}{BLUETOOTH_BASE}")


class Property(IntFlag):
    """Characteristic properties, with the bit values of the Bluetooth Core specification."""

    BROADCAST = 0x01
    READ = 0x02
    WRITE_WITHOUT_RESPONSE = 0x04
    WRITE = 0x08
    NOTIFY = 0x10
    INDICATE = 0x20


class AttError(Exception):
    """An ATT error a peripheral answers with; `code` as in the Core specification."""

    INVALID_HANDLE = 0x01
    READ_NOT_PERMITTED = 0x02
    WRITE_NOT_PERMITTED = 0x03
    REQUEST_NOT_SUPPORTED = 0x06
    UNLIKELY = 0x0E

    def __init__(self, code: int, message: str = "") -> None:
        super().__init__(message or f"ATT error 0x{code:02x}")
        self.code = code


@dataclass(frozen=True, slots=True)
class Descriptor:
    """One descriptor of a characteristic."""

    uuid: UUID
    handle: int


@dataclass(frozen=True, slots=True)
class Characteristic:
    """One characteristic: `handle` is its value handle, as ESPHome reports it."""

    uuid: UUID
    handle: int
    properties: Property
    descriptors: tuple[Descriptor, ...] = ()

    @property
    def cccd(self) -> Descriptor | None:
        """The client characteristic configuration descriptor, if it can notify."""
        return next((d for d in self.descriptors if d.uuid == CCCD), None)


@dataclass(frozen=True, slots=True)
class Service:
    """One primary service."""

    uuid: UUID
    handle: int
    characteristics: tuple[Characteristic, ...]


@dataclass(frozen=True, slots=True)
class CharacteristicSpec:
    """A characteristic before handles are given out."""

    uuid: UUID
    properties: Property


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    """A service before handles are given out."""

    uuid: UUID
    characteristics: tuple[CharacteristicSpec, ...]


def build_table(specs: Sequence[ServiceSpec]) -> tuple[Service, ...]:
    """Give out handles the way a GATT server lays out its attributes.

    Each service takes one handle for its declaration; each characteristic one for its
    declaration and one for its value; a notifying or indicating characteristic also gets
    a CCCD right after its value.
    """
    handles = iter(range(1, 0x10000))
    return tuple(_service(spec, handles) for spec in specs)


def _service(spec: ServiceSpec, handles: Iterator[int]) -> Service:
    handle = next(handles)
    characteristics = []
    for char in spec.characteristics:
        next(handles)  # the characteristic declaration
        value_handle = next(handles)
        descriptors: tuple[Descriptor, ...] = ()
        if char.properties & (Property.NOTIFY | Property.INDICATE):
            descriptors = (Descriptor(CCCD, next(handles)),)
        characteristics.append(
            Characteristic(char.uuid, value_handle, char.properties, descriptors)
        )
    return Service(spec.uuid, handle, tuple(characteristics))


def find_characteristic(table: Sequence[Service], handle: int) -> Characteristic:
    """The characteristic whose value lives at `handle`."""
    for service in table:
        for char in service.characteristics:
            if char.handle == handle:
                return char
    raise AttError(AttError.INVALID_HANDLE, f"no characteristic at handle {handle}")


def find_descriptor(table: Sequence[Service], handle: int) -> tuple[Characteristic, Descriptor]:
    """The descriptor at `handle` and the characteristic it belongs to."""
    for service in table:
        for char in service.characteristics:
            for descriptor in char.descriptors:
                if descriptor.handle == handle:
                    return char, descriptor
    raise AttError(AttError.INVALID_HANDLE, f"no descriptor at handle {handle}")
