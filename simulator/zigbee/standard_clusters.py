"""Standard ZCL server clusters as the catalogue's battery sensors carry them."""

from __future__ import annotations

from .devices import (
    BASIC_CLUSTER,
    IAS_CIE_ADDRESS,
    IAS_ZONE_CLUSTER,
    IAS_ZONE_ID,
    IAS_ZONE_STATE,
    IAS_ZONE_STATUS,
    IAS_ZONE_TYPE,
    AttributeSpec,
    ClusterSpec,
)
from .zcl_types import ZclType

POWER_CONFIGURATION_CLUSTER = 0x0001
IDENTIFY_CLUSTER = 0x0003
TEMPERATURE_CLUSTER = 0x0402
HUMIDITY_CLUSTER = 0x0405
BATTERY_PERCENTAGE = 0x0021
MAINS_POWER = 0x01
BATTERY_POWER = 0x03


def basic(power_source: int) -> ClusterSpec:
    """Basic: ZCL version and power source (manufacturer and model come from the spec)."""
    return ClusterSpec(
        BASIC_CLUSTER,
        (
            AttributeSpec(0x0000, ZclType.UINT8, 8),  # ZCL version
            AttributeSpec(0x0007, ZclType.ENUM8, power_source),
        ),
    )


def power_configuration() -> ClusterSpec:
    """Power configuration of a fresh battery: 3.0 V, 100 %."""
    return ClusterSpec(
        POWER_CONFIGURATION_CLUSTER,
        (
            AttributeSpec(0x0020, ZclType.UINT8, 30),  # 100 mV units
            AttributeSpec(BATTERY_PERCENTAGE, ZclType.UINT8, 200),  # half-% steps
        ),
    )


def identify() -> ClusterSpec:
    """Identify, with its writable identify time."""
    return ClusterSpec(IDENTIFY_CLUSTER, (AttributeSpec(0x0000, ZclType.UINT16, 0, writable=True),))


def ias_zone(zone_type: int) -> ClusterSpec:
    """IAS Zone of a zone not yet enrolled; the coordinator writes the CIE address."""
    return ClusterSpec(
        IAS_ZONE_CLUSTER,
        (
            AttributeSpec(IAS_ZONE_STATE, ZclType.ENUM8, 0),
            AttributeSpec(IAS_ZONE_TYPE, ZclType.ENUM16, zone_type),
            AttributeSpec(IAS_ZONE_STATUS, ZclType.BITMAP16, 0),
            AttributeSpec(IAS_CIE_ADDRESS, ZclType.IEEE_ADDRESS, 0, writable=True),
            AttributeSpec(IAS_ZONE_ID, ZclType.UINT8, 0xFF),
        ),
    )
