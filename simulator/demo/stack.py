"""Runs every simulator of the demo in one process, state under one folder."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from aiohttp import web

from simulator.blelock import VirtualLock
from simulator.community.server import CommunityServer
from simulator.esphome import VirtualBluetoothProxy
from simulator.esphome.lock_adapter import LockPeripheral
from simulator.zigbee.run import serve as serve_coordinator

from . import lock_store
from .layout import HOST, LOCK_ADDRESS, LOCK_SETUP_CODE, DemoPorts
from .lock_control import lock_routes


def demo_lock(data: Path) -> VirtualLock:
    """The resident's lock, as it was when the demo last stopped; saved on every change."""
    data.mkdir(parents=True, exist_ok=True)
    path = data / "lock.json"
    lock = VirtualLock(LOCK_ADDRESS, LOCK_SETUP_CODE)
    lock_store.restore(lock, path)
    if not lock.keys:
        # A new lock waits in pairing mode, as after holding its button, so that Home
        # Assistant discovers it and pairs with the setup code.
        lock.press_pairing_button()
    lock.listeners.append(lambda: lock_store.save(lock, path))
    lock_store.save(lock, path)
    return lock


async def run_demo(data: Path, ports: DemoPorts, *, started: asyncio.Event | None = None) -> None:
    """Serve the community platform, the Zigbee coordinator and the Bluetooth proxy."""
    lock = demo_lock(data)
    coordinator_started = asyncio.Event()
    app = web.Application()
    app.add_routes(lock_routes(lock))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    async with (
        CommunityServer(data / "community.sqlite3", host=HOST, port=ports.community),
        VirtualBluetoothProxy(host=HOST, port=ports.esphome) as proxy,
        asyncio.TaskGroup() as tasks,
    ):
        proxy.add(LockPeripheral(lock))
        tasks.create_task(
            serve_coordinator(
                host=HOST,
                port=ports.zigbee,
                control_port=ports.zigbee_control,
                state_path=data / "zigbee.json",
                started=coordinator_started,
            )
        )
        try:
            await web.TCPSite(runner, HOST, ports.control).start()
            await coordinator_started.wait()
            ports.save(data)
            print(f"Demo simulators running, state in {data}", flush=True)  # noqa: T201
            if started is not None:
                started.set()
            await asyncio.Event().wait()
        finally:
            with contextlib.suppress(Exception):
                await runner.cleanup()
