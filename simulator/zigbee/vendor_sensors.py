"""The vendor's sensor line (docs/protocols/zigbee-devices.md) as virtual device specs.

Manufacturer, models, endpoint signatures and the manufacturer cluster 0xFC5A follow the
document's tables, so the integration's quirks match these devices exactly as real ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from .devices import AttributeSpec, ClusterSpec, DeviceSpec, EndpointSpec, LogicalType
from .standard_clusters import (
    BATTERY_POWER,
    HUMIDITY_CLUSTER,
    MAINS_POWER,
    TEMPERATURE_CLUSTER,
    basic,
    ias_zone,
    identify,
    power_configuration,
)
from .zcl_types import ZclType

MANUFACTURER = "SmartCommunity"
MANUFACTURER_CODE = 0x1A5C
VENDOR_CLUSTER = 0xFC5A

OTA_CLUSTER = 0x0019
IAS_WD_CLUSTER = 0x0502

IAS_ZONE_DEVICE = 0x0402
IAS_WARNING_DEVICE = 0x0403
TEMPERATURE_SENSOR_DEVICE = 0x0302

# Manufacturer attributes of cluster 0xFC5A: (type, value at join, writable).
_VENDOR_ATTRIBUTES: dict[int, tuple[ZclType, int, bool]] = {
    0x0000: (ZclType.BOOL, 0, True),  # tamper_alarm_enabled
    0x0001: (ZclType.ENUM8, 1, True),  # sensitivity
    0x0002: (ZclType.ENUM8, 0, False),  # self_test_result
    0x0003: (ZclType.BOOL, 0, True),  # alarm_silence
    0x0004: (ZclType.BOOL, 0, True),  # self_test (write 1 to start)
    0x0005: (ZclType.BOOL, 1, True),  # led_indicator
    0x0006: (ZclType.UINT16, 60, True),  # occupancy_timeout
}


@dataclass(frozen=True, slots=True)
class _Model:
    model: str
    device_type: int
    zone_type: int | None
    vendor_attributes: tuple[int, ...]
    mains: bool = False
    climate: bool = False
    warning_device: bool = False


def _vendor_cluster(attribute_ids: tuple[int, ...]) -> ClusterSpec:
    return ClusterSpec(
        VENDOR_CLUSTER,
        tuple(
            AttributeSpec(i, zcl_type, value, writable=writable)
            for i in attribute_ids
            for zcl_type, value, writable in (_VENDOR_ATTRIBUTES[i],)
        ),
    )


def _spec(model: _Model) -> DeviceSpec:
    clusters = [basic(MAINS_POWER if model.mains else BATTERY_POWER)]
    if not model.mains:
        clusters.append(power_configuration())
    clusters.append(identify())
    if model.climate:
        clusters += [
            ClusterSpec(TEMPERATURE_CLUSTER, (AttributeSpec(0x0000, ZclType.INT16, 2150),)),
            ClusterSpec(HUMIDITY_CLUSTER, (AttributeSpec(0x0000, ZclType.UINT16, 4550),)),
        ]
    if model.zone_type is not None:
        clusters.append(ias_zone(model.zone_type))
    if model.warning_device:
        clusters.append(
            ClusterSpec(
                IAS_WD_CLUSTER, (AttributeSpec(0x0000, ZclType.UINT16, 240, writable=True),)
            )
        )
    clusters.append(_vendor_cluster(model.vendor_attributes))
    return DeviceSpec(
        manufacturer=MANUFACTURER,
        model=model.model,
        manufacturer_code=MANUFACTURER_CODE,
        endpoints=(EndpointSpec(1, model.device_type, tuple(clusters), (OTA_CLUSTER,)),),
        logical_type=LogicalType.ROUTER if model.mains else LogicalType.END_DEVICE,
        mains_powered=model.mains,
    )


_MODELS = (
    _Model("SC-DW01", IAS_ZONE_DEVICE, 0x0015, (0x0000, 0x0005)),
    _Model("SC-PIR01", IAS_ZONE_DEVICE, 0x000D, (0x0000, 0x0001, 0x0005, 0x0006)),
    _Model("SC-WL01", IAS_ZONE_DEVICE, 0x002A, (0x0000,)),
    _Model("SC-SD01", IAS_ZONE_DEVICE, 0x0028, (0x0000, 0x0002, 0x0003, 0x0004, 0x0005)),
    _Model("SC-GS01", IAS_ZONE_DEVICE, 0x002B, (0x0001, 0x0002, 0x0003, 0x0004), mains=True),
    _Model("SC-TH01", TEMPERATURE_SENSOR_DEVICE, None, (0x0005,), climate=True),
    _Model("SC-SOS01", IAS_ZONE_DEVICE, 0x002C, ()),
    _Model(
        "SC-SR01",
        IAS_WARNING_DEVICE,
        0x0225,
        (0x0000, 0x0003, 0x0005),
        mains=True,
        warning_device=True,
    ),
)

# Kinds are the model strings in lower case, e.g. "sc-wl01" for the water leak sensor.
VENDOR_SENSORS: dict[str, DeviceSpec] = {m.model.lower(): _spec(m) for m in _MODELS}
