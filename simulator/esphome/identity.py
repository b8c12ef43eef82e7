"""Who the virtual proxy says it is, and which Bluetooth proxy features it offers."""

from dataclasses import dataclass
from enum import IntFlag

# The API version this server speaks; the installed aioesphomeapi asks for 1.18.
API_VERSION = (1, 18)


class ProxyFeature(IntFlag):
    """`BluetoothProxyFeature` bits reported in the device info."""

    PASSIVE_SCAN = 1 << 0
    ACTIVE_CONNECTIONS = 1 << 1
    REMOTE_CACHING = 1 << 2
    PAIRING = 1 << 3
    CACHE_CLEARING = 1 << 4
    RAW_ADVERTISEMENTS = 1 << 5
    FEATURE_STATE_AND_MODE = 1 << 6
    CONNECTION_PARAMS_SETTING = 1 << 7


# What this proxy implements: scanning, connections with remote caching (services are
# fetched on request and CCCDs written by the client), raw advertisement batches, scanner
# state and mode, and connection parameters. No pairing: the virtual peripherals bond
# at the application layer.
FEATURES = (
    ProxyFeature.PASSIVE_SCAN
    | ProxyFeature.ACTIVE_CONNECTIONS
    | ProxyFeature.REMOTE_CACHING
    | ProxyFeature.RAW_ADVERTISEMENTS
    | ProxyFeature.FEATURE_STATE_AND_MODE
    | ProxyFeature.CONNECTION_PARAMS_SETTING
)


@dataclass(frozen=True, slots=True)
class ProxyIdentity:
    """Name and addresses; Home Assistant keys the config entry on `mac_address`."""

    name: str = "virtual-bluetooth-proxy"
    friendly_name: str = "Virtual Bluetooth proxy"
    mac_address: str = "02:5C:00:00:00:01"
    bluetooth_mac_address: str = "02:5C:00:00:00:02"
    model: str = "Virtual Bluetooth proxy"
    manufacturer: str = "Smart Community simulator"
    esphome_version: str = "2026.10.0"
    connection_slots: int = 3
