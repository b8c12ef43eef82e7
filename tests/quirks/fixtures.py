"""Fixtures shared by the library tests and the Home Assistant tests of the Zigbee family."""

from collections.abc import AsyncIterator, Iterator
from contextlib import suppress

import pytest
from zha.quirks import DEVICE_REGISTRY, DeviceRegistry
import zhaquirks

from custom_components.smart_community.quirks import QUIRKS
from simulator.zigbee import VirtualCoordinator


@pytest.fixture(scope="session")
def zhaquirks_loaded() -> None:
    """Import every zha-quirks module once, as ZHA's setup does."""
    zhaquirks.setup()


@pytest.fixture
def quirk_registry(zhaquirks_loaded: None) -> Iterator[DeviceRegistry]:
    """ZHA's quirk registry without our quirks, put back as it was after the test."""
    with DEVICE_REGISTRY.preserve_state():
        for entry in QUIRKS:
            # Setting the integration up in an earlier test registered them for good.
            with suppress(ValueError):
                DEVICE_REGISTRY.remove(entry)
        yield DEVICE_REGISTRY


@pytest.fixture
async def coordinator(socket_enabled: None) -> AsyncIterator[VirtualCoordinator]:
    """The simulator's virtual coordinator, an empty network on a loopback port."""
    virtual = VirtualCoordinator()
    await virtual.start()
    yield virtual
    await virtual.stop()
