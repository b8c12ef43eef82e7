"""Benchmark: the gate's live view through Home Assistant, to the first frame, and HA's CPU.

    .venv/bin/python scripts/bench/live_view.py [--hold 10] [--runs 5] [--markdown] [--write-doc]

The reference server (a real WebRTC door station) and the resident's browser (an aiortc
peer) run in a process of their own (scripts/bench/live_view_peer.py). Home Assistant, in
this process, has our community account; the browser opens the north gate's camera through
Home Assistant's WebSocket API (`camera/webrtc/offer`), as the frontend does, and times
from creating its offer to its first decoded video frame, all on loopback. Then the session
runs for `--hold` seconds, and Home Assistant's CPU time over that window is compared with
the same window idle before the live view opened: media flows between the browser and the
station, so Home Assistant should only see the signalling. Two sides: `watching` (receive
only, what the stock frontend offers) and `talking` (the browser also sends a microphone).
"""

import argparse
import asyncio
from functools import partial
from pathlib import Path
import time

from harness import Bench, Figure, Producer, Side, main

PEER = Path(__file__).with_name("live_view_peer.py")
CAMERA = "camera.north_gate_camera"


async def _cpu_percent(seconds: float) -> float:
    """This process's CPU time over the next `seconds`, as a percentage of one core."""
    start_cpu, start = time.process_time(), time.perf_counter()
    await asyncio.sleep(seconds)
    return (time.process_time() - start_cpu) / (time.perf_counter() - start) * 100


async def _run(args: argparse.Namespace, *, talk: bool) -> dict[str, float]:
    from hass_sides import community_account, home_assistant, loopback_http  # noqa: PLC0415
    from homeassistant.auth.const import GROUP_ID_ADMIN  # noqa: PLC0415
    from homeassistant.auth.models import TOKEN_TYPE_LONG_LIVED_ACCESS_TOKEN  # noqa: PLC0415
    from homeassistant.setup import async_setup_component  # noqa: PLC0415

    producer = Producer(PEER)
    try:
        ready = await producer.line()
        async with home_assistant() as hass:
            await loopback_http(hass)
            await async_setup_component(hass, "websocket_api", {})
            # HTTP listens once the frontend or the start event comes; neither does here.
            await hass.http.start()
            entry = await community_account(hass, ready["url"])
            user = await hass.auth.async_create_user("bench", group_ids=[GROUP_ID_ADMIN])
            refresh = await hass.auth.async_create_refresh_token(
                user, client_name="bench", token_type=TOKEN_TYPE_LONG_LIVED_ACCESS_TOKEN
            )
            token = hass.auth.async_create_access_token(refresh)
            url = f"ws://127.0.0.1:{hass.http.server_port}/api/websocket"
            idle = await _cpu_percent(args.hold)
            command = f"open {url} {token} {CAMERA}" + (" talk" if talk else "")
            opened = hass.async_create_task(producer.ask(command))
            first = (await opened)["first_frame_ms"]
            live = await _cpu_percent(args.hold)
            (session,) = (await producer.ask("stats"))["sessions"]
            await producer.ask("close")
            await hass.config_entries.async_unload(entry.entry_id)
    finally:
        producer.close()
    return {
        "first_frame_ms": first,
        "idle_cpu": idle,
        "live_cpu": live,
        "frames_sent": session["video_frames_sent"],
        "heard_s": session["heard"]["seconds"],
    }


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--hold", type=float, default=10.0, help="seconds measured idle and with the live view"
    )


def _conditions(args: argparse.Namespace) -> str:
    return (
        f"the north gate's live view (480x360 VP8 at 30 fps, Opus) through Home Assistant's "
        f"camera WebSocket API, on loopback; CPU over {args.hold:g} s idle, then "
        f"{args.hold:g} s with the session running"
    )


BENCH = Bench(
    name="live_view",
    title=__doc__.splitlines()[0],
    sides=(
        Side(key="watching", heading="watching", run=partial(_run, talk=False)),
        Side(key="talking", heading="talking", run=partial(_run, talk=True)),
    ),
    figures=(
        Figure(key="first_frame_ms", label="open to first video frame (ms)"),
        Figure(key="idle_cpu", label="Home Assistant CPU, idle (% of a core)"),
        Figure(key="live_cpu", label="Home Assistant CPU, live view (% of a core)"),
        Figure(key="frames_sent", label="frames the station sent meanwhile", digits=0),
        Figure(
            key="heard_s", label="resident's audio the station heard (s)", digits=1, ratio=False
        ),
    ),
    arguments=_arguments,
    conditions=_conditions,
    ratio=False,
)

if __name__ == "__main__":
    main(BENCH)
