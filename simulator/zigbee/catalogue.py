"""Demo catalogue: generic battery sensors built only from standard ZCL clusters, and the
vendor's sensor line (`vendor_sensors`), which the integration's quirks match.
"""

from __future__ import annotations

from .devices import AttributeSpec, ClusterSpec, DeviceSpec, EndpointSpec
from .standard_clusters import (
    BATTERY_POWER,
    HUMIDITY_CLUSTER,
    TEMPERATURE_CLUSTER,
    basic,
    ias_zone,
    identify,
    power_configuration,
)
from .vendor_sensors import VENDOR_SENSORS
from .zcl_types import ZclType

MANUFACTURER = "Virtual Zigbee"
MANUFACTURER_CODE = 0x1234

MEASURED_VALUE = 0x0000

IAS_ZONE_DEVICE = 0x0402
TEMPERATURE_SENSOR_DEVICE = 0x0302
ZONE_TYPE_MOTION = 0x000D
ZONE_TYPE_CONTACT = 0x0015


def _common_clusters() -> tuple[ClusterSpec, ...]:
    return (basic(BATTERY_POWER), power_configuration(), identify())


def _ias_zone_device(model: str, zone_type: int) -> DeviceSpec:
    return DeviceSpec(
        manufacturer=MANUFACTURER,
        model=model,
        manufacturer_code=MANUFACTURER_CODE,
        endpoints=(EndpointSpec(1, IAS_ZONE_DEVICE, (*_common_clusters(), ias_zone(zone_type))),),
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
    **VENDOR_SENSORS,
}
