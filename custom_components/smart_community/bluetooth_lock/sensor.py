"""Sensors of a Bluetooth lock: what it advertises besides its state, and enrolment prompts."""

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, SIGNAL_STRENGTH_DECIBELS_MILLIWATT, EntityCategory

from .coordinator import LockData
from .enrolment import EnrolmentPrompt
from .entity import LockFamilyEntity, platform_entities


@dataclass(frozen=True, kw_only=True)
class LockSensorDescription(SensorEntityDescription):
    """A lock sensor and where its value comes from."""

    value_fn: Callable[[LockData], int | None]


LOCK_SENSORS = (
    LockSensorDescription(
        key="battery",
        device_class=SensorDeviceClass.BATTERY,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda data: data.battery,
    ),
    LockSensorDescription(
        key="signal_strength",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda data: data.rssi,
    ),
)


class LockSensor(LockFamilyEntity, SensorEntity):
    """A number the lock advertises."""

    entity_description: LockSensorDescription

    @property
    def native_value(self) -> int | None:
        """Current value."""
        return self.entity_description.value_fn(self.coordinator.data_now)


LOCK_ENROLMENT = SensorEntityDescription(
    key="enrolment",
    translation_key="enrolment",
    device_class=SensorDeviceClass.ENUM,
    options=[prompt.value for prompt in EnrolmentPrompt],
)


class LockEnrolmentSensor(LockFamilyEntity, SensorEntity):
    """What to do at the lock while a card or finger is enrolled: the prompt, translated."""

    @property
    def native_value(self) -> str:
        """The current prompt."""
        return self.coordinator.data_now.enrolment.prompt.value

    @property
    def extra_state_attributes(self) -> dict[str, int | None]:
        """Touches of the finger so far, and how many the lock needs."""
        enrolment = self.coordinator.data_now.enrolment
        return {"touches": enrolment.touches, "touches_needed": enrolment.touches_needed}


async_setup_entry = platform_entities(
    lambda coordinator: [
        *(LockSensor(coordinator, d) for d in LOCK_SENSORS),
        LockEnrolmentSensor(coordinator, LOCK_ENROLMENT),
    ]
)
