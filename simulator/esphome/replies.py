"""Messages the proxy sends, built from typed values."""

from collections.abc import Iterable, Sequence
import time
from uuid import UUID

from .frames import Frame
from .gatt import Characteristic, Service
from .identity import API_VERSION, FEATURES, ProxyIdentity
from .proto import encode
from .requests import ScannerMode

# `BluetoothScannerState.RUNNING`.
_SCANNER_RUNNING = 2
_SERVER_INFO = "Smart Community virtual Bluetooth proxy"


def hello(identity: ProxyIdentity) -> Frame:
    """Answer to HelloRequest."""
    major, minor = API_VERSION
    return encode(
        "HelloResponse",
        api_version_major=major,
        api_version_minor=minor,
        server_info=_SERVER_INFO,
        name=identity.name,
    )


def device_info(identity: ProxyIdentity) -> Frame:
    """Answer to DeviceInfoRequest."""
    return encode(
        "DeviceInfoResponse",
        name=identity.name,
        friendly_name=identity.friendly_name,
        mac_address=identity.mac_address,
        bluetooth_mac_address=identity.bluetooth_mac_address,
        model=identity.model,
        manufacturer=identity.manufacturer,
        esphome_version=identity.esphome_version,
        compilation_time="",
        bluetooth_proxy_feature_flags=int(FEATURES),
    )


def capabilities(identity: ProxyIdentity) -> Frame:
    """Answer to DeviceCapabilitiesRequest (API 1.15+)."""
    return encode(
        "DeviceCapabilitiesResponse",
        bluetooth_proxy={
            "feature_flags": int(FEATURES),
            "mac_address": identity.bluetooth_mac_address,
        },
    )


def empty(name: str) -> Frame:
    """A message without fields: PingResponse, ListEntitiesDoneResponse..."""
    return encode(name)


def time_now() -> Frame:
    """Answer to GetTimeRequest."""
    return encode("GetTimeResponse", epoch_seconds=int(time.time()), timezone="UTC0")


def scanner_state(mode: ScannerMode) -> Frame:
    """The scanner runs in `mode`; sent on subscription and on every mode change."""
    return encode(
        "BluetoothScannerStateResponse",
        state=_SCANNER_RUNNING,
        mode=int(mode),
        configured_mode=int(ScannerMode.PASSIVE),
    )


def connections_free(free: int, limit: int, allocated: Iterable[int]) -> Frame:
    """Connection-slot bookkeeping."""
    return encode(
        "BluetoothConnectionsFreeResponse", free=free, limit=limit, allocated=list(allocated)
    )


def raw_advertisements(adverts: Sequence[tuple[int, int, int, bytes]]) -> Frame:
    """One batch of (address, rssi, address type, raw data)."""
    return encode(
        "BluetoothLERawAdvertisementsResponse",
        advertisements=[
            {"address": address, "rssi": rssi, "address_type": kind, "data": data}
            for address, rssi, kind, data in adverts
        ],
    )


def connection(address: int, *, connected: bool, mtu: int = 0, error: int = 0) -> Frame:
    """A link came up, went down or could not be made."""
    return encode(
        "BluetoothDeviceConnectionResponse",
        address=address,
        connected=connected,
        mtu=mtu,
        error=error,
    )


def _split(uuid: UUID) -> list[int]:
    return [uuid.int >> 64, uuid.int & 0xFFFF_FFFF_FFFF_FFFF]


def _characteristic(char: Characteristic) -> dict[str, object]:
    return {
        "uuid": _split(char.uuid),
        "handle": char.handle,
        "properties": int(char.properties),
        "descriptors": [{"uuid": _split(d.uuid), "handle": d.handle} for d in char.descriptors],
    }


def services(address: int, table: Sequence[Service]) -> list[Frame]:
    """The GATT table, one service per message as the firmware sends it, then done."""
    frames = [
        encode(
            "BluetoothGATTGetServicesResponse",
            address=address,
            services=[
                {
                    "uuid": _split(service.uuid),
                    "handle": service.handle,
                    "characteristics": [_characteristic(c) for c in service.characteristics],
                }
            ],
        )
        for service in table
    ]
    frames.append(encode("BluetoothGATTGetServicesDoneResponse", address=address))
    return frames


def read(address: int, handle: int, data: bytes) -> Frame:
    """A characteristic or descriptor value."""
    return encode("BluetoothGATTReadResponse", address=address, handle=handle, data=data)


def written(address: int, handle: int) -> Frame:
    """A write with response was accepted."""
    return encode("BluetoothGATTWriteResponse", address=address, handle=handle)


def notify_registered(address: int, handle: int) -> Frame:
    """The proxy now forwards notifications of `handle`."""
    return encode("BluetoothGATTNotifyResponse", address=address, handle=handle)


def notification(address: int, handle: int, data: bytes) -> Frame:
    """A notification from the peripheral."""
    return encode("BluetoothGATTNotifyDataResponse", address=address, handle=handle, data=data)


def gatt_error(address: int, handle: int, error: int) -> Frame:
    """A GATT operation failed: ATT error code, or -1 for not connected."""
    return encode("BluetoothGATTErrorResponse", address=address, handle=handle, error=error)


def connection_params(address: int, error: int = 0) -> Frame:
    """Answer to BluetoothSetConnectionParamsRequest."""
    return encode("BluetoothSetConnectionParamsResponse", address=address, error=error)
