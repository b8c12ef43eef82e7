"""What every benchmark shares: repeated, interleaved runs of each side, and their tables.

A benchmark describes its sides (ours first, then the peer), its figures and how one side
runs once; `main` then runs each side `--runs` times (default 5), alternating ours, peer,
ours, peer, ..., each run in a fresh Python process, and prints per figure the median, min
and max of each side and the ratio of the medians. `--markdown` prints the tables
docs/performance.md carries; `--write-doc` puts them into the doc between the benchmark's
begin/end comments, so the doc is regenerated from a run, never edited by hand.

`--side S` runs side S once in this process and prints its figures as JSON (what each of
the repeated runs is); `--profile FILE` with it writes that run's cProfile statistics to
FILE, to find where the time goes.
"""

import argparse
import asyncio
from collections.abc import Awaitable, Callable, Sequence
import cProfile
from dataclasses import dataclass
from datetime import UTC, datetime
import json
import math
import os
from pathlib import Path
import re
import shlex
import statistics
import subprocess
import sys
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "performance.md"
# Options of the harness itself; they are not passed on to the runs of a side.
_OWN_FLAGS = {"--markdown", "--write-doc"}
RANGE = "\N{EN DASH}"
# Options that change what is printed or done, not what is measured.
_NOT_SETTINGS = {"help", "markdown", "write_doc", "side", "profile"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """One row of a table: a key of a run's result, and how it is shown."""

    key: str
    label: str
    digits: int = 2
    ratio: bool = True


type Run = Callable[[argparse.Namespace], Awaitable[dict[str, float]]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Side:
    """One contestant: the key `--side` takes, the heading of its columns, and one run."""

    key: str
    heading: str
    run: Run


@dataclass(frozen=True, slots=True, kw_only=True)
class Bench:
    """A benchmark: its sides, its figures, and one run of a side."""

    name: str
    title: str
    sides: tuple[Side, ...]
    figures: tuple[Figure, ...]
    arguments: Callable[[argparse.ArgumentParser], None]
    conditions: Callable[[argparse.Namespace], str]
    # Divide the first side's median by the second's; off when the sides are not rivals.
    ratio: bool = True
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Spread:
    """Median, min and max of one figure over the runs of one side."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        """The spread of values, NaN ones left out (a run that timed nothing)."""
        kept = [value for value in values if not math.isnan(value)] or [math.nan]
        return cls(median=statistics.median(kept), low=min(kept), high=max(kept))


async def within(event: asyncio.Event, seconds: float) -> bool:
    """Wait for event at most `seconds`; whether it was set."""
    try:
        async with asyncio.timeout(seconds):
            await event.wait()
    except TimeoutError:
        return False
    return True


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of values; NaN when there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(len(ordered) * fraction) - 1))]


class Producer:
    """A process on the far side of a benchmark, driven line by line over its stdin/stdout."""

    def __init__(self, script: Path, *args: str) -> None:
        """Start it; what it prints first says it is ready."""
        self._process = subprocess.Popen(
            [sys.executable, str(script), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self._process.stdin is None or self._process.stdout is None:
            raise RuntimeError("the producer has no pipes")
        self._stdin, self._stdout = self._process.stdin, self._process.stdout

    async def line(self) -> dict[str, Any]:
        """The producer's next answer."""
        text = await asyncio.to_thread(self._stdout.readline)
        if not text:
            raise RuntimeError("the producer stopped")
        return json.loads(text) if text.startswith("{") else {"answer": text.strip()}

    async def send(self, command: str) -> None:
        """Send a command without waiting for it to finish."""
        self._stdin.write(command + "\n")
        self._stdin.flush()

    async def ask(self, command: str) -> dict[str, Any]:
        """Send a command and wait for its answer."""
        await self.send(command)
        return await self.line()

    def close(self) -> None:
        """Ask it to quit, then make sure it is gone."""
        try:
            self._stdin.write("quit\n")
            self._stdin.flush()
            self._process.wait(timeout=10)
        except BrokenPipeError, subprocess.TimeoutExpired:
            self._process.kill()


def _parser(bench: Bench) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=bench.title)
    bench.arguments(parser)
    parser.add_argument("--runs", type=int, default=5, help="runs per side (default 5)")
    parser.add_argument("--markdown", action="store_true", help="print the doc's tables")
    parser.add_argument(
        "--write-doc", action="store_true", help="also put the tables into docs/performance.md"
    )
    parser.add_argument("--side", choices=[side.key for side in bench.sides], help="one run")
    parser.add_argument(
        "--profile", type=Path, help="with --side: write that run's cProfile statistics here"
    )
    return parser


def main(bench: Bench) -> None:
    """Run the benchmark as its command line asks."""
    parser = _parser(bench)
    args = parser.parse_args()
    if args.profile is not None and args.side is None:
        parser.error("--profile profiles one run: give --side too")
    if args.side is not None:
        sys.path.insert(0, str(ROOT))
        # Before pytest-homeassistant's test config, which has a custom_components of its own.
        import custom_components  # noqa: F401, PLC0415

        (side,) = (side for side in bench.sides if side.key == args.side)
        profiler = cProfile.Profile()
        if args.profile is not None:
            profiler.enable()
        result = asyncio.run(side.run(args))
        if args.profile is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        print(json.dumps(result))
        return
    passed = [arg for arg in sys.argv[1:] if arg not in _OWN_FLAGS]
    load_before = os.getloadavg()
    results: dict[str, list[dict[str, float]]] = {side.key: [] for side in bench.sides}
    for number in range(1, args.runs + 1):
        for side in bench.sides:
            print(f"run {number}/{args.runs}: {side.heading} ...", file=sys.stderr, flush=True)
            results[side.key].append(_run_once(Path(sys.argv[0]).resolve(), passed, side))
    spreads = {
        side.key: {
            f.key: Spread.of([run[f.key] for run in results[side.key]]) for f in bench.figures
        }
        for side in bench.sides
    }
    smoke = _changed_defaults(parser, args)
    heading = (
        f"{bench.conditions(args)}; {args.runs} run(s) per side, interleaved, each in a fresh "
        f"process; {os.cpu_count()} CPUs, load average {load_before[0]:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    if args.markdown or args.write_doc:
        text = _markdown(bench, spreads, heading, smoke)
        print(text)
        if args.write_doc:
            _write_doc(bench.name, text)
    else:
        print(heading)
        if smoke:
            print(f"non-default settings: {smoke}")
        print(_plain(bench, spreads))


def _run_once(script: Path, passed: list[str], side: Side) -> dict[str, float]:
    run = subprocess.run(
        [sys.executable, str(script), *passed, "--side", side.key],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if run.returncode:
        sys.exit(f"the {side.heading} side failed:\n{run.stderr[-3000:]}")
    result: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def _changed_defaults(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str:
    """The options given other values than their defaults, as one would type them."""
    changed = []
    for action in parser._actions:  # noqa: SLF001 - argparse offers no public listing
        if not action.option_strings or action.dest in _NOT_SETTINGS:
            continue
        value = getattr(args, action.dest)
        if value != action.default:
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            changed.append(f"{action.option_strings[0]} {shown}")
    return " ".join(changed)


def _cell(value: float, digits: int) -> str:
    return "—" if math.isnan(value) else f"{value:,.{digits}f}"


def _ratio(bench: Bench, figure: Figure, spreads: dict[str, dict[str, Spread]]) -> str:
    first, second = (spreads[side.key][figure.key].median for side in bench.sides[:2])
    if not figure.ratio or not second or math.isnan(first) or math.isnan(second):
        return "—"
    return f"{first / second:.2f}"


def _rows(bench: Bench, spreads: dict[str, dict[str, Spread]]) -> list[list[str]]:
    rows = []
    for figure in bench.figures:
        row = [figure.label]
        for side in bench.sides:
            spread = spreads[side.key][figure.key]
            row += [
                _cell(spread.median, figure.digits),
                f"{_cell(spread.low, figure.digits)}{RANGE}{_cell(spread.high, figure.digits)}",
            ]
        if bench.ratio:
            row.append(_ratio(bench, figure, spreads))
        rows.append(row)
    return rows


def _headings(bench: Bench) -> list[str]:
    headings = ["figure"]
    for side in bench.sides:
        headings += [f"{side.heading} median", f"{side.heading} min{RANGE}max"]
    if bench.ratio:
        first, second = bench.sides[:2]
        headings.append(f"{first.heading}/{second.heading} (medians)")
    return headings


def _plain(bench: Bench, spreads: dict[str, dict[str, Spread]]) -> str:
    table = [_headings(bench), *_rows(bench, spreads)]
    widths = [max(len(row[column]) for row in table) for column in range(len(table[0]))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in table
    )


def _markdown(bench: Bench, spreads: dict[str, dict[str, Spread]], heading: str, smoke: str) -> str:
    command = shlex.join(
        [".venv/bin/python", f"scripts/bench/{bench.name}.py", *sys.argv[1:]]
    ).replace(" --markdown", "")
    lines = [f"Generated by `{command}`: {heading}.", ""]
    if smoke:
        lines += [
            (
                f"**Smoke settings** ({smoke}), on a shared machine: these figures only show "
                "that the benchmark works; they are no measurement against the targets."
            ),
            "",
        ]
    headings = _headings(bench)
    lines += [
        "| " + " | ".join(headings) + " |",
        "|" + "---|" * len(headings),
        *("| " + " | ".join(row) + " |" for row in _rows(bench, spreads)),
    ]
    if bench.notes:
        lines += ["", bench.notes]
    return "\n".join(lines)


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"


def _write_doc(name: str, text: str) -> None:
    begin, end = _markers(name)
    doc = DOC.read_text()
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(doc):
        sys.exit(f"docs/performance.md has no {begin} ... {end} block")
    DOC.write_text(pattern.sub(lambda _: f"{begin}\n{text}\n{end}", doc))
    print(f"wrote the {name} tables into docs/performance.md", file=sys.stderr)
