"""Benchmark: door-station rings and access events, our integration against MQTT event entities.

    .venv/bin/python scripts/bench/intercom.py [--doors 20] [--rate 50] [--burst 2000]
        [--runs 5] [--markdown] [--write-doc]

Ours: the reference community server (in its own process) with N door stations, driven
through its control interface as visitors ringing and residents' faces opening the doors;
a resident's community account added through our config flow shows them as each station's
doorbell and access event entities. Peer: the same events as MQTT-discovered event
entities (the `event` platform) fed through a local mosquitto broker on loopback. Each run
of a side is a fresh Python process, Home Assistant only; the producers run in processes of
their own (scripts/bench/intercom_producers.py), so CPU is Home Assistant's. Every ring
brings the visitor's picture on both sides (ours on the stream after the ring, as our side
asks while snapshot on ring is on, by default; the MQTT peer publishes it to an image
entity). Figures: CPU per event in a burst,
and in a second burst without pictures on either side, the latency from the producer
stamping an event to the state machine showing it at a paced rate, and lost events (which
must be 0).
"""

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from pathlib import Path
import time
from typing import Any

from harness import Bench, Figure, Producer, Side, main, percentile

PRODUCERS = Path(__file__).with_name("intercom_producers.py")
WARM_UP_ROUNDS = 5


def _key(state: Any) -> str | None:
    """The key the producer gave the event: the call's id, or the person's name."""
    attributes = state.attributes
    key = attributes.get("call_id") or attributes.get("person")
    return key if isinstance(key, str) else None


# Turns the picture taken at each ring on or off on one side.
type Pictures = Callable[[bool], Awaitable[None]]


async def _burst(hass: Any, producer: Producer, arrivals: Any, args: Any) -> dict[str, float]:
    """One burst: wall time to its last event, CPU per event, lost events."""
    await hass.async_block_till_done()
    arrivals.expect(args.burst)
    cpu, wall = time.process_time(), time.perf_counter()
    # Read while the pictures are still coming: a producer blocked on a full pipe serves none.
    answer = asyncio.create_task(producer.ask(f"burst {args.burst}"))
    await arrivals.wait(args.timeout)
    burst_wall = time.perf_counter() - wall
    # The work the last events started (our side's last pictures) counts too.
    await hass.async_block_till_done()
    burst_cpu = time.process_time() - cpu
    burst = (await answer)["stamps"]
    return {
        "wall": burst_wall,
        "cpu": burst_cpu / args.burst * 1e6,
        "lost": arrivals.lost(burst),
    }


async def _measure(
    hass: Any, producer: Producer, entity_ids: set[str], pictures: Pictures, args: Any
) -> dict:
    """A warm-up, the paced run and the bursts, once setup is done."""
    from hass_sides import Arrivals  # noqa: PLC0415

    await hass.async_block_till_done()
    arrivals = Arrivals(hass, entity_ids, _key)
    # Warm-up, not measured: one ring and one access event per station, until a round
    # arrives whole (MQTT subscribes to discovered topics in batches, a moment later).
    for _ in range(WARM_UP_ROUNDS):
        arrivals.expect(2 * args.doors)
        warm = (await producer.ask(f"burst {2 * args.doors}"))["stamps"]
        await arrivals.wait(5)
        if not arrivals.lost(warm):
            break

    paced = int(args.rate * args.seconds)
    arrivals.expect(paced)
    stamps = (await producer.ask(f"rate {args.rate} {args.seconds}"))["stamps"]
    await arrivals.wait(10)
    latencies = arrivals.latencies(stamps)
    lost = arrivals.lost(stamps)

    with_pictures = await _burst(hass, producer, arrivals, args)
    await pictures(False)
    plain = await _burst(hass, producer, arrivals, args)
    await pictures(True)
    arrivals.unsubscribe()
    return {
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "burst_wall_s": with_pictures["wall"],
        "cpu_per_event_us": with_pictures["cpu"],
        "plain_cpu_per_event_us": plain["cpu"],
        "lost": lost + with_pictures["lost"] + plain["lost"],
    }


async def ours(args: argparse.Namespace) -> dict[str, float]:
    """Our integration, a resident's community account with N door stations."""
    from hass_sides import community_account, home_assistant, shared_base, until  # noqa: PLC0415
    from homeassistant.helpers import entity_registry as er  # noqa: PLC0415

    from custom_components.smart_community.const import CONF_SNAPSHOT_ON_RING  # noqa: PLC0415

    producer = Producer(PRODUCERS, "community", "--doors", str(args.doors))
    try:
        ready = await producer.line()
        async with home_assistant() as hass:
            await shared_base(hass)
            entry = await community_account(hass, ready["url"])
            registry = er.async_get(hass)
            kinds = ("doorbell", "access")
            wanted = {f"{door}_{kind}" for door in ready["doors"] for kind in kinds}

            def door_events() -> set[str]:
                return {
                    item.entity_id
                    for item in er.async_entries_for_config_entry(registry, entry.entry_id)
                    if item.domain == "event"
                    and any(item.unique_id.endswith(name) for name in wanted)
                    and hass.states.get(item.entity_id) is not None
                }

            await until(lambda: len(door_events()) >= len(wanted), 120)

            async def pictures(on: bool) -> None:
                # The resident's option "take a picture when someone rings" (on by default),
                # changed as the options flow does: the entry reloads, and its stream asks
                # the platform for the rings' pictures, or not.
                options = {**entry.options, CONF_SNAPSHOT_ON_RING: on}
                hass.config_entries.async_update_entry(entry, options=options)
                await hass.config_entries.async_reload(entry.entry_id)
                await until(lambda: entry.runtime_data.stream.connected, 60)

            result = await _measure(hass, producer, door_events(), pictures, args)
            await hass.config_entries.async_unload(entry.entry_id)
    finally:
        producer.close()
    return result


async def mqtt(args: argparse.Namespace) -> dict[str, float]:
    """Home Assistant's MQTT integration, event entities on a local mosquitto broker."""
    from hass_sides import broker, home_assistant, mqtt_entry, shared_base, until  # noqa: PLC0415

    async with AsyncExitStack() as stack:
        port = await stack.enter_async_context(broker())
        producer = Producer(PRODUCERS, "mqtt", "--doors", str(args.doors), "--port", str(port))
        stack.callback(producer.close)
        await producer.line()
        hass = await stack.enter_async_context(home_assistant())
        await shared_base(hass)
        entry = await mqtt_entry(hass, port)
        await until(lambda: len(hass.states.async_entity_ids("event")) >= 2 * args.doors, 120)

        async def pictures(on: bool) -> None:
            await producer.ask(f"pictures {'on' if on else 'off'}")

        events = set(hass.states.async_entity_ids("event"))
        result = await _measure(hass, producer, events, pictures, args)
        await hass.config_entries.async_unload(entry.entry_id)
    return result


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doors", type=int, default=20, help="door stations")
    parser.add_argument("--rate", type=float, default=50.0, help="paced rate, events/s")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the paced run")
    parser.add_argument("--burst", type=int, default=2000, help="events in the burst")
    parser.add_argument("--timeout", type=float, default=120.0)


def _conditions(args: argparse.Namespace) -> str:
    return (
        f"{args.doors} door stations, rings and access events alternating, paced at "
        f"{args.rate:g} events/s for {args.seconds:g} s, then a burst of {args.burst:,}"
    )


BENCH = Bench(
    name="intercom",
    title=__doc__.splitlines()[0],
    sides=(Side(key="ours", heading="ours", run=ours), Side(key="mqtt", heading="MQTT", run=mqtt)),
    figures=(
        Figure(key="p50_ms", label="latency p50 at the paced rate (ms)"),
        Figure(key="p99_ms", label="latency p99 at the paced rate (ms)"),
        # The producers' pace, not Home Assistant's: ours sends each event as a door
        # station's HTTP request to the reference server, MQTT's publishes straight to the
        # broker. Shown, but no figure of the goal, so without a ratio.
        Figure(
            key="burst_wall_s",
            label="burst: wall time to the last event, the producers' pace (s)",
            ratio=False,
        ),
        Figure(key="cpu_per_event_us", label="burst: CPU per event (µs)", digits=0),
        Figure(
            key="plain_cpu_per_event_us",
            label="burst without the pictures: CPU per event (µs)",
            digits=0,
        ),
        Figure(key="lost", label="lost events (paced run and burst)", digits=0, ratio=False),
    ),
    arguments=_arguments,
    conditions=_conditions,
)

if __name__ == "__main__":
    main(BENCH)
