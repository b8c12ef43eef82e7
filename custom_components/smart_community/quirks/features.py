"""What a sensor of the line can do beyond its alarm, and the ZHA entities each adds.

ZHA names entities only from its own strings, so every translation key here is one
Home Assistant's ZHA integration already has; the rest get an English fallback name.
"""

from collections.abc import Callable
from enum import StrEnum

from zhaquirks.builder import (
    BinarySensorDeviceClass,
    EntityPlatform,
    EntityType,
    QuirkBuilder,
    ReportingConfig,
)
from zigpy.zcl.clusters.security import IasZone
from zigpy.zcl.foundation import ZCLAttributeDef

from .cluster import CLUSTER_ID, SelfTestResult, Sensitivity, SmartCommunityCluster

_ATTRIBUTES = SmartCommunityCluster.AttributeDefs
_ZONE_STATUS = IasZone.AttributeDefs.zone_status.name
# The device reports its self-test outcome once, when the test ends.
_ON_CHANGE = ReportingConfig(min_interval=0, max_interval=3600, reportable_change=1)


class Feature(StrEnum):
    """One capability of a model; the protocol document lists which model has which."""

    TAMPER = "tamper"
    BATTERY_LOW = "battery_low"
    MOTION_SENSITIVITY = "motion_sensitivity"
    DETECTION_SENSITIVITY = "detection_sensitivity"
    OCCUPANCY_TIMEOUT = "occupancy_timeout"
    SELF_TEST = "self_test"
    SILENCE = "silence"
    LED = "led"
    WARNING_DEVICE = "warning_device"


def zone_bits(mask: int) -> Callable[[int], bool]:
    """Turn an IAS zone status into whether any of the `mask` bits is set."""
    return lambda zone_status: bool(zone_status & mask)


def _hide_generic_zone_alarm(builder: QuirkBuilder) -> QuirkBuilder:
    # Matched by unique id: a cluster match would also remove the quirk's own entities.
    return builder.prevent_default_entity_creation(
        endpoint_id=1, unique_id_suffix=f"-{IasZone.cluster_id}"
    )


def add_alarm(builder: QuirkBuilder, device_class: BinarySensorDeviceClass) -> QuirkBuilder:
    """Replace ZHA's generic IAS entity with one whose device class is always right.

    ZHA derives the class from the zone type it reads, and has none for gas or SOS.
    """
    return _hide_generic_zone_alarm(builder).binary_sensor(
        _ZONE_STATUS,
        IasZone.cluster_id,
        entity_type=EntityType.STANDARD,
        device_class=device_class,
        attribute_converter=zone_bits(IasZone.ZoneStatus.Alarm_1 | IasZone.ZoneStatus.Alarm_2),
        unique_id_suffix="alarm",
        fallback_name="Alarm",
        primary=True,
    )


def _zone_bit(
    builder: QuirkBuilder, bit: int, device_class: BinarySensorDeviceClass, suffix: str
) -> QuirkBuilder:
    return builder.binary_sensor(
        _ZONE_STATUS,
        IasZone.cluster_id,
        device_class=device_class,
        attribute_converter=zone_bits(bit),
        unique_id_suffix=suffix,
        fallback_name=suffix.replace("_", " ").capitalize(),
    )


def _tamper(builder: QuirkBuilder) -> QuirkBuilder:
    return _zone_bit(
        builder, IasZone.ZoneStatus.Tamper, BinarySensorDeviceClass.TAMPER, "tamper"
    ).switch(
        _ATTRIBUTES.tamper_alarm_enabled.name,
        CLUSTER_ID,
        translation_key="enable_tamper_alarm",
        fallback_name="Enable tamper alarm",
    )


def _battery_low(builder: QuirkBuilder) -> QuirkBuilder:
    return _zone_bit(
        builder, IasZone.ZoneStatus.Battery, BinarySensorDeviceClass.BATTERY, "battery_low"
    )


def _sensitivity(
    translation_key: str, fallback_name: str
) -> Callable[[QuirkBuilder], QuirkBuilder]:
    return lambda builder: builder.enum(
        _ATTRIBUTES.sensitivity.name,
        Sensitivity,
        CLUSTER_ID,
        translation_key=translation_key,
        fallback_name=fallback_name,
    )


def _occupancy_timeout(builder: QuirkBuilder) -> QuirkBuilder:
    return builder.number(
        _ATTRIBUTES.occupancy_timeout.name,
        CLUSTER_ID,
        min_value=10,
        max_value=600,
        step=1,
        unit="s",
        translation_key="pir_o_to_u_delay",
        fallback_name="Occupancy timeout",
    )


def _write_one(
    builder: QuirkBuilder,
    attribute: ZCLAttributeDef,
    *,
    translation_key: str,
    fallback_name: str,
    entity_type: EntityType = EntityType.CONFIG,
    unique_id_suffix: str | None = None,
) -> QuirkBuilder:
    # The device takes a write of 1 to these attributes as the command itself.
    return builder.write_attr_button(
        attribute.name,
        1,
        CLUSTER_ID,
        entity_type=entity_type,
        unique_id_suffix=unique_id_suffix,
        translation_key=translation_key,
        fallback_name=fallback_name,
    )


def _self_test(builder: QuirkBuilder) -> QuirkBuilder:
    return _write_one(
        builder, _ATTRIBUTES.self_test, translation_key="self_test", fallback_name="Self-test"
    ).enum(
        _ATTRIBUTES.self_test_result.name,
        SelfTestResult,
        CLUSTER_ID,
        entity_platform=EntityPlatform.SENSOR,
        entity_type=EntityType.DIAGNOSTIC,
        reporting_config=_ON_CHANGE,
        translation_key="self_test_result",
        fallback_name="Self-test result",
    )


def _silence(builder: QuirkBuilder) -> QuirkBuilder:
    # ZHA has no button key for this; the fallback name shows instead.
    return _write_one(
        builder,
        _ATTRIBUTES.alarm_silence,
        entity_type=EntityType.STANDARD,
        unique_id_suffix="silence",
        translation_key="silence_alarm",
        fallback_name="Silence alarm",
    )


def _led(builder: QuirkBuilder) -> QuirkBuilder:
    return builder.switch(
        _ATTRIBUTES.led_indicator.name,
        CLUSTER_ID,
        translation_key="led_indicator",
        fallback_name="LED indicator",
    )


ADD_FEATURE: dict[Feature, Callable[[QuirkBuilder], QuirkBuilder]] = {
    Feature.TAMPER: _tamper,
    Feature.BATTERY_LOW: _battery_low,
    Feature.MOTION_SENSITIVITY: _sensitivity("motion_sensitivity", "Motion sensitivity"),
    Feature.DETECTION_SENSITIVITY: _sensitivity("detection_sensitivity", "Detection sensitivity"),
    Feature.OCCUPANCY_TIMEOUT: _occupancy_timeout,
    Feature.SELF_TEST: _self_test,
    Feature.SILENCE: _silence,
    Feature.LED: _led,
    # A siren's zone only reports tamper: ZHA's generic zone alarm would never turn on.
    Feature.WARNING_DEVICE: _hide_generic_zone_alarm,
}
