"""Run the virtual coordinator on its own: `serve()` for a launcher, `main()` for a CLI."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
import logging
from pathlib import Path

from .control import start_control_server
from .coordinator import VirtualCoordinator

_LOGGER = logging.getLogger(__name__)

DEFAULT_PORT = 9999
DEFAULT_CONTROL_PORT = 9998


async def serve(
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    control_port: int = DEFAULT_CONTROL_PORT,
    state_path: Path | None = None,
    started: asyncio.Event | None = None,
) -> None:
    """Run the coordinator and its control port until cancelled."""
    coordinator = VirtualCoordinator(state_path=state_path)
    await coordinator.start(host, port)
    control = await start_control_server(coordinator, host, control_port)
    _LOGGER.info(
        "Virtual Zigbee coordinator on %s (radio type XBee), control on port %d",
        coordinator.url,
        control.sockets[0].getsockname()[1],
    )
    if started is not None:
        started.set()
    try:
        await asyncio.Event().wait()
    finally:
        control.close()
        await coordinator.stop()
        await control.wait_closed()


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Virtual Zigbee coordinator (XBee API 2)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--control-port", type=int, default=DEFAULT_CONTROL_PORT)
    parser.add_argument("--state", type=Path, default=None, help="JSON file kept across runs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    asyncio.run(
        serve(
            host=args.host,
            port=args.port,
            control_port=args.control_port,
            state_path=args.state,
        )
    )
