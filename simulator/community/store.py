"""SQLite persistence: the event history and every mutable record, so a restart loses nothing."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
import json
from pathlib import Path
import sqlite3
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    cursor INTEGER PRIMARY KEY, type TEXT NOT NULL, time TEXT NOT NULL, data TEXT NOT NULL,
    audience TEXT NOT NULL DEFAULT '*'
);
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, id)
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""

# cursor, type, time, data as JSON, audience: "*" for every resident, else resident ids
# joined by commas (empty: stored for the cursor's sake, sent to nobody).
type Row = tuple[int, str, str, str, str]
EVERYONE = "*"


class Store:
    """One SQLite file (or memory); writes are grouped into transactions by the caller."""

    def __init__(self, path: Path | str) -> None:
        """Open, creating the tables on first use."""
        self._db = sqlite3.connect(str(path), isolation_level=None)
        # WAL with normal sync: fast batched writes that still survive a process restart.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(events)")}
        if "audience" not in columns:
            # A database from before events were scoped: its history stays community-wide.
            self._db.execute("ALTER TABLE events ADD COLUMN audience TEXT NOT NULL DEFAULT '*'")

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside is written at once, or not at all."""
        self._db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def meta(self, name: str, default: int = 0) -> int:
        """A persisted counter."""
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return default if row is None else int(row[0])

    def set_meta(self, name: str, value: int) -> None:
        """Set a persisted counter."""
        self._db.execute(
            "INSERT INTO meta (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (name, value),
        )

    def put(self, kind: str, record_id: str, body: dict[str, object]) -> None:
        """Insert or replace a record."""
        self._db.execute(
            "INSERT OR REPLACE INTO records (kind, id, body) VALUES (?, ?, ?)",
            (kind, record_id, json.dumps(body, ensure_ascii=False)),
        )

    def delete(self, kind: str, record_id: str) -> None:
        """Forget a record."""
        self._db.execute("DELETE FROM records WHERE kind = ? AND id = ?", (kind, record_id))

    def records(self, kind: str) -> Iterator[dict[str, Any]]:
        """Every record of a kind, in insertion order, as this server wrote it."""
        rows = self._db.execute(
            "SELECT id, body FROM records WHERE kind = ? ORDER BY rowid", (kind,)
        )
        for _, body in rows:
            yield json.loads(body)

    def append_events(self, rows: Iterable[Row]) -> None:
        """Add events to the history."""
        self._db.executemany(
            "INSERT INTO events (cursor, type, time, data, audience) VALUES (?, ?, ?, ?, ?)", rows
        )

    def events_after(self, cursor: int) -> list[Row]:
        """Events with a greater cursor, in order."""
        return self._db.execute(
            "SELECT cursor, type, time, data, audience FROM events "
            "WHERE cursor > ? ORDER BY cursor",
            (cursor,),
        ).fetchall()

    def oldest_cursor(self) -> int | None:
        """The first cursor still in the history."""
        row = self._db.execute("SELECT MIN(cursor) FROM events").fetchone()
        return None if row[0] is None else int(row[0])

    def prune(self, keep_after: int) -> None:
        """Forget events up to and including keep_after."""
        self._db.execute("DELETE FROM events WHERE cursor <= ?", (keep_after,))
