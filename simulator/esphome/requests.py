"""What a native-API client asks of the proxy, parsed into typed requests."""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum

from .frames import Frame
from .proto import Decoded, MessageError, decode


class DeviceRequestType(IntEnum):
    """`BluetoothDeviceRequestType` in api.proto."""

    CONNECT = 0
    DISCONNECT = 1
    PAIR = 2
    UNPAIR = 3
    CONNECT_V3_WITH_CACHE = 4
    CONNECT_V3_WITHOUT_CACHE = 5
    CLEAR_CACHE = 6


class ScannerMode(IntEnum):
    """`BluetoothScannerMode` in api.proto."""

    PASSIVE = 0
    ACTIVE = 1


# `BluetoothProxySubscriptionFlag.RAW_ADVERTISEMENTS`: batches of raw advertising data.
SUBSCRIBE_RAW = 1 << 0


@dataclass(frozen=True, slots=True)
class Hello:
    """The client introduces itself and its API version."""

    client_info: str
    api_version_major: int
    api_version_minor: int


@dataclass(frozen=True, slots=True)
class Authenticate:
    """The legacy API password; never shown."""

    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Query:
    """A request without fields that wants a fixed answer (ping, device info, entities...)."""

    name: str


@dataclass(frozen=True, slots=True)
class Subscribe:
    """A subscription the proxy accepts and has nothing to send for (states, logs...)."""

    name: str


@dataclass(frozen=True, slots=True)
class SubscribeAdvertisements:
    """Start streaming advertisements; `flags` selects raw batches."""

    flags: int


@dataclass(frozen=True, slots=True)
class UnsubscribeAdvertisements:
    """Stop streaming advertisements."""


@dataclass(frozen=True, slots=True)
class SubscribeConnectionsFree:
    """Report free connection slots now and whenever they change."""


@dataclass(frozen=True, slots=True)
class SetScannerMode:
    """Switch between passive and active scanning."""

    mode: ScannerMode


@dataclass(frozen=True, slots=True)
class DeviceRequest:
    """Connect to, disconnect from, pair or clear the cache of a peripheral."""

    address: int
    request_type: DeviceRequestType
    address_type: int | None


@dataclass(frozen=True, slots=True)
class GetServices:
    """List the GATT table of a connected peripheral."""

    address: int


@dataclass(frozen=True, slots=True)
class Read:
    """Read a characteristic value or, with `descriptor`, a descriptor."""

    address: int
    handle: int
    descriptor: bool


@dataclass(frozen=True, slots=True)
class Write:
    """Write a characteristic value or a descriptor."""

    address: int
    handle: int
    data: bytes
    response: bool
    descriptor: bool


@dataclass(frozen=True, slots=True)
class Notify:
    """Register (or drop) the proxy's interest in a characteristic's notifications."""

    address: int
    handle: int
    enable: bool


@dataclass(frozen=True, slots=True)
class ConnectionParams:
    """Ask for other link timing on a connected peripheral."""

    address: int
    min_interval: int
    max_interval: int
    latency: int
    timeout: int


@dataclass(frozen=True, slots=True)
class Ignored:
    """A message this proxy has no use for (answers to its own requests, other features)."""

    name: str


type Request = (
    Hello
    | Authenticate
    | Query
    | Subscribe
    | SubscribeAdvertisements
    | UnsubscribeAdvertisements
    | SubscribeConnectionsFree
    | SetScannerMode
    | DeviceRequest
    | GetServices
    | Read
    | Write
    | Notify
    | ConnectionParams
    | Ignored
)

QUERIES = frozenset(
    {
        "DisconnectRequest",
        "PingRequest",
        "DeviceInfoRequest",
        "DeviceCapabilitiesRequest",
        "ListEntitiesRequest",
        "GetTimeRequest",
    }
)
SUBSCRIPTIONS = frozenset(
    {
        "SubscribeStatesRequest",
        "SubscribeLogsRequest",
        "SubscribeHomeassistantServicesRequest",
        "SubscribeHomeAssistantStatesRequest",
    }
)


def _enum[E: IntEnum](kind: type[E], value: int, where: str) -> E:
    try:
        return kind(value)
    except ValueError as err:
        msg = f"{where}: unknown value {value}"
        raise MessageError(msg) from err


def _device_request(m: Decoded) -> DeviceRequest:
    kind = _enum(DeviceRequestType, m.integer("request_type"), m.name)
    address_type = m.integer("address_type") if m.flag("has_address_type") else None
    return DeviceRequest(m.integer("address"), kind, address_type)


def _write(m: Decoded, *, descriptor: bool) -> Write:
    # Descriptor writes carry no response flag; the firmware always acknowledges them.
    response = True if descriptor else m.flag("response")
    return Write(m.integer("address"), m.integer("handle"), m.data("data"), response, descriptor)


_PARSERS: dict[str, Callable[[Decoded], Request]] = {
    "HelloRequest": lambda m: Hello(
        m.text("client_info"), m.integer("api_version_major"), m.integer("api_version_minor")
    ),
    "AuthenticationRequest": lambda m: Authenticate(m.text("password")),
    "SubscribeBluetoothLEAdvertisementsRequest": lambda m: SubscribeAdvertisements(
        m.integer("flags")
    ),
    "UnsubscribeBluetoothLEAdvertisementsRequest": lambda _m: UnsubscribeAdvertisements(),
    "SubscribeBluetoothConnectionsFreeRequest": lambda _m: SubscribeConnectionsFree(),
    "BluetoothScannerSetModeRequest": lambda m: SetScannerMode(
        _enum(ScannerMode, m.integer("mode"), m.name)
    ),
    "BluetoothDeviceRequest": _device_request,
    "BluetoothGATTGetServicesRequest": lambda m: GetServices(m.integer("address")),
    "BluetoothGATTReadRequest": lambda m: Read(
        m.integer("address"), m.integer("handle"), descriptor=False
    ),
    "BluetoothGATTReadDescriptorRequest": lambda m: Read(
        m.integer("address"), m.integer("handle"), descriptor=True
    ),
    "BluetoothGATTWriteRequest": lambda m: _write(m, descriptor=False),
    "BluetoothGATTWriteDescriptorRequest": lambda m: _write(m, descriptor=True),
    "BluetoothGATTNotifyRequest": lambda m: Notify(
        m.integer("address"), m.integer("handle"), m.flag("enable")
    ),
    "BluetoothSetConnectionParamsRequest": lambda m: ConnectionParams(
        m.integer("address"),
        m.integer("min_interval"),
        m.integer("max_interval"),
        m.integer("latency"),
        m.integer("timeout"),
    ),
}


def parse_request(frame: Frame) -> Request:
    """The typed request a frame carries; `MessageError` if it does not decode."""
    decoded = decode(frame)
    if decoded is None:
        return Ignored(f"#{frame.msg_type}")
    if parser := _PARSERS.get(decoded.name):
        return parser(decoded)
    if decoded.name in QUERIES:
        return Query(decoded.name)
    if decoded.name in SUBSCRIPTIONS:
        return Subscribe(decoded.name)
    return Ignored(decoded.name)
