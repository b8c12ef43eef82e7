"""Fixtures: a virtual Bluetooth proxy on loopback carrying the demo counter."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from aioesphomeapi import APIClient
import pytest

from simulator.esphome import DemoCounter, VirtualBluetoothProxy

TIMEOUT = 10


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """These tests load no custom integration; the Home Assistant ones ask for `hass` alone."""


@pytest.fixture(autouse=True)
def _loopback(socket_enabled: None) -> None:
    """The proxy and its clients talk over real loopback TCP."""


@pytest.fixture
def home_assistant(enable_bluetooth: None, mock_async_zeroconf: object) -> None:
    """Bluetooth set up on mocked local adapters; zeroconf, which needs multicast, mocked."""


@pytest.fixture
def counter() -> DemoCounter:
    """The demo peripheral."""
    return DemoCounter()


@pytest.fixture
async def proxy(counter: DemoCounter) -> AsyncIterator[VirtualBluetoothProxy]:
    """A started proxy carrying the demo counter."""
    async with VirtualBluetoothProxy() as virtual:
        virtual.add(counter)
        yield virtual


@pytest.fixture
async def client(proxy: VirtualBluetoothProxy) -> AsyncIterator[APIClient]:
    """aioesphomeapi's own client, connected to the proxy."""
    cli = APIClient("127.0.0.1", proxy.port, "")
    await asyncio.wait_for(cli.connect(login=True), TIMEOUT)
    yield cli
    await cli.disconnect(force=True)


async def wait_for(condition: Callable[[], bool], changed: asyncio.Event) -> None:
    """Return once `condition` holds, re-checking each time `changed` is set."""

    async def watch() -> None:
        while not condition():
            changed.clear()
            await changed.wait()

    await asyncio.wait_for(watch(), TIMEOUT)
