"""A virtual ESPHome Bluetooth proxy, written from the native API in aioesphomeapi's api.proto.

`VirtualBluetoothProxy` is a plaintext native-API server that Home Assistant's ESPHome
integration adds by host and port. It streams raw advertisements of the
`VirtualPeripheral`s it carries and relays GATT connections to them. `DemoCounter` is a
generic peripheral to try it with. See docs/protocols/virtual-bluetooth-proxy.md.
"""

from .advertising import Advertisement
from .cli import main, serve
from .demo import DemoCounter
from .gatt import (
    AttError,
    Characteristic,
    CharacteristicSpec,
    Descriptor,
    Property,
    Service,
    ServiceSpec,
    build_table,
)
from .identity import ProxyIdentity
from .peripheral import PeripheralLink, VirtualPeripheral
from .server import VirtualBluetoothProxy

__all__ = [
    "Advertisement",
    "AttError",
    "Characteristic",
    "CharacteristicSpec",
    "DemoCounter",
    "Descriptor",
    "PeripheralLink",
    "Property",
    "ProxyIdentity",
    "Service",
    "ServiceSpec",
    "VirtualBluetoothProxy",
    "VirtualPeripheral",
    "build_table",
    "main",
    "serve",
]
