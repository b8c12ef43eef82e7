"""Typed errors of the virtual Zigbee coordinator."""


class VirtualZigbeeError(Exception):
    """Base of every error the virtual coordinator raises."""


class FrameError(VirtualZigbeeError):
    """Bytes from the host are not a frame the coordinator understands."""


class ZclError(VirtualZigbeeError):
    """A ZCL or ZDO payload is malformed or uses a type the coordinator does not model."""


class CatalogueError(VirtualZigbeeError):
    """A device kind or device address is unknown, or a device definition is invalid."""


class JoinNotPermittedError(VirtualZigbeeError):
    """A device tried to join while the network was closed."""


class StateFileError(VirtualZigbeeError):
    """The persisted coordinator state cannot be read."""
