"""ZHA's real gateway on a virtual radio, with zha-quirks loaded as Home Assistant does."""

from collections.abc import AsyncIterator

import pytest
from zha.application.gateway import Gateway
from zha.quirks import DeviceRegistry

from custom_components.smart_community.quirks import register_quirks

from .fixtures import air, quirk_registry, zhaquirks_loaded
from .network import start_gateway
from .radio import Air

__all__ = ["air", "quirk_registry", "zhaquirks_loaded"]


@pytest.fixture
async def gateway(air: Air, quirk_registry: DeviceRegistry) -> AsyncIterator[Gateway]:
    """ZHA running with our quirks registered before it starts."""
    register_quirks(quirk_registry)
    gateway = await start_gateway(air)
    yield gateway
    await gateway.shutdown()
