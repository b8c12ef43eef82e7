"""The demo stack: simulators and Home Assistant as subprocesses on free loopback ports."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import contextlib
from dataclasses import dataclass
import os
from pathlib import Path
import shutil
import socket
import sys

import aiohttp
import pytest

from simulator.demo.ha_client import HomeAssistantClient
from simulator.demo.layout import OWNER_PASSWORD, OWNER_USERNAME, DemoPorts
from simulator.demo.provision import provision

ROOT = Path(__file__).resolve().parents[2]
# The first setup waits on ZHA's probe of the radio port for other radio types (~1 min).
PROVISION_TIMEOUT = 150.0
STOP_TIMEOUT = 30.0


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """No in-process Home Assistant here: the one under test runs in its own process."""


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@dataclass(frozen=True, slots=True)
class Stack:
    """A provisioned demo: its ports and a client logged in to its Home Assistant."""

    ports: DemoPorts
    client: HomeAssistantClient


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    process.terminate()
    try:
        async with asyncio.timeout(STOP_TIMEOUT):
            await process.wait()
    except TimeoutError:
        process.kill()
        await process.wait()


@contextlib.asynccontextmanager
async def _process(log: Path, *args: str, env: dict[str, str] | None = None) -> AsyncIterator[None]:
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *args,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=output,
            stderr=asyncio.subprocess.STDOUT,
        )
    try:
        yield
    finally:
        await _stop(process)


@pytest.fixture
async def stack(tmp_path: Path, socket_enabled: None) -> AsyncIterator[Stack]:
    """Start the simulators and Home Assistant, set Home Assistant up, stop both afterwards."""
    community, control, zigbee, zigbee_control, esphome, http = _free_ports(6)
    ports = DemoPorts(community, control, zigbee, zigbee_control, esphome)
    data, config = tmp_path / "simulator", tmp_path / "config"
    (config / "custom_components").mkdir(parents=True)
    shutil.copy(ROOT / "config" / "configuration.yaml", config)
    (config / "custom_components" / "smart_community").symlink_to(
        ROOT / "custom_components" / "smart_community"
    )
    demo_args = [f"--{name}-port={port}" for name, port in _port_options(ports)]
    url = f"http://127.0.0.1:{http}"
    async with (
        _process(
            tmp_path / "simulator.log", "-m", "simulator", "demo", "--data", str(data), *demo_args
        ),
        _process(
            tmp_path / "hass.log",
            "-m",
            "homeassistant",
            "--config",
            str(config),
            env={"SETUP_PORT": str(http)},
        ),
        aiohttp.ClientSession() as session,
    ):
        await provision(url, data, time_limit=PROVISION_TIMEOUT)
        client = HomeAssistantClient(session, url)
        await client.login(OWNER_USERNAME, OWNER_PASSWORD)
        yield Stack(ports, client)


def _port_options(ports: DemoPorts) -> list[tuple[str, int]]:
    return [
        ("community", ports.community),
        ("control", ports.control),
        ("zigbee", ports.zigbee),
        ("zigbee-control", ports.zigbee_control),
        ("esphome", ports.esphome),
    ]
