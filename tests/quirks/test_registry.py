"""Registering the quirks, and what happens to sensors ZHA knew before they existed."""

from pathlib import Path

import pytest
from zha.application.platforms import ENTITY_REGISTRY
from zha.quirks import DeviceRegistry
from zigpy.zcl import Cluster

from custom_components.smart_community.quirks import QUIRKS, register_quirks
from simulator.zigbee import VirtualCoordinator

from .catalog import models
from .network import entity_specs, join, start_gateway

IEEE = "00:0d:6f:00:00:00:00:03"
VENDOR_CLUSTER = 0xFC5A


def test_registering_again_changes_nothing(quirk_registry: DeviceRegistry) -> None:
    """Home Assistant may set the integration up more than once in a process."""
    register_quirks(quirk_registry)
    registered = list(quirk_registry)

    register_quirks(quirk_registry)

    assert list(quirk_registry) == registered
    assert all(entry in registered for entry in QUIRKS)


def test_there_is_one_quirk_per_documented_model() -> None:
    """The document and the quirks name the same models."""
    applies_to = [model for entry in QUIRKS for _, model in entry.device_match.applies_to]
    assert sorted(applies_to) == sorted(models())


def test_nothing_in_zha_or_zigpy_claims_the_vendor_cluster() -> None:
    """No ZHA entity class and no zigpy cluster definition uses the vendor's cluster id."""
    assert VENDOR_CLUSTER not in ENTITY_REGISTRY
    assert VENDOR_CLUSTER not in Cluster._registry


@pytest.mark.parametrize("model", list(models()))
async def test_no_other_quirk_matches_our_models(
    quirk_registry: DeviceRegistry, coordinator: VirtualCoordinator, model: str
) -> None:
    """With every zha-quirks quirk loaded but ours not registered, a sensor joins bare."""
    gateway = await start_gateway(coordinator)
    try:
        _, device = await join(gateway, coordinator, models()[model], IEEE)
        assert not device.quirk_applied
    finally:
        await gateway.shutdown()


async def test_sensor_known_before_registration_is_quirked_after_restart(
    quirk_registry: DeviceRegistry, coordinator: VirtualCoordinator, tmp_path: Path
) -> None:
    """zigpy quirks a device only when it loads it: a ZHA restart after registering does."""
    spec = models()["SC-DW01"]
    database = tmp_path / "zigbee.db"
    gateway = await start_gateway(coordinator, database)
    try:
        _, device = await join(gateway, coordinator, spec, IEEE)
        register_quirks(quirk_registry)
        assert not device.quirk_applied
        assert "1-tamper" not in {entity.suffix for entity in entity_specs(device)}
    finally:
        await gateway.shutdown()

    gateway = await start_gateway(coordinator, database)
    try:
        device = gateway.devices[device.ieee]
        assert device.quirk_applied
        assert entity_specs(device) == set(spec.entities)
    finally:
        await gateway.shutdown()
