"""ZHA's real gateway on the simulator's coordinator, with zha-quirks loaded as HA does."""

from collections.abc import AsyncIterator

import pytest
from zha.application.gateway import Gateway
from zha.quirks import DeviceRegistry

from custom_components.smart_community.quirks import register_quirks
from simulator.zigbee import VirtualCoordinator

from .fixtures import coordinator, quirk_registry, zhaquirks_loaded
from .network import start_gateway

__all__ = ["coordinator", "quirk_registry", "zhaquirks_loaded"]


@pytest.fixture
async def gateway(
    coordinator: VirtualCoordinator, quirk_registry: DeviceRegistry
) -> AsyncIterator[Gateway]:
    """ZHA running with our quirks registered before it starts."""
    register_quirks(quirk_registry)
    gateway = await start_gateway(coordinator)
    yield gateway
    await gateway.shutdown()
