"""Demo catalogue: generic battery sensors built only from standard ZCL clusters.

These stand in until the vendor's sensor line is described as DeviceSpecs of its own.
"""

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
    DeviceSpec,
    EndpointSpec,
)
from .zcl_types import ZclType

MANUFACTURER = "Virtual Zigbee"
MANUFACTURER_CODE = 0x1234

POWER_CONFIGURATION_CLUSTER = 0x0001
IDENTIFY_CLUSTER = 0x0003
TEMPERATURE_CLUSTER = 0x0402
HUMIDITY_CLUSTER = 0x0405
BATTERY_PERCENTAGE = 0x0021
MEASURED_VALUE = 0x0000

IAS_ZONE_DEVICE = 0x0402
TEMPERATURE_SENSOR_DEVICE = 0x0302
ZONE_TYPE_MOTION = 0x000D
ZONE_TYPE_CONTACT = 0x0015

_BATTERY_SOURCE = 0x03


def _common_clusters() -> tuple[ClusterSpec, ...]:
    return (
        ClusterSpec(
            BASIC_CLUSTER,
            (
                AttributeSpec(0x0000, ZclType.UINT8, 8),  # ZCL version
                AttributeSpec(0x0007, ZclType.ENUM8, _BATTERY_SOURCE),
            ),
        ),
        ClusterSpec(
            POWER_CONFIGURATION_CLUSTER,
            (
                AttributeSpec(0x0020, ZclType.UINT8, 30),  # 3.0 V
                AttributeSpec(BATTERY_PERCENTAGE, ZclType.UINT8, 200),  # 100 %, half-% steps
            ),
        ),
        ClusterSpec(IDENTIFY_CLUSTER, (AttributeSpec(0x0000, ZclType.UINT16, 0, writable=True),)),
    )


def _ias_zone_device(model: str, zone_type: int) -> DeviceSpec:
    ias_zone = ClusterSpec(
        IAS_ZONE_CLUSTER,
        (
            AttributeSpec(IAS_ZONE_STATE, ZclType.ENUM8, 0),
            AttributeSpec(IAS_ZONE_TYPE, ZclType.ENUM16, zone_type),
            AttributeSpec(IAS_ZONE_STATUS, ZclType.BITMAP16, 0),
            AttributeSpec(IAS_CIE_ADDRESS, ZclType.IEEE_ADDRESS, 0, writable=True),
            AttributeSpec(IAS_ZONE_ID, ZclType.UINT8, 0xFF),
        ),
    )
    return DeviceSpec(
        manufacturer=MANUFACTURER,
        model=model,
        manufacturer_code=MANUFACTURER_CODE,
        endpoints=(EndpointSpec(1, IAS_ZONE_DEVICE, (*_common_clusters(), ias_zone)),),
    )


CONTACT_SENSOR = _ias_zone_device("VZ-CONTACT", ZONE_TYPE_CONTACT)
MOTION_SENSOR = _ias_zone_device("VZ-MOTION", ZONE_TYPE_MOTION)
CLIMATE_SENSOR = DeviceSpec(
    manufacturer=MANUFACTURER,
    model="VZ-CLIMATE",
    manufacturer_code=MANUFACTURER_CODE,
    endpoints=(
        EndpointSpec(
            1,
            TEMPERATURE_SENSOR_DEVICE,
            (
                *_common_clusters(),
                ClusterSpec(
                    TEMPERATURE_CLUSTER,
                    (
                        AttributeSpec(MEASURED_VALUE, ZclType.INT16, 2150),  # 0.01 °C
                        AttributeSpec(0x0001, ZclType.INT16, -4000),
                        AttributeSpec(0x0002, ZclType.INT16, 12500),
                    ),
                ),
                ClusterSpec(
                    HUMIDITY_CLUSTER,
                    (AttributeSpec(MEASURED_VALUE, ZclType.UINT16, 4500),),  # 0.01 %RH
                ),
            ),
        ),
    ),
)

DEMO_CATALOGUE: dict[str, DeviceSpec] = {
    "contact": CONTACT_SENSOR,
    "motion": MOTION_SENSOR,
    "climate": CLIMATE_SENSOR,
}
