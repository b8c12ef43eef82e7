"""`python -m simulator.esphome`: run the virtual Bluetooth proxy with the demo counter."""

import argparse
import asyncio
from collections.abc import Iterable, Sequence

from .demo import DemoCounter
from .peripheral import VirtualPeripheral
from .server import DEFAULT_ADVERTISE_INTERVAL, DEFAULT_PORT, VirtualBluetoothProxy


async def serve(
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    peripherals: Iterable[VirtualPeripheral] = (),
    *,
    advertise_interval: float = DEFAULT_ADVERTISE_INTERVAL,
) -> None:
    """Run a proxy carrying `peripherals` until cancelled."""
    async with VirtualBluetoothProxy(
        host=host, port=port, advertise_interval=advertise_interval
    ) as proxy:
        for peripheral in peripherals:
            proxy.add(peripheral)
        print(  # noqa: T201
            f"Virtual ESPHome Bluetooth proxy on {host}:{proxy.port}: add it in Home Assistant "
            "under Settings > Devices & services > Add integration > ESPHome"
        )
        await asyncio.Event().wait()


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the `esphome` subcommand."""
    _arguments(subparsers.add_parser("esphome", help="virtual ESPHome Bluetooth proxy"))


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on")
    parser.add_argument(
        "--advertise-interval",
        type=float,
        default=DEFAULT_ADVERTISE_INTERVAL,
        help="seconds between repeated advertisements",
    )
    parser.add_argument(
        "--no-demo", action="store_true", help="do not carry the demo counter peripheral"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Serve until interrupted."""
    peripherals = [] if args.no_demo else [DemoCounter()]
    asyncio.run(
        serve(args.host, args.port, peripherals, advertise_interval=args.advertise_interval)
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and serve."""
    parser = argparse.ArgumentParser(prog="python -m simulator.esphome", description=__doc__)
    _arguments(parser)
    args = parser.parse_args(argv)
    args.run(args)
