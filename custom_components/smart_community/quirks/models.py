"""The vendor's sensor line: one ZHA quirk per model."""

from dataclasses import dataclass
from typing import Final

from zha.quirks import DeviceRegistry, QuirkRegistryEntry  # type: ignore[import-untyped]
from zhaquirks.builder import BinarySensorDeviceClass, QuirkBuilder

from .cluster import SmartCommunityCluster
from .features import ADD_FEATURE, Feature, add_alarm

MANUFACTURER: Final = "SmartCommunity"


@dataclass(frozen=True, slots=True)
class Model:
    """A model string, the class of its IAS alarm (if it has one) and its features."""

    model: str
    alarm: BinarySensorDeviceClass | None
    features: tuple[Feature, ...]


MODELS: Final = (
    Model(
        "SC-DW01",
        BinarySensorDeviceClass.OPENING,
        (Feature.TAMPER, Feature.BATTERY_LOW, Feature.LED),
    ),
    Model(
        "SC-PIR01",
        BinarySensorDeviceClass.MOTION,
        (
            Feature.TAMPER,
            Feature.BATTERY_LOW,
            Feature.MOTION_SENSITIVITY,
            Feature.OCCUPANCY_TIMEOUT,
            Feature.LED,
        ),
    ),
    Model(
        "SC-WL01",
        BinarySensorDeviceClass.MOISTURE,
        (Feature.TAMPER, Feature.BATTERY_LOW),
    ),
    Model(
        "SC-SD01",
        BinarySensorDeviceClass.SMOKE,
        (Feature.TAMPER, Feature.BATTERY_LOW, Feature.SELF_TEST, Feature.SILENCE, Feature.LED),
    ),
    Model(
        "SC-GS01",
        BinarySensorDeviceClass.GAS,
        (Feature.DETECTION_SENSITIVITY, Feature.SELF_TEST, Feature.SILENCE),
    ),
    Model("SC-TH01", None, (Feature.LED,)),
    Model("SC-SOS01", BinarySensorDeviceClass.SAFETY, (Feature.BATTERY_LOW,)),
    Model(
        "SC-SR01",
        None,
        (Feature.WARNING_DEVICE, Feature.TAMPER, Feature.SILENCE, Feature.LED),
    ),
)


def _build(model: Model) -> QuirkRegistryEntry:
    builder = QuirkBuilder(MANUFACTURER, model.model).replaces(SmartCommunityCluster)
    if model.alarm is not None:
        builder = add_alarm(builder, model.alarm)
    for feature in model.features:
        builder = ADD_FEATURE[feature](builder)
    # Built into a scratch registry so that importing this module registers nothing:
    # the integration decides when the quirks reach ZHA's registry.
    return builder.add_to_registry(DeviceRegistry())


QUIRKS: Final[tuple[QuirkRegistryEntry, ...]] = tuple(_build(model) for model in MODELS)
