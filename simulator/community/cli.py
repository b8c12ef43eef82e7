"""`python -m simulator community ...`: run the reference server until interrupted."""

import argparse
import asyncio
from pathlib import Path

from .server import CommunityServer


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the community subcommand."""
    parser = subparsers.add_parser("community", help="reference Community API v1 server")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8800, help="port to listen on")
    parser.add_argument(
        "--db", type=Path, default=Path("community.sqlite3"), help="SQLite file for the state"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Serve until interrupted."""
    asyncio.run(_serve(CommunityServer(args.db, host=args.host, port=args.port)))


async def _serve(server: CommunityServer) -> None:
    async with server:
        print(f"Community API v1 on {server.url} (control API under /control/)")  # noqa: T201
        await asyncio.Event().wait()
