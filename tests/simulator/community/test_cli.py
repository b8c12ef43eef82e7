"""`python -m simulator community` starts the reference server."""

import asyncio
from pathlib import Path
import sys

import aiohttp
import pytest

from simulator.__main__ import main

ROOT = Path(__file__).resolve().parents[3]


def test_help_lists_the_community_family(capsys: pytest.CaptureFixture[str]) -> None:
    """The dispatcher knows the community subcommand."""
    with pytest.raises(SystemExit) as done:
        main(["community", "--help"])
    assert done.value.code == 0
    assert "--db" in capsys.readouterr().out


async def test_runs_as_a_program(tmp_path: Path, session: aiohttp.ClientSession) -> None:
    """The server answers on the port given on the command line, until it is stopped."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "simulator",
        "community",
        "--port",
        "0",
        "--db",
        str(tmp_path / "cli.sqlite3"),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        async with asyncio.timeout(30):
            banner = (await process.stdout.readline()).decode()
        url = banner.split(" on ", 1)[1].split(" ", 1)[0]
        async with session.get(f"{url}/control/state") as response:
            assert (await response.json())["latest_cursor"] == 0
    finally:
        process.terminate()
        await process.wait()
    assert (tmp_path / "cli.sqlite3").exists()
