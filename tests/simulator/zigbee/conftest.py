"""Fixtures: a virtual coordinator on loopback and zigpy-xbee applications connected to it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import zigpy.config as zigpy_config
import zigpy.device
from zigpy_xbee.zigbee.application import ControllerApplication

from simulator.zigbee import VirtualCoordinator

TIMEOUT = 10

type AppFactory = Callable[..., Awaitable[ControllerApplication]]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Radio-level tests need no Home Assistant instance."""


@pytest.fixture(autouse=True)
def _loopback(socket_enabled: None) -> None:
    """The coordinator and zigpy talk over real loopback TCP."""


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    """Where the coordinator keeps its network across restarts."""
    return tmp_path / "coordinator.json"


@pytest.fixture
async def coordinator(state_path: Path) -> AsyncIterator[VirtualCoordinator]:
    """A started virtual coordinator."""
    virtual = VirtualCoordinator(state_path=state_path)
    await virtual.start()
    yield virtual
    await virtual.stop()


@pytest.fixture
async def start_app(tmp_path: Path) -> AsyncIterator[AppFactory]:
    """Start zigpy-xbee applications (sharing one database) against a coordinator."""
    apps: list[ControllerApplication] = []

    async def start(
        virtual: VirtualCoordinator, network: dict[str, object] | None = None
    ) -> ControllerApplication:
        config = {
            zigpy_config.CONF_NWK: network or {},
            zigpy_config.CONF_DEVICE: {zigpy_config.CONF_DEVICE_PATH: virtual.url},
            zigpy_config.CONF_DATABASE: str(tmp_path / "zigbee.db"),
            zigpy_config.CONF_TOPO_SCAN_ENABLED: False,
            zigpy_config.CONF_NWK_BACKUP_ENABLED: False,
            zigpy_config.CONF_OTA: {zigpy_config.CONF_OTA_ENABLED: False},
        }
        app = await asyncio.wait_for(
            ControllerApplication.new(config, auto_form=True, start_radio=True), TIMEOUT
        )
        apps.append(app)
        return app

    yield start
    for app in apps:
        await app.shutdown()


class DeviceJoined:
    """Resolve when zigpy finishes initialising a device (zigpy application listener)."""

    def __init__(self) -> None:
        self.initialized: asyncio.Future[zigpy.device.Device] = (
            asyncio.get_running_loop().create_future()
        )

    def device_initialized(self, device: zigpy.device.Device) -> None:
        if not self.initialized.done():
            self.initialized.set_result(device)
