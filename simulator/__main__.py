"""`python -m simulator <command> ...`: start a simulated counterpart, the demo, or a scenario."""

import argparse
from collections.abc import Sequence

from .community import cli as community_cli
from .demo import cli as demo_cli
from .esphome import cli as esphome_cli
from .zigbee import run as zigbee_run


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and run the chosen simulator."""
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__)
    subparsers = parser.add_subparsers(dest="family", required=True)
    # Each family registers its own subcommand here.
    community_cli.add_parser(subparsers)
    esphome_cli.add_parser(subparsers)
    # The coordinator keeps its own argument parser; its arguments are passed through.
    zigbee = subparsers.add_parser(
        "zigbee", help="virtual Zigbee coordinator (XBee API 2 over TCP)", add_help=False
    )
    zigbee.set_defaults(run=lambda args: zigbee_run.main(args.passed))
    demo_cli.add_parsers(subparsers)
    args, rest = parser.parse_known_args(argv)
    if rest and args.family != "zigbee":
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    args.passed = rest
    args.run(args)


if __name__ == "__main__":
    main()
