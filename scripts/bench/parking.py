"""Benchmark: 2,000 parking spaces in Home Assistant, our integration against MQTT discovery.

    .venv/bin/python scripts/bench/parking.py [--spaces 2000] [--burst 20000] [--rate 50]

Ours: the reference community server (in its own process) with a lot of N spaces, watched
whole through a subentry of a community account. Peer: Home Assistant's MQTT integration
with the same N spaces as MQTT-discovered binary sensors, fed through a local mosquitto
broker on loopback (Debian package `mosquitto`; installed with apt-get when missing and run
as root). Each side runs in a fresh Python process, Home Assistant only; the producers run
in processes of their own (scripts/bench/parking_producers.py), so CPU is Home Assistant's.
Printed: setup time and RSS, a burst's wall and CPU time and lost updates, and the latency
from emitting a change to the state machine showing it, for both and as ours/MQTT.
"""

import argparse
import asyncio
from contextlib import AsyncExitStack, suppress
import json
import os
from pathlib import Path
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PRODUCERS = Path(__file__).with_name("parking_producers.py")


def _rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _config_dir(folder: str) -> str:
    """An empty Home Assistant configuration; MQTT reads configuration.yaml."""
    (Path(folder) / "configuration.yaml").write_text("")
    return folder


async def _loopback_http(hass: Any) -> None:
    """HTTP (a dependency of both sides) on loopback, on a free port."""
    from homeassistant.setup import async_setup_component  # noqa: PLC0415

    await async_setup_component(
        hass, "http", {"http": {"server_host": "127.0.0.1", "server_port": _free_port()}}
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Producer:
    """A producer process, driven line by line."""

    def __init__(self, *args: str) -> None:
        """Start it; its first line says it is ready."""
        self._process = subprocess.Popen(
            [sys.executable, str(PRODUCERS), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self._process.stdin is None or self._process.stdout is None:
            raise RuntimeError("the producer has no pipes")
        self._stdin, self._stdout = self._process.stdin, self._process.stdout

    async def line(self) -> dict[str, Any]:
        """The producer's next answer."""
        text = await asyncio.to_thread(self._stdout.readline)
        return json.loads(text) if text.startswith("{") else {"answer": text.strip()}

    async def send(self, command: str) -> None:
        """Send a command without waiting for it to finish."""
        self._stdin.write(command + "\n")
        self._stdin.flush()

    def close(self) -> None:
        """Ask it to quit, then make sure it is gone."""
        self._stdin.write("quit\n")
        self._stdin.flush()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()


class Watch:
    """Counts state changes of the space entities and the latency of each."""

    def __init__(self, hass: Any, entity_ids: set[str], stamp: Any) -> None:
        """Follow entity_ids; stamp(new_state) is the emission time in epoch seconds."""
        from homeassistant.const import EVENT_STATE_CHANGED  # noqa: PLC0415
        from homeassistant.core import callback  # noqa: PLC0415

        self.changes = 0
        self.latencies: list[float] = []
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
                self.latencies.append(time.time() - stamp(new))
            if self.changes >= self.target:
                self.reached.set()

        self.unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, changed)

    def expect(self, count: int, *, timing: bool = False) -> None:
        """Wait for count more changes from now; time each of them if asked."""
        self.target = self.changes + count
        self.timing = timing
        self.latencies = []
        self.reached.clear()


async def _until(predicate: Any, within: float) -> None:
    async with asyncio.timeout(within):
        # The state machine has no event for "all N entities exist"; a bench may poll.
        while not predicate():  # noqa: ASYNC110
            await asyncio.sleep(0.05)


async def _measure(hass: Any, producer: Producer, watch: Watch, args: argparse.Namespace) -> dict:
    """The burst and the paced run, once setup is done."""
    await hass.async_block_till_done()
    # Warm-up, not measured: one change per space, so that every subscription is live.
    watch.expect(args.spaces)
    await producer.send(f"burst {args.spaces}")
    await producer.line()
    with suppress(TimeoutError):
        async with asyncio.timeout(30):
            await watch.reached.wait()
    await hass.async_block_till_done()
    watch.expect(args.burst)
    cpu, wall = time.process_time(), time.perf_counter()
    await producer.send(f"burst {args.burst}")
    try:
        async with asyncio.timeout(args.timeout):
            await watch.reached.wait()
    except TimeoutError:
        pass
    burst_wall, burst_cpu = time.perf_counter() - wall, time.process_time() - cpu
    lost = watch.target - watch.changes
    await producer.line()

    paced = int(args.rate * args.seconds)
    watch.expect(paced, timing=True)
    await producer.send(f"rate {args.rate} {args.seconds}")
    await producer.line()
    try:
        async with asyncio.timeout(10):
            await watch.reached.wait()
    except TimeoutError:
        pass
    latencies = sorted(watch.latencies) or [float("nan")]
    return {
        "burst_wall_s": burst_wall,
        "burst_cpu_s": burst_cpu,
        "cpu_per_change_us": burst_cpu / args.burst * 1e6,
        "lost": lost,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


async def ours(args: argparse.Namespace) -> dict:
    """Our integration, a community account watching the whole lot."""
    from homeassistant.config_entries import SOURCE_USER, ConfigSubentry  # noqa: PLC0415
    from homeassistant.helpers import entity_registry as er  # noqa: PLC0415
    from homeassistant.loader import DATA_CUSTOM_COMPONENTS  # noqa: PLC0415
    from homeassistant.util import dt as dt_util  # noqa: PLC0415
    from pytest_homeassistant_custom_component.common import (  # noqa: PLC0415
        async_test_home_assistant,
    )

    producer = Producer("community", "--spaces", str(args.spaces))
    url = (await producer.line())["url"]
    folder = tempfile.TemporaryDirectory()
    async with async_test_home_assistant(config_dir=_config_dir(folder.name)) as hass:
        hass.data.pop(DATA_CUSTOM_COMPONENTS, None)
        rss, wall = _rss_mb(), time.perf_counter()
        await _loopback_http(hass)
        flow = await hass.config_entries.flow.async_init(
            "smart_community", context={"source": SOURCE_USER}
        )
        flow = await hass.config_entries.flow.async_configure(
            flow["flow_id"], {"next_step_id": "community"}
        )
        flow = await hass.config_entries.flow.async_configure(
            flow["flow_id"],
            {"url": url, "username": "resident1", "password": "demo-password-1"},
        )
        entry = flow["result"]
        await hass.async_block_till_done()
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

        await _until(
            lambda: sum(hass.states.get(e) is not None for e in spaces()) >= args.spaces - 1, 120
        )
        setup = {"setup_s": time.perf_counter() - wall, "rss_mb": _rss_mb() - rss}

        def stamp(state: Any) -> float:
            return dt_util.parse_datetime(state.attributes["since"]).timestamp()

        watch = Watch(hass, spaces(), stamp)
        result = setup | await _measure(hass, producer, watch, args)
        watch.unsubscribe()
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_stop(force=True)
    producer.close()
    folder.cleanup()
    return result


async def mqtt(args: argparse.Namespace) -> dict:
    """Home Assistant's MQTT integration on a local mosquitto broker."""
    from pytest_homeassistant_custom_component.common import (  # noqa: PLC0415
        MockConfigEntry,
        async_test_home_assistant,
    )

    port = _free_port()
    async with AsyncExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        config = Path(folder) / "mosquitto.conf"
        config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
        # Started before anything is measured.
        broker = subprocess.Popen(  # noqa: ASYNC220
            [_mosquitto(), "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        stack.callback(broker.terminate)
        await _until(lambda: _listening(port), 10)
        producer = Producer("mqtt", "--spaces", str(args.spaces), "--port", str(port))
        stack.callback(producer.close)
        await producer.line()
        hass = await stack.enter_async_context(
            async_test_home_assistant(config_dir=_config_dir(folder))
        )
        rss, wall = _rss_mb(), time.perf_counter()
        await _loopback_http(hass)
        entry = MockConfigEntry(
            domain="mqtt",
            data={"broker": "127.0.0.1", "port": port, "discovery": True},
            version=1,
            minor_version=2,
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)

        def spaces() -> list[str]:
            return hass.states.async_entity_ids("binary_sensor")

        await _until(lambda: len(spaces()) >= args.spaces, 120)
        setup = {"setup_s": time.perf_counter() - wall, "rss_mb": _rss_mb() - rss}
        watch = Watch(hass, set(spaces()), lambda state: float(state.attributes["since"]))
        result = setup | await _measure(hass, producer, watch, args)
        watch.unsubscribe()
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_stop(force=True)
    return result


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _mosquitto() -> str:
    """The broker's path; installs the Debian package when missing and allowed to."""
    for candidate in (shutil.which("mosquitto"), "/usr/sbin/mosquitto"):
        if candidate and Path(candidate).exists():
            return candidate
    if os.geteuid() != 0:
        sys.exit("mosquitto is missing: install it with `sudo apt-get install mosquitto`.")
    subprocess.run(["apt-get", "install", "-y", "mosquitto"], check=True)
    return "/usr/sbin/mosquitto"


ROWS = (
    ("setup_s", "setup time for the spaces (s)"),
    ("rss_mb", "RSS added by setup (MB)"),
    ("burst_wall_s", "burst: wall time to the last change (s)"),
    ("burst_cpu_s", "burst: CPU time of Home Assistant (s)"),
    ("cpu_per_change_us", "burst: CPU per change (µs)"),
    ("lost", "burst: lost updates"),
    ("p50_ms", "latency p50 at the paced rate (ms)"),
    ("p99_ms", "latency p99 at the paced rate (ms)"),
)


def main() -> None:
    """Run both sides one after the other and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spaces", type=int, default=2000)
    parser.add_argument("--burst", type=int, default=20000)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--side", choices=["ours", "mqtt"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side is not None:
        sys.path.insert(0, str(ROOT))
        # Before pytest-homeassistant's test config, which has a custom_components of its own.
        import custom_components  # noqa: F401, PLC0415

        result = asyncio.run(ours(args) if args.side == "ours" else mqtt(args))
        print(json.dumps(result))
        return
    _mosquitto()
    results = {}
    for side in ("ours", "mqtt"):
        print(f"running {side} ...", file=sys.stderr, flush=True)
        run = subprocess.run(
            [sys.executable, __file__, *sys.argv[1:], "--side", side],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if run.returncode:
            sys.exit(f"the {side} side failed:\n{run.stderr[-3000:]}")
        results[side] = json.loads(run.stdout.strip().splitlines()[-1])
    print(
        f"{args.spaces} spaces, burst of {args.burst}, {args.rate:g} changes/s for "
        f"{args.seconds:g} s, {os.cpu_count()} CPUs"
    )
    print(f"{'':44} {'ours':>10} {'MQTT':>10} {'ours/MQTT':>10}")
    for key, label in ROWS:
        mine, peer = results["ours"][key], results["mqtt"][key]
        ratio = f"{mine / peer:10.2f}" if peer else f"{'-':>10}"
        print(f"{label:44} {mine:10.2f} {peer:10.2f} {ratio}")


if __name__ == "__main__":
    main()
