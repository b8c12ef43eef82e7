"""Benchmark: 2,000 parking spaces in Home Assistant, our integration against MQTT discovery.

    .venv/bin/python scripts/bench/parking.py [--spaces 2000] [--burst 20000] [--runs 5]
        [--markdown] [--write-doc]

Ours: the reference community server (in its own process) with a lot of N spaces, watched
whole through a subentry of a community account. Peer: Home Assistant's MQTT integration
with the same N spaces as MQTT-discovered binary sensors, fed through a local mosquitto
broker on loopback (Debian package `mosquitto`; installed with apt-get when missing and run
as root). Each run of a side is a fresh Python process, Home Assistant only; the producers
run in processes of their own (scripts/bench/parking_producers.py), so CPU is Home
Assistant's. Figures: setup time and RSS, CPU per change in a burst and lost updates, and
the latency from the producer stamping a change to the state machine showing it, at a low
and a high paced rate.
"""

import argparse
import asyncio
from collections.abc import Callable
from contextlib import AsyncExitStack
from datetime import datetime
from pathlib import Path
import time
from typing import Any

from harness import Bench, Figure, Producer, Side, main, percentile, within

PRODUCERS = Path(__file__).with_name("parking_producers.py")


class Watch:
    """Counts state changes of the space entities, and when each arrived."""

    def __init__(self, hass: Any, entity_ids: set[str]) -> None:
        """Follow entity_ids."""
        from homeassistant.const import EVENT_STATE_CHANGED  # noqa: PLC0415
        from homeassistant.core import callback  # noqa: PLC0415

        self.changes = 0
        # (arrival in epoch seconds, new state) of each change while timing.
        self.arrivals: list[tuple[float, Any]] = []
        self.timing = False
        self.target = 0
        self.reached = asyncio.Event()

        @callback
        def changed(event: Any) -> None:
            new, old = event.data["new_state"], event.data["old_state"]
            if event.data["entity_id"] not in entity_ids or new is None or old is None:
                return
            if new.state == old.state:
                return
            self.changes += 1
            if self.timing:
                self.arrivals.append((time.time(), new))
            if self.changes >= self.target:
                self.reached.set()

        self.unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, changed)

    def expect(self, count: int, *, timing: bool = False) -> None:
        """Wait for count more changes from now; note when each arrives if asked."""
        self.target = self.changes + count
        self.timing = timing
        self.arrivals = []
        self.reached.clear()

    async def wait(self, seconds: float) -> None:
        """Wait for the expected changes, at most `seconds`."""
        await within(self.reached, seconds)


# stamp(new_state, producer's answer) is when the producer sent that change, in epoch seconds.
type Stamp = Callable[[Any, dict[str, Any]], float]


async def _paced(
    producer: Producer, watch: Watch, stamp: Stamp, rate: float, seconds: float
) -> list[float]:
    watch.expect(int(rate * seconds), timing=True)
    answer = await producer.ask(f"rate {rate} {seconds}")
    await watch.wait(10)
    return [arrival - stamp(state, answer) for arrival, state in watch.arrivals]


async def _measure(
    hass: Any, producer: Producer, watch: Watch, stamp: Stamp, args: argparse.Namespace
) -> dict:
    """The burst and the paced runs, once setup is done."""
    await hass.async_block_till_done()
    # Warm-up, not measured: one change per space, so that every subscription is live.
    watch.expect(args.spaces)
    await producer.ask(f"burst {args.spaces}")
    await watch.wait(30)
    await hass.async_block_till_done()
    watch.expect(args.burst)
    cpu, wall = time.process_time(), time.perf_counter()
    await producer.send(f"burst {args.burst}")
    await watch.wait(args.timeout)
    burst_wall, burst_cpu = time.perf_counter() - wall, time.process_time() - cpu
    lost = watch.target - watch.changes
    await producer.line()
    result = {
        "burst_wall_s": burst_wall,
        "cpu_per_change_us": burst_cpu / args.burst * 1e6,
        "lost": lost,
    }
    for name, rate in (("low", args.rate), ("high", args.high_rate)):
        latencies = await _paced(producer, watch, stamp, rate, args.seconds)
        result[f"{name}_p50_ms"] = percentile(latencies, 0.5) * 1000
        result[f"{name}_p99_ms"] = percentile(latencies, 0.99) * 1000
        result["lost"] += int(rate * args.seconds) - len(latencies)
    return result


async def ours(args: argparse.Namespace) -> dict[str, float]:
    """Our integration, a community account watching the whole lot."""
    from hass_sides import community_account, home_assistant, rss_mb, shared_base, until  # noqa: PLC0415
    from homeassistant.config_entries import ConfigSubentry  # noqa: PLC0415
    from homeassistant.helpers import entity_registry as er  # noqa: PLC0415

    from simulator.community.wire import iso  # noqa: PLC0415

    producer = Producer(PRODUCERS, "community", "--spaces", str(args.spaces))
    try:
        url = (await producer.line())["url"]
        async with home_assistant() as hass:
            await shared_base(hass)
            rss, wall = rss_mb(), time.perf_counter()
            entry = await community_account(hass, url)
            hass.config_entries.async_add_subentry(
                entry,
                ConfigSubentry(
                    data={"place_id": "lot-B1"},  # type: ignore[arg-type]
                    subentry_type="watch_lot",
                    title="B1",
                    unique_id="lot-B1",
                ),
            )
            registry = er.async_get(hass)

            def spaces() -> set[str]:
                return {
                    item.entity_id
                    for item in er.async_entries_for_config_entry(registry, entry.entry_id)
                    if item.config_subentry_id is not None
                }

            await until(
                lambda: sum(hass.states.get(e) is not None for e in spaces()) >= args.spaces - 1,
                120,
            )
            setup = {"setup_s": time.perf_counter() - wall, "rss_mb": rss_mb() - rss}
            # A unique id ends with "_<space id>_occupied"; space ids have no underscore.
            space_of = {
                item.entity_id: item.unique_id.removesuffix("_occupied").rsplit("_", 1)[1]
                for item in er.async_entries_for_config_entry(registry, entry.entry_id)
                if item.config_subentry_id is not None
            }

            def stamp(state: Any, answer: dict[str, Any]) -> float:
                # The protocol's times have milliseconds: the producer says the exact send time.
                since = iso(datetime.fromisoformat(state.attributes["since"]))
                stamps: dict[str, float] = answer["stamps"]
                return stamps[f"{space_of[state.entity_id]} {since}"]

            watch = Watch(hass, spaces())
            result = setup | await _measure(hass, producer, watch, stamp, args)
            watch.unsubscribe()
            await hass.config_entries.async_unload(entry.entry_id)
    finally:
        producer.close()
    return result


async def mqtt(args: argparse.Namespace) -> dict[str, float]:
    """Home Assistant's MQTT integration on a local mosquitto broker."""
    from hass_sides import broker, home_assistant, mqtt_entry, rss_mb, shared_base, until  # noqa: PLC0415

    async with AsyncExitStack() as stack:
        port = await stack.enter_async_context(broker())
        producer = Producer(PRODUCERS, "mqtt", "--spaces", str(args.spaces), "--port", str(port))
        stack.callback(producer.close)
        await producer.line()
        hass = await stack.enter_async_context(home_assistant())
        await shared_base(hass)
        rss, wall = rss_mb(), time.perf_counter()
        entry = await mqtt_entry(hass, port)

        def spaces() -> list[str]:
            return hass.states.async_entity_ids("binary_sensor")

        await until(lambda: len(spaces()) >= args.spaces, 120)
        setup = {"setup_s": time.perf_counter() - wall, "rss_mb": rss_mb() - rss}
        watch = Watch(hass, set(spaces()))
        result = setup | await _measure(
            hass, producer, watch, lambda state, _: float(state.attributes["since"]), args
        )
        watch.unsubscribe()
        await hass.config_entries.async_unload(entry.entry_id)
    return result


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spaces", type=int, default=2000)
    parser.add_argument("--burst", type=int, default=20000)
    parser.add_argument("--rate", type=float, default=50.0, help="low paced rate, changes/s")
    parser.add_argument("--high-rate", type=float, default=500.0, help="high paced rate")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each paced run")
    parser.add_argument("--timeout", type=float, default=300.0)


def _conditions(args: argparse.Namespace) -> str:
    return (
        f"{args.spaces:,} spaces, a burst of {args.burst:,} changes, paced runs of "
        f"{args.seconds:g} s at {args.rate:g} and {args.high_rate:g} changes/s"
    )


BENCH = Bench(
    name="parking",
    title=__doc__.splitlines()[0],
    sides=(Side(key="ours", heading="ours", run=ours), Side(key="mqtt", heading="MQTT", run=mqtt)),
    figures=(
        Figure(key="setup_s", label="setup time for the spaces (s)"),
        Figure(key="rss_mb", label="RSS added by setup (MB)", digits=1),
        Figure(key="burst_wall_s", label="burst: wall time to the last change (s)"),
        Figure(key="cpu_per_change_us", label="burst: CPU per change (µs)", digits=0),
        Figure(key="low_p50_ms", label="latency p50 at the low rate (ms)"),
        Figure(key="low_p99_ms", label="latency p99 at the low rate (ms)"),
        Figure(key="high_p50_ms", label="latency p50 at the high rate (ms)"),
        Figure(key="high_p99_ms", label="latency p99 at the high rate (ms)"),
        Figure(key="lost", label="lost updates (burst and paced runs)", digits=0, ratio=False),
    ),
    arguments=_arguments,
    conditions=_conditions,
)

if __name__ == "__main__":
    main(BENCH)
