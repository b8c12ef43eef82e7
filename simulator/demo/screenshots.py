"""Screenshots of the running demo, taken with headless Chromium over the DevTools protocol.

The frontend is logged in as the demo owner by handing it the tokens Home Assistant issued
through its login flow, exactly what the login page stores after a successful sign-in.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
from collections.abc import AsyncIterator
import contextlib
import itertools
import json
import logging
from pathlib import Path
import tempfile
import time

import aiohttp

from .dashboard import URL_PATH as DASHBOARD_PATH
from .ha_client import HomeAssistantClient, Json, WebSocket, as_json, as_list
from .layout import HOME_ASSISTANT_PORT, HOST, OWNER_PASSWORD, OWNER_USERNAME

_LOGGER = logging.getLogger(__name__)

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A live view needs WebRTC with host addresses (not mDNS names) on this machine, and
    # media that plays without a click; fake devices stand in for a camera and microphone.
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
    "--disable-features=WebRtcHideLocalIpsWithMdns",
)
WIDTH, HEIGHT = 1280, 860
# Pages taller or wider than the window: the whole dashboard, its three columns side by side.
_PAGE_SIZES = {"dashboard.png": (1680, 1180)}
# The frontend draws its cards after it has the states; give them a moment to settle.
_SETTLE_SECONDS = 3.0
_STARTUP_SECONDS = 30.0
_POLL_SECONDS = 0.5
_FRONTEND_READY = """(() => {
  const ha = document.querySelector("home-assistant");
  return Boolean(ha && ha.hass && ha.hass.connected && Object.keys(ha.hass.states).length);
})()"""

# (file name, path in the frontend)
PAGES = (
    ("integration.png", "/config/integrations/integration/smart_community"),
    ("zigbee.png", "/config/integrations/integration/zha"),
    ("dashboard.png", f"/{DASHBOARD_PATH}/home"),
)
# (file name, device name): device pages, after the scenarios have been played.
DEVICE_PAGES = (
    ("gate.png", "North gate"),
    ("lock.png", "SC-Lock-0001"),
    ("leak_sensor.png", "SmartCommunity SC-WL01"),
    ("parking.png", "粤B·12345"),
)


# The north gate's live view in the camera's more-info dialog: two pictures, seconds apart,
# whose drawn clocks must differ.
LIVE_CAMERA = "camera.north_gate_camera"
LIVE_SHOTS = ("gate_live.png", "gate_live_later.png")
_LIVE_GAP_SECONDS = 2.0
_OPEN_MORE_INFO = f"""document.querySelector("home-assistant").dispatchEvent(
  new CustomEvent("hass-more-info",
    {{detail: {{entityId: "{LIVE_CAMERA}"}}, bubbles: true, composed: true}}))"""
# The first <video> anywhere in the page, through every shadow root: is it playing?
_VIDEO_PLAYING = """(() => {
  const find = (root) => {
    for (const node of root.querySelectorAll("*")) {
      if (node.tagName === "VIDEO") return node;
      if (node.shadowRoot) { const found = find(node.shadowRoot); if (found) return found; }
    }
    return null;
  };
  const video = find(document);
  return Boolean(video && video.videoWidth > 0 && video.currentTime > 0.5);
})()"""


class DevTools:
    """One page target of Chromium, driven over its DevTools WebSocket."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._ids = itertools.count(1)

    async def call(self, method: str, **params: object) -> Json:
        """Send a command and return its result, skipping events sent meanwhile."""
        message_id = next(self._ids)
        await self._socket.send_json({"id": message_id, "method": method, "params": params})
        while True:
            message = as_json(await self._socket.receive_json(), method)
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return as_json(message.get("result", {}), method)


@contextlib.asynccontextmanager
async def chromium(
    binary: str, session: aiohttp.ClientSession, port: int
) -> AsyncIterator[DevTools]:
    """Start headless Chromium with a fresh profile and attach to its first page."""
    with tempfile.TemporaryDirectory() as profile:
        process = await asyncio.create_subprocess_exec(
            binary,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            f"--window-size={WIDTH},{HEIGHT}",
            "about:blank",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            target = await _page_target(session, port)
            async with session.ws_connect(target, max_msg_size=0) as socket:
                yield DevTools(socket)
        finally:
            process.terminate()
            await process.wait()


async def _page_target(session: aiohttp.ClientSession, port: int) -> str:
    async with asyncio.timeout(_STARTUP_SECONDS):
        while True:
            try:
                async with session.get(f"http://{HOST}:{port}/json/list") as response:
                    targets: object = await response.json()
            except aiohttp.ClientError:
                await asyncio.sleep(_POLL_SECONDS)
                continue
            for target in targets if isinstance(targets, list) else []:
                if isinstance(target, dict) and target.get("type") == "page":
                    return str(target["webSocketDebuggerUrl"])
            await asyncio.sleep(_POLL_SECONDS)


async def _device_pages(client: HomeAssistantClient) -> list[tuple[str, str]]:
    async with WebSocket.connect(client) as socket:
        devices = as_list(await socket.command({"type": "config/device_registry/list"}), "list")
    ids = {str(d.get("name_by_user") or d.get("name")): str(d["id"]) for d in devices}
    return [
        (file, f"/config/devices/device/{ids[name]}") for file, name in DEVICE_PAGES if name in ids
    ]


async def _until_true(page: DevTools, expression: str) -> None:
    async with asyncio.timeout(_STARTUP_SECONDS):
        while True:
            answer = await page.call("Runtime.evaluate", expression=expression, returnByValue=True)
            if as_json(answer.get("result"), "evaluate").get("value") is True:
                return
            await asyncio.sleep(_POLL_SECONDS)


async def _frontend_ready(page: DevTools) -> None:
    await _until_true(page, _FRONTEND_READY)


def _frontend_tokens(client: HomeAssistantClient, url: str) -> Json:
    expires_in = client.tokens.get("expires_in", 1800)
    return {
        **client.tokens,
        "hassUrl": url,
        "clientId": client.client_id,
        "expires": int(time.time() * 1000) + int(str(expires_in)) * 1000,
    }


async def _log_in(page: DevTools, url: str, tokens: Json) -> None:
    # Any page of the origin will do to reach its storage.
    await page.call("Page.navigate", url=f"{url}/manifest.json")
    script = f"localStorage.setItem('hassTokens', {json.dumps(json.dumps(tokens))})"
    await page.call("Runtime.evaluate", expression=script)


async def take(url: str, output: Path, binary: str, debug_port: int) -> list[Path]:
    """Log in as the demo owner and save one PNG per page under `output` (which exists)."""
    saved: list[Path] = []
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, url)
        await client.login(OWNER_USERNAME, OWNER_PASSWORD)
        pages = [*PAGES, *await _device_pages(client)]
        tokens = _frontend_tokens(client, url)
        async with chromium(binary, session, debug_port) as page:
            await _log_in(page, url, tokens)
            for name, path in pages:
                width, height = _PAGE_SIZES.get(name, (WIDTH, HEIGHT))
                await page.call(
                    "Emulation.setDeviceMetricsOverride",
                    width=width,
                    height=height,
                    deviceScaleFactor=1,
                    mobile=False,
                )
                await page.call("Page.navigate", url=url + path)
                await _frontend_ready(page)
                await asyncio.sleep(_SETTLE_SECONDS)
                saved.append(await _shoot(page, output / name))
    return saved


async def _video_playing(page: DevTools) -> None:
    await _until_true(page, _VIDEO_PLAYING)


async def _shoot(page: DevTools, target: Path) -> Path:
    shot = await page.call("Page.captureScreenshot", format="png")
    await asyncio.to_thread(target.write_bytes, base64.b64decode(str(shot["data"])))
    _LOGGER.info("Saved %s", target)
    return target


async def take_live_view(url: str, output: Path, binary: str, debug_port: int) -> list[Path]:
    """The north gate's live view playing in the frontend, twice, a moment apart."""
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, url)
        await client.login(OWNER_USERNAME, OWNER_PASSWORD)
        tokens = _frontend_tokens(client, url)
        async with chromium(binary, session, debug_port) as page:
            await _log_in(page, url, tokens)
            await page.call("Page.navigate", url=f"{url}/{DASHBOARD_PATH}/home")
            await _frontend_ready(page)
            await page.call("Runtime.evaluate", expression=_OPEN_MORE_INFO)
            await _video_playing(page)
            first = await _shoot(page, output / LIVE_SHOTS[0])
            await asyncio.sleep(_LIVE_GAP_SECONDS)
            return [first, await _shoot(page, output / LIVE_SHOTS[1])]


def main() -> None:
    """`python -m simulator.demo.screenshots --out docs/screenshots`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=f"http://{HOST}:{HOME_ASSISTANT_PORT}")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--chromium", default="chromium")
    parser.add_argument("--debug-port", type=int, default=9222)
    parser.add_argument(
        "--live-view", action="store_true", help="only the north gate's live view, twice"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    shoot = take_live_view if args.live_view else take
    asyncio.run(shoot(args.url, args.out, args.chromium, args.debug_port))


if __name__ == "__main__":
    main()
