"""Sets a fresh Home Assistant up for the demo through its REST and WebSocket APIs.

Every step is one a resident takes in the UI: onboarding, then Settings > Devices & services
> Add integration for each family, ESPHome and ZHA, then Add Zigbee device, and last Settings >
Dashboards > Add dashboard with the ready one of docs/dashboards. Steps already
done (a second run on the same configuration) are skipped.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import logging
from pathlib import Path

import aiohttp

from .ctl import ControlError, joined_sensor, zigbee_request
from .dashboard import URL_PATH as DASHBOARD_PATH, add_dashboard
from .flows import Answer, complete_flow, pick_option
from .ha_client import HomeAssistantClient, HomeAssistantError, Json, WebSocket, as_json, as_list
from .layout import (
    HOST,
    LOCK_ADDRESS,
    LOCK_SETUP_CODE,
    OWNER_NAME,
    OWNER_PASSWORD,
    OWNER_USERNAME,
    RESIDENT_PASSWORD,
    RESIDENT_USERNAME,
    ZIGBEE_SENSORS,
    DemoPorts,
    LayoutError,
)

_LOGGER = logging.getLogger(__name__)

DOMAIN = "smart_community"
_STARTUP_POLL = 0.5
_REGISTRY_POLL = 0.5
_JOIN_SECONDS = 120


class ProvisionError(Exception):
    """The demo could not be set up."""


@dataclass(frozen=True, slots=True)
class Provisioner:
    """Sets up one Home Assistant against one running demo."""

    client: HomeAssistantClient
    ports: DemoPorts
    timeout: float

    async def run(self) -> None:
        """Every step, in the order a resident would take them."""
        await self._onboard()
        async with WebSocket.connect(self.client) as socket:
            # ZHA's flow spends most of its time probing the port for other radio types,
            # so it runs while the other integrations are added.
            await asyncio.gather(self._zha(), self._integrations(socket))
            await self._join_sensors(socket)
            if await add_dashboard(socket):
                _LOGGER.info("Added the dashboard /%s", DASHBOARD_PATH)

    async def _integrations(self, socket: WebSocket) -> None:
        await self._community()
        await self._esphome()
        await self._lock(socket)
        await self._zigbee_entry()

    async def _onboarding(self) -> set[str] | None:
        """Wait until Home Assistant answers; return the onboarding steps done."""
        async with asyncio.timeout(self.timeout):
            while True:
                try:
                    return await self.client.onboarding()
                except HomeAssistantError:
                    await asyncio.sleep(_STARTUP_POLL)

    async def _onboard(self) -> None:
        done = await self._onboarding()
        if done is None or "user" in done:
            await self.client.login(OWNER_USERNAME, OWNER_PASSWORD)
        if done is None:
            return
        if "user" not in done:
            owner: Json = {
                "client_id": self.client.client_id,
                "name": OWNER_NAME,
                "username": OWNER_USERNAME,
                "password": OWNER_PASSWORD,
                "language": "en",
            }
            answer = await self.client.request("POST", "/api/onboarding/users", owner, auth=False)
            await self.client.exchange_code(str(as_json(answer, "owner")["auth_code"]))
            _LOGGER.info("Created the owner account %s", OWNER_USERNAME)
        for step in ("core_config", "analytics"):
            if step not in done:
                await self.client.request("POST", f"/api/onboarding/{step}", {})
        if "integration" not in done:
            redirect: Json = {
                "client_id": self.client.client_id,
                "redirect_uri": f"{self.client.url}/?auth_callback=1",
            }
            await self.client.request("POST", "/api/onboarding/integration", redirect)

    async def _add(self, handler: str, answers: dict[str, Answer], *, already: str) -> None:
        async with asyncio.timeout(self.timeout):
            start = await self.client.start_flow(handler)
            result = await complete_flow(self.client, start, answers)
        if result["type"] == "abort" and result.get("reason") != already:
            raise ProvisionError(f"{handler} aborted: {result.get('reason')}")
        _LOGGER.info("%s: %s", handler, result.get("title") or result.get("reason"))

    async def _community(self) -> None:
        login: Json = {
            "url": self.ports.community_url,
            "username": RESIDENT_USERNAME,
            "password": RESIDENT_PASSWORD,
        }
        answers: dict[str, Answer] = {"user": {"next_step_id": "community"}, "community": login}
        await self._add(DOMAIN, answers, already="already_configured")

    async def _zigbee_entry(self) -> None:
        answers: dict[str, Answer] = {"user": {"next_step_id": "zigbee"}, "zigbee": {}}
        await self._add(DOMAIN, answers, already="zigbee_already_added")

    async def _esphome(self) -> None:
        if await self.client.entries("esphome"):
            return
        answers: dict[str, Answer] = {"user": {"host": HOST, "port": self.ports.esphome}}
        await self._add("esphome", answers, already="already_configured")

    async def _lock(self, socket: WebSocket) -> None:
        entries = await self.client.entries(DOMAIN)
        if any(entry.get("source") == "bluetooth" for entry in entries):
            return
        async with asyncio.timeout(self.timeout):
            async with socket.subscribe({"type": "config_entries/flow/subscribe"}) as flows:
                flow_id = await self._discovered_lock(flows)
            # Hold the lock's button, then type the code printed on it.
            await _post_control(f"{self.ports.control_url}/control/lock/pairing")
            start = await self.client.flow_state(flow_id)
        answers: dict[str, Answer] = {"lock_pair": {"setup_code": LOCK_SETUP_CODE}}
        async with asyncio.timeout(self.timeout):
            result = await complete_flow(self.client, start, answers)
        if result["type"] != "create_entry":
            raise ProvisionError(f"pairing the lock failed: {result}")
        _LOGGER.info("Paired lock %s", result.get("title"))

    @staticmethod
    async def _discovered_lock(flows: asyncio.Queue[object]) -> str:
        while True:
            for change in as_list(await flows.get(), "flows"):
                flow = change.get("flow")
                if not isinstance(flow, dict):
                    continue
                context = flow.get("context")
                if (
                    flow.get("handler") == DOMAIN
                    and isinstance(context, dict)
                    and context.get("source") == "bluetooth"
                    and context.get("unique_id") == LOCK_ADDRESS
                ):
                    return str(change["flow_id"])

    async def _zha(self) -> None:
        if await self.client.entries("zha"):
            return
        path = self.ports.zigbee_path
        answers: dict[str, Answer] = {
            "choose_serial_port": {"path": path},
            "manual_pick_radio_type": pick_option("radio_type", "XBee"),
            "manual_port_config": {"path": path, "baudrate": 115200, "flow_control": "none"},
            "verify_radio": {},
            "choose_setup_strategy": {"next_step_id": "setup_strategy_recommended"},
        }
        await self._add("zha", answers, already="single_instance_allowed")

    async def _join_sensors(self, socket: WebSocket) -> None:
        missing = [k for k in ZIGBEE_SENSORS if await joined_sensor(self.ports, k) is None]
        if missing:
            # Add Zigbee device in ZHA opens the network; then each sensor's pairing button.
            await self.client.call_service("zha", "permit", {"duration": _JOIN_SECONDS})
            for kind in missing:
                await zigbee_request(self.ports, {"command": "join", "kind": kind})
        async with asyncio.timeout(self.timeout):
            for kind in ZIGBEE_SENSORS:
                ieee = await joined_sensor(self.ports, kind)
                await _zha_entities(socket, str(ieee))


def zha_ieee(ieee: str) -> str:
    """The simulator's 16 hex digits as ZHA writes IEEE addresses: colon-separated pairs."""
    return ":".join(ieee[i : i + 2] for i in range(0, 16, 2))


async def _zha_entities(socket: WebSocket, ieee: str) -> None:
    """Wait until ZHA has created the entities of the device (its interview is over)."""
    prefix = zha_ieee(ieee) + "-"
    while True:
        registry = as_list(await socket.command({"type": "config/entity_registry/list"}), "list")
        if any(
            e.get("platform") == "zha" and str(e.get("unique_id", "")).startswith(prefix)
            for e in registry
        ):
            return
        await asyncio.sleep(_REGISTRY_POLL)


async def _post_control(url: str) -> None:
    try:
        async with aiohttp.ClientSession() as session, session.post(url, json={}) as response:
            response.raise_for_status()
    except aiohttp.ClientError as err:
        raise ControlError(f"{url}: {err}") from err


async def _running_demo(data: Path) -> DemoPorts:
    """The ports of the demo keeping its state in `data`, once it answers on them."""
    while True:
        try:
            ports = DemoPorts.load(data)
            await zigbee_request(ports, {"command": "status"})
        except LayoutError, ControlError:
            await asyncio.sleep(_STARTUP_POLL)
        else:
            return ports


async def provision(ha_url: str, data: Path, *, time_limit: float = 120.0) -> None:
    """Set Home Assistant at `ha_url` up against the demo whose state is in `data`."""
    try:
        async with asyncio.timeout(time_limit):
            ports = await _running_demo(data)
    except TimeoutError as err:
        raise ProvisionError(f"no demo is running with its state in {data}") from err
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, ha_url)
        try:
            await Provisioner(client, ports, time_limit).run()
        except (HomeAssistantError, ControlError, TimeoutError) as err:
            raise ProvisionError(str(err) or "timed out") from err
