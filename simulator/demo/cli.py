"""Subcommands `demo`, `provision` and `ctl` of `python -m simulator`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
from pathlib import Path
import signal
import sys

from .ctl import SCENARIOS, ControlError
from .layout import (
    HOME_ASSISTANT_PORT,
    HOST,
    OWNER_PASSWORD,
    OWNER_USERNAME,
    DemoPorts,
    LayoutError,
)
from .provision import ProvisionError, provision
from .stack import run_demo

DEFAULT_DATA = Path("config/simulator")


def add_parsers(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the demo's subcommands."""
    demo = subparsers.add_parser("demo", help="every simulator at once on fixed loopback ports")
    _data_argument(demo)
    defaults = DemoPorts()
    for name in ("community", "control", "zigbee", "zigbee_control", "esphome"):
        demo.add_argument(
            f"--{name.replace('_', '-')}-port",
            dest=name,
            type=int,
            default=getattr(defaults, name),
            help=f"{name.replace('_', ' ')} port (default %(default)s)",
        )
    demo.set_defaults(run=_run_demo)

    setup = subparsers.add_parser(
        "provision", help="set a running Home Assistant up for the running demo"
    )
    _data_argument(setup)
    setup.add_argument("--url", default=f"http://{HOST}:{HOME_ASSISTANT_PORT}")
    setup.add_argument("--timeout", type=float, default=300.0, help="seconds for all steps")
    setup.set_defaults(run=_run_provision)

    ctl = subparsers.add_parser(
        "ctl",
        help="play a scenario in the running demo",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="scenarios:\n" + "\n".join(f"  {s.name:20} {s.help}" for s in SCENARIOS.values()),
    )
    _data_argument(ctl)
    ctl.add_argument("scenario", choices=SCENARIOS)
    ctl.add_argument("arguments", nargs="*", help="arguments of the scenario")
    ctl.set_defaults(run=_run_ctl)


def _data_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="the demo's state folder (%(default)s)"
    )


def _run_demo(args: argparse.Namespace) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    ports = DemoPorts(
        community=args.community,
        control=args.control,
        zigbee=args.zigbee,
        zigbee_control=args.zigbee_control,
        esphome=args.esphome,
    )

    async def main() -> None:
        task = asyncio.current_task()
        if task is not None:
            # Stopped by its launcher: shut down like on Ctrl+C, closing the servers.
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        await run_demo(args.data, ports)

    with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
        asyncio.run(main())


def _run_provision(args: argparse.Namespace) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        asyncio.run(provision(args.url, args.data, time_limit=args.timeout))
    except ProvisionError as err:
        sys.exit(f"Setting up Home Assistant failed: {err}")
    print(  # noqa: T201
        f"Home Assistant is ready on {args.url}\n"
        f"Log in as {OWNER_USERNAME} with the password {OWNER_PASSWORD}"
    )


def _run_ctl(args: argparse.Namespace) -> None:
    try:
        ports = DemoPorts.load(args.data)
        result = asyncio.run(SCENARIOS[args.scenario].run(ports, args.arguments))
    except (ControlError, LayoutError) as err:
        sys.exit(f"{args.scenario}: {err}")
    print(json.dumps(result, ensure_ascii=False))  # noqa: T201
