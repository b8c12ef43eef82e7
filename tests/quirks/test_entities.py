"""Each model, joined to ZHA, yields exactly the entities the protocol document lists."""

import pytest
from zha.application.gateway import Gateway

from simulator.zigbee import VirtualCoordinator

from .catalog import models
from .network import entity_specs, join


@pytest.mark.parametrize("model", list(models()))
async def test_model_yields_the_documented_entities(
    gateway: Gateway, coordinator: VirtualCoordinator, model: str
) -> None:
    """Device classes, categories and default enablement included."""
    spec = models()[model]

    _, device = await join(gateway, coordinator, spec, "00:0d:6f:00:00:00:00:01")

    assert device.quirk_applied
    assert entity_specs(device) == set(spec.entities)
