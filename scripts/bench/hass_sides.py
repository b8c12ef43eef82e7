"""Home Assistant for a benchmark's side: a bare instance, our community account, MQTT.

Imported inside a side's own process only (after `harness.main` has put the repository on
the path), so that the parent process never loads Home Assistant.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
import importlib
import os
from pathlib import Path
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any

from harness import within
from homeassistant.config_entries import SOURCE_USER, ConfigEntry
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.loader import DATA_CUSTOM_COMPONENTS
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

RESIDENT = {"username": "resident1", "password": "demo-password-1"}


def rss_mb() -> float:
    """The resident set size of this process."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(port: int) -> bool:
    """Whether something accepts connections on the port."""
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def until(predicate: Callable[[], bool], within: float) -> None:
    """Return once predicate holds; TimeoutError after `within` seconds."""
    async with asyncio.timeout(within):
        # The state machine has no event for "all N entities exist"; a bench may poll.
        while not predicate():  # noqa: ASYNC110
            await asyncio.sleep(0.05)


# Home Assistant's configuration folder, for both sides: a RAM disk where there is one. On
# the shared virtual disk the benchmarks were first run on, creating a file cost 0.2-1 ms of
# kernel CPU, twenty times an ordinary disk's, which would weigh each visitor picture kept
# by that disk rather than by the software.
RAM_DISK = Path("/dev/shm")  # noqa: S108 (a private folder is made inside it)


@asynccontextmanager
async def home_assistant() -> AsyncIterator[HomeAssistant]:
    """A Home Assistant with an empty configuration (MQTT reads configuration.yaml)."""
    on = RAM_DISK if os.access(RAM_DISK, os.W_OK) else None
    with tempfile.TemporaryDirectory(dir=on) as folder:
        (Path(folder) / "configuration.yaml").write_text("")
        async with async_test_home_assistant(config_dir=folder) as hass:
            # pytest-homeassistant's own custom_components would shadow ours.
            hass.data.pop(DATA_CUSTOM_COMPONENTS, None)
            yield hass
            await hass.async_stop(force=True)


# What `default_config` (the configuration a new installation starts with) loads that one of
# the sides would otherwise be the first to load: our manifest depends on Bluetooth (the
# lock's discovery; it brings usb), and our door stations' cameras import stream, which
# default_config sets up. PyAV, which stream's setup needs, is not installed here, so only
# stream's modules are loaded, as a camera platform would load them.
DEFAULT_CONFIG_PARTS = ("bluetooth",)
DEFAULT_CONFIG_MODULES = ("homeassistant.components.stream",)


async def shared_base(hass: HomeAssistant) -> None:
    """What every installation runs before either side: HTTP, on loopback on a free port
    (a dependency of both sides), and the parts of default_config a side would load."""
    await async_setup_component(
        hass, "http", {"http": {"server_host": "127.0.0.1", "server_port": free_port()}}
    )
    for component in DEFAULT_CONFIG_PARTS:
        await async_setup_component(hass, component, {})
    for module in DEFAULT_CONFIG_MODULES:
        await hass.async_add_import_executor_job(importlib.import_module, module)
    await hass.async_block_till_done()


async def community_account(hass: HomeAssistant, url: str) -> ConfigEntry:
    """Our integration with a resident's account, added through its config flow."""
    flows = hass.config_entries.flow
    flow = await flows.async_init("smart_community", context={"source": SOURCE_USER})
    flow = await flows.async_configure(flow["flow_id"], {"next_step_id": "community"})
    flow = await flows.async_configure(flow["flow_id"], {"url": url, **RESIDENT})
    entry: ConfigEntry = flow["result"]
    await hass.async_block_till_done()
    return entry


def mosquitto() -> str:
    """The broker's path; installs the Debian package when missing and allowed to."""
    for candidate in (shutil.which("mosquitto"), "/usr/sbin/mosquitto"):
        if candidate and Path(candidate).exists():
            return candidate
    if os.geteuid() != 0:
        sys.exit("mosquitto is missing: install it with `sudo apt-get install mosquitto`.")
    subprocess.run(["apt-get", "install", "-y", "mosquitto"], check=True)
    return "/usr/sbin/mosquitto"


@asynccontextmanager
async def broker() -> AsyncIterator[int]:
    """A mosquitto on loopback for the time of the block; yields its port."""
    port = free_port()
    async with AsyncExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        config = Path(folder) / "mosquitto.conf"
        config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
        # Started before anything is measured.
        process = subprocess.Popen(  # noqa: ASYNC220
            [mosquitto(), "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        stack.callback(process.terminate)
        await until(lambda: listening(port), 10)
        yield port


async def mqtt_entry(hass: HomeAssistant, port: int) -> ConfigEntry:
    """Home Assistant's MQTT integration on the broker, with discovery on."""
    entry = MockConfigEntry(
        domain="mqtt",
        data={"broker": "127.0.0.1", "port": port, "discovery": True},
        version=1,
        minor_version=2,
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    return entry


class Arrivals:
    """When each keyed state change of the followed entities reached the state machine.

    key(new_state) names the change (None: not one the benchmark sent); the producer stamps
    each key it sends, so latency is arrival minus stamp, and a key never seen is lost.
    """

    def __init__(
        self, hass: HomeAssistant, entity_ids: set[str], key: Callable[[Any], str | None]
    ) -> None:
        """Follow entity_ids from now on."""
        self.seen: dict[str, float] = {}
        self.target = 0
        self.reached = asyncio.Event()

        @callback
        def changed(event: Event[Any]) -> None:
            new = event.data["new_state"]
            if event.data["entity_id"] not in entity_ids or new is None:
                return
            if (name := key(new)) is None:
                return
            self.seen[name] = time.time()
            if len(self.seen) >= self.target:
                self.reached.set()

        self.unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, changed)

    def expect(self, count: int) -> None:
        """Set `reached` once count more keys have arrived."""
        self.target = len(self.seen) + count
        self.reached.clear()
        if len(self.seen) >= self.target:
            self.reached.set()

    async def wait(self, seconds: float) -> None:
        """Wait for the expected count, at most `seconds`."""
        await within(self.reached, seconds)

    def latencies(self, stamps: dict[str, float]) -> list[float]:
        """Seconds from each stamp to its arrival, for the keys that arrived."""
        return [self.seen[key] - stamp for key, stamp in stamps.items() if key in self.seen]

    def lost(self, stamps: dict[str, float]) -> int:
        """How many stamped keys never arrived."""
        return sum(key not in self.seen for key in stamps)
