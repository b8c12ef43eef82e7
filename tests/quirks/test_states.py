"""What the sensors send over the air turns into the entity states ZHA shows."""

import pytest
from zha.application.gateway import Gateway
import zigpy.types as t
from zigpy.zcl import foundation
from zigpy.zcl.clusters.security import IasZone

from simulator.zigbee import VirtualCoordinator

from .catalog import models
from .network import entity, join, received, send

IEEE = "00:0d:6f:00:00:00:00:02"
VENDOR = 0xFC5A
VENDOR_CODE = 0x1A5C
ZONE = IasZone.ZoneStatus
ZONE_SUFFIXES = ("1-alarm", "1-tamper", "1-battery_low")


def _zone_models() -> list[str]:
    return [
        model
        for model, spec in models().items()
        if any(entity.suffix in ZONE_SUFFIXES for entity in spec.entities)
    ]


@pytest.mark.parametrize("model", _zone_models())
@pytest.mark.parametrize(
    ("zone_status", "expected"),
    [
        (ZONE.Alarm_1, {"1-alarm": True, "1-tamper": False, "1-battery_low": False}),
        (ZONE.Tamper, {"1-alarm": False, "1-tamper": True, "1-battery_low": False}),
        (ZONE.Battery, {"1-alarm": False, "1-tamper": False, "1-battery_low": True}),
        (ZONE.Alarm_1 | ZONE.Tamper | ZONE.Battery, dict.fromkeys(ZONE_SUFFIXES, True)),
    ],
    ids=["alarm", "tamper", "battery_low", "all"],
)
async def test_zone_status_change_sets_alarm_tamper_and_battery_low(
    gateway: Gateway,
    coordinator: VirtualCoordinator,
    model: str,
    zone_status: int,
    expected: dict[str, bool],
) -> None:
    """Each bit of the notification drives its own entity, and clearing resets them all."""
    spec = models()[model]
    sensor, device = await join(gateway, coordinator, spec, IEEE)
    present = {e.suffix for e in spec.entities} & set(ZONE_SUFFIXES)

    await send(gateway, sensor, lambda: coordinator.set_zone_status(sensor.ieee, zone_status))

    assert {suffix: entity(device, suffix).state.is_on for suffix in present} == {
        suffix: expected[suffix] for suffix in present
    }

    await send(gateway, sensor, lambda: coordinator.set_zone_status(sensor.ieee, 0))

    assert not any(entity(device, suffix).state.is_on for suffix in present)


@pytest.mark.parametrize(
    ("model", "report", "suffix", "field", "expected"),
    [
        ("SC-TH01", (0x0402, 0x0000, 2345), "1-1026", "native_value", 23.45),
        ("SC-TH01", (0x0405, 0x0000, 6100), "1-1029", "native_value", 61.0),
        ("SC-TH01", (0x0001, 0x0021, 37), "1-1", "native_value", 18.5),
        (
            "SC-SD01",
            (VENDOR, 0x0002, 2),
            "1-self_test_result",
            "native_value",
            "Failed",
        ),
        (
            "SC-PIR01",
            (VENDOR, 0x0001, 2),
            "1-sensitivity",
            "current_option",
            "High",
        ),
        ("SC-PIR01", (VENDOR, 0x0005, 0), "1-led_indicator", "is_on", False),
        (
            "SC-PIR01",
            (VENDOR, 0x0006, 90),
            "1-occupancy_timeout",
            "native_value",
            90,
        ),
    ],
)
async def test_attribute_report_updates_entity(
    gateway: Gateway,
    coordinator: VirtualCoordinator,
    model: str,
    report: tuple[int, int, int],
    suffix: str,
    *,
    field: str,
    expected: object,
) -> None:
    """Standard and manufacturer-specific reports reach the entity built on them."""
    sensor, device = await join(gateway, coordinator, models()[model], IEEE)

    cluster_id, attribute_id, value = report
    await send(
        gateway,
        sensor,
        lambda: coordinator.report_attributes(sensor.ieee, 1, cluster_id, {attribute_id: value}),
    )

    assert getattr(entity(device, suffix).state, field) == expected


def _vendor_writes(
    sensor_received: list[tuple[int, foundation.ZCLHeader, bytes]],
) -> list[int | None]:
    return [
        header.manufacturer
        for cluster_id, header, _ in sensor_received
        if cluster_id == VENDOR and header.command_id == foundation.GeneralCommand.Write_Attributes
    ]


async def test_config_entities_write_the_vendor_cluster(
    gateway: Gateway, coordinator: VirtualCoordinator
) -> None:
    """Select, number and switch write the device under the vendor's manufacturer code."""
    sensor, device = await join(gateway, coordinator, models()["SC-PIR01"], IEEE)

    await entity(device, "1-sensitivity").async_select_option("Low")
    await entity(device, "1-occupancy_timeout").async_set_native_value(300)
    await entity(device, "1-led_indicator").async_turn_off()
    await entity(device, "1-tamper_alarm_enabled").async_turn_on()

    assert sensor.attributes[1, VENDOR, 0x0001] == 0
    assert sensor.attributes[1, VENDOR, 0x0006] == 300
    assert sensor.attributes[1, VENDOR, 0x0005] == t.Bool.false
    assert sensor.attributes[1, VENDOR, 0x0000] == t.Bool.true
    assert _vendor_writes(received(sensor)) == [VENDOR_CODE] * 4
    assert entity(device, "1-sensitivity").state.current_option == "Low"


@pytest.mark.parametrize(
    ("suffix", "attribute_id"), [("1-self_test", 0x0004), ("1-silence", 0x0003)]
)
async def test_buttons_write_their_command_attribute(
    gateway: Gateway, coordinator: VirtualCoordinator, suffix: str, attribute_id: int
) -> None:
    """Self-test and silence are a write of 1 to their attribute."""
    sensor, device = await join(gateway, coordinator, models()["SC-SD01"], IEEE)

    await entity(device, suffix).async_press()

    assert sensor.attributes[1, VENDOR, attribute_id] == 1
    assert _vendor_writes(received(sensor)) == [VENDOR_CODE]


async def test_self_test_result_reporting_is_configured(
    gateway: Gateway, coordinator: VirtualCoordinator
) -> None:
    """ZHA asks the smoke alarm to report its self-test result, under the vendor code."""
    sensor, _ = await join(gateway, coordinator, models()["SC-SD01"], IEEE)

    configured = [
        header.manufacturer
        for cluster_id, header, _ in received(sensor)
        if cluster_id == VENDOR
        and header.command_id == foundation.GeneralCommand.Configure_Reporting
    ]
    assert configured == [VENDOR_CODE]
