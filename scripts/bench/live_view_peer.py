"""The far side of the live view benchmark: the reference server and the resident's browser.

Both are WebRTC peers, so they run in a process of their own: Home Assistant's process then
does only what it does for a real browser and station, relaying the signalling. Commands on
stdin, one a line, each answered with one line of JSON on stdout:

    open URL TOKEN ENTITY [talk]   open ENTITY's live view through Home Assistant's
                                    WebSocket API at URL; answers the time to the first frame
    stats                          what the station sent and heard
    close                          close the live view
    quit
"""

import asyncio
import json
from pathlib import Path
import sys
import tempfile
import time

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


async def _open(
    http: aiohttp.ClientSession, url: str, token: str, entity_id: str, *, talk: bool
) -> tuple[aiohttp.ClientWebSocketResponse, object, float]:
    from tests.browser_peer import Browser, voice  # noqa: PLC0415

    socket = await http.ws_connect(url)
    await socket.receive_json()
    await socket.send_json({"type": "auth", "access_token": token})
    await socket.receive_json()
    start = time.perf_counter()
    browser = Browser(voice() if talk else None)
    offer = await browser.offer()
    await socket.send_json(
        {"id": 1, "type": "camera/webrtc/offer", "entity_id": entity_id, "offer": offer}
    )
    async with asyncio.timeout(30):
        while True:
            message = await socket.receive_json()
            event = message.get("event", {})
            if event.get("type") == "answer":
                await browser.answer(event["answer"])
                break
            if event.get("type") == "error":
                raise RuntimeError(event)
        await browser.video.get()
    return socket, browser, (time.perf_counter() - start) * 1000


async def serve() -> None:
    """Run the station until told to quit."""
    from simulator.community import CommunityServer  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        async with (
            CommunityServer(Path(folder) / "community.sqlite3") as server,
            aiohttp.ClientSession() as http,
        ):
            print(json.dumps({"url": server.url}), flush=True)
            loop = asyncio.get_running_loop()
            socket = browser = None
            while line := (await loop.run_in_executor(None, sys.stdin.readline)).strip():
                command, *words = line.split()
                if command == "quit":
                    return
                if command == "open":
                    url, token, entity_id, *talk = words
                    socket, browser, first_ms = await _open(
                        http, url, token, entity_id, talk=bool(talk)
                    )
                    print(json.dumps({"first_frame_ms": first_ms}), flush=True)
                elif command == "close" and socket is not None and browser is not None:
                    await browser.close()  # type: ignore[attr-defined]
                    await socket.close()
                    print(json.dumps({"closed": True}), flush=True)
                else:
                    print(json.dumps(server.live_view_stats()), flush=True)


if __name__ == "__main__":
    asyncio.run(serve())
