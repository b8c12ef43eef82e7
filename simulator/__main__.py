"""`python -m simulator <family> ...`: start one of the simulated counterparts."""

import argparse
from collections.abc import Sequence

from .community import cli as community_cli


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and run the chosen simulator."""
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__)
    subparsers = parser.add_subparsers(dest="family", required=True)
    # Each family registers its own subcommand here.
    community_cli.add_parser(subparsers)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
