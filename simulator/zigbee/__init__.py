"""Virtual Zigbee coordinator: an XBee (API mode 2) radio on a TCP socket with virtual devices.

Home Assistant's ZHA and zigpy-xbee reach it as `socket://127.0.0.1:PORT`.
"""

from .coordinator import VirtualCoordinator
from .devices import AttributeSpec, ClusterSpec, DeviceSpec, EndpointSpec, LogicalType
from .errors import (
    CatalogueError,
    FrameError,
    JoinNotPermittedError,
    StateFileError,
    VirtualZigbeeError,
    ZclError,
)
from .radio import NetworkSettings
from .virtual_device import VirtualDevice

__all__ = [
    "AttributeSpec",
    "CatalogueError",
    "ClusterSpec",
    "DeviceSpec",
    "EndpointSpec",
    "FrameError",
    "JoinNotPermittedError",
    "LogicalType",
    "NetworkSettings",
    "StateFileError",
    "VirtualCoordinator",
    "VirtualDevice",
    "VirtualZigbeeError",
    "ZclError",
]
