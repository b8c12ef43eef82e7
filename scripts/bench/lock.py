"""Benchmark: Home Assistant's lock.lock through a Bluetooth proxy, until the state is locked.

    .venv/bin/python scripts/bench/lock.py [--commands 50] [--runs 5] [--markdown] [--write-doc]

The virtual ESPHome Bluetooth proxy carries a virtual lock, in a process of its own
(scripts/bench/lock_proxy.py), which counts the GATT operations Home Assistant asks for.
Home Assistant adds the proxy through ESPHome's config flow and the lock through ours
(address and setup code), then times `lock.lock` from the service call to the lock entity
showing locked, each after an untimed `lock.unlock`. Two sides: `advertising`, where the
client is disconnected before each command, so that it finds the lock only advertising; and
`connected`, with the lock's stay-connected switch on. The physical floor is the counted
round trips times the Bluetooth LE connection interval, 7.5 ms at best and 50 ms at worst.

Only Home Assistant's own radio layers are mocked (no local Bluetooth adapter, no multicast
for zeroconf), as in the tests, with pytest-homeassistant's fixtures.
"""

import argparse
import asyncio
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
import time
from typing import Any

from harness import Bench, Figure, Producer, Side, main, percentile

PROXY = Path(__file__).with_name("lock_proxy.py")
FASTEST_INTERVAL_MS, SLOWEST_INTERVAL_MS = 7.5, 50.0
# Operations that wait for the lock's answer over the air; a notification is the answer.
ROUND_TRIPS = ("connect", "get services", "read", "write", "start notify")


def _plugins() -> Any:
    """pytest-homeassistant's fixtures; imported before anything loads the recorder."""
    from pytest_homeassistant_custom_component import plugins  # noqa: PLC0415

    return plugins


@contextmanager
def _radio_mocked(plugins: Any) -> Iterator[None]:
    """pytest-homeassistant's mocked Bluetooth adapter and zeroconf, outside pytest."""

    def fixture(definition: Any, *args: Any) -> Any:
        return contextmanager(definition._get_wrapped_function())(*args)  # noqa: SLF001

    with ExitStack() as stack:
        stack.enter_context(fixture(plugins.mock_bleak_scanner_start))
        stack.enter_context(fixture(plugins.mock_bluetooth_adapters))
        zeroconf = stack.enter_context(fixture(plugins.mock_zeroconf))
        stack.enter_context(fixture(plugins.mock_async_zeroconf, zeroconf))
        yield


async def _add_proxy_and_lock(hass: Any, port: int, address: str, producer: Producer) -> Any:
    """Bluetooth, the proxy through ESPHome's flow, then the lock through ours."""
    from hass_sides import until  # noqa: PLC0415
    from homeassistant.components import bluetooth  # noqa: PLC0415
    from homeassistant.setup import async_setup_component  # noqa: PLC0415
    from pytest_homeassistant_custom_component.common import MockConfigEntry  # noqa: PLC0415

    adapter = MockConfigEntry(domain="bluetooth", unique_id="00:00:00:00:00:01")
    adapter.add_to_hass(hass)
    await hass.config_entries.async_setup(adapter.entry_id)
    # ESPHome's assist pipeline needs the core integration, as in a running instance.
    await async_setup_component(hass, "homeassistant", {})
    flows = hass.config_entries.flow
    flow = await flows.async_init("esphome", context={"source": "user"})
    await flows.async_configure(flow["flow_id"], {"host": "127.0.0.1", "port": port})
    await until(
        lambda: bluetooth.async_ble_device_from_address(hass, address, connectable=True), 30
    )
    await producer.ask("pairing")
    flow = await flows.async_init("smart_community", context={"source": "user"})
    flow = await flows.async_configure(flow["flow_id"], {"next_step_id": "lock"})
    flow = await flows.async_configure(flow["flow_id"], {"address": address})
    flow = await flows.async_configure(flow["flow_id"], {"setup_code": "11223344"})
    if "result" not in flow:
        raise RuntimeError(f"pairing failed: {flow}")
    await hass.async_block_till_done()
    return flow["result"]


async def _reach(hass: Any, entity_id: str, state: str, call: str) -> float:
    """Call lock.<call> and return the seconds until the entity shows state."""
    from homeassistant.const import EVENT_STATE_CHANGED  # noqa: PLC0415
    from homeassistant.core import callback  # noqa: PLC0415

    reached = asyncio.Event()

    @callback
    def changed(event: Any) -> None:
        new = event.data["new_state"]
        if event.data["entity_id"] == entity_id and new is not None and new.state == state:
            reached.set()

    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, changed)
    start = time.perf_counter()
    try:
        service = hass.async_create_task(
            hass.services.async_call("lock", call, {"entity_id": entity_id}, blocking=True)
        )
        async with asyncio.timeout(30):
            await reached.wait()
        elapsed = time.perf_counter() - start
        await service
    finally:
        unsubscribe()
    return elapsed


async def _run(args: argparse.Namespace, *, stay_connected: bool) -> dict[str, float]:
    plugins = _plugins()
    from hass_sides import home_assistant, until  # noqa: PLC0415

    producer = Producer(PROXY)
    try:
        ready = await producer.line()
        with _radio_mocked(plugins):
            async with home_assistant() as hass:
                entry = await _add_proxy_and_lock(hass, ready["port"], ready["address"], producer)
                await until(lambda: hass.states.async_entity_ids("lock"), 30)
                (lock,) = hass.states.async_entity_ids("lock")
                client = entry.runtime_data.client
                if stay_connected:
                    (switch,) = hass.states.async_entity_ids("switch")
                    await hass.services.async_call(
                        "switch", "turn_on", {"entity_id": switch}, blocking=True
                    )
                latencies: list[float] = []
                operations: list[dict[str, int]] = []
                for _ in range(args.commands):
                    await _reach(hass, lock, "unlocked", "unlock")
                    if not stay_connected:
                        await client.disconnect()
                    await producer.ask("counts")
                    latencies.append(await _reach(hass, lock, "locked", "lock"))
                    operations.append(await producer.ask("counts"))
                await hass.config_entries.async_unload(entry.entry_id)
    finally:
        producer.close()
    return _figures(latencies, operations)


def _figures(latencies: list[float], operations: list[dict[str, int]]) -> dict[str, float]:
    def per_command(*kinds: str) -> float:
        return sum(sum(ops.get(kind, 0) for kind in kinds) for ops in operations) / len(operations)

    round_trips = per_command(*ROUND_TRIPS)
    return {
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "operations": per_command(*ROUND_TRIPS, "notification"),
        "connects": per_command("connect"),
        "writes": per_command("write"),
        "notifications": per_command("notification"),
        "floor_fast_ms": round_trips * FASTEST_INTERVAL_MS,
        "floor_slow_ms": round_trips * SLOWEST_INTERVAL_MS,
    }


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--commands", type=int, default=50, help="timed lock commands per run")


def _conditions(args: argparse.Namespace) -> str:
    return (
        f"{args.commands} lock.lock commands per run through the virtual ESPHome proxy, "
        "all on loopback (no radio: the proxy answers at once)"
    )


PEERS = """\
Published figures of other locks, command to locked, for comparison (not measured here):

| lock | path | command to locked |
|---|---|---|
| Yale / August | Home Assistant through an ESPHome Bluetooth proxy | about 4 s |
| SwitchBot Lock | Home Assistant, Bluetooth | 10 to 20 s |
| Nuki Smart Lock | Home Assistant, Bluetooth | 5 to 6 s |"""

BENCH = Bench(
    name="lock",
    title=__doc__.splitlines()[0],
    sides=(
        Side(
            key="advertising",
            heading="not connected",
            run=partial(_run, stay_connected=False),
        ),
        Side(key="connected", heading="stay connected", run=partial(_run, stay_connected=True)),
    ),
    figures=(
        Figure(key="p50_ms", label="lock.lock to locked, p50 (ms)"),
        Figure(key="p99_ms", label="lock.lock to locked, p99 (ms)"),
        Figure(key="operations", label="GATT operations per command", digits=1),
        Figure(key="connects", label="of which connects", digits=1),
        Figure(key="writes", label="of which writes", digits=1),
        Figure(key="notifications", label="of which notifications", digits=1),
        Figure(key="floor_fast_ms", label="physical floor at 7.5 ms per round trip (ms)", digits=1),
        Figure(key="floor_slow_ms", label="physical floor at 50 ms per round trip (ms)", digits=1),
    ),
    arguments=_arguments,
    conditions=_conditions,
    ratio=False,
    notes=PEERS,
)

if __name__ == "__main__":
    main(BENCH)
