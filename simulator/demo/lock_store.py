"""Keeps the demo lock's memory (paired keys, bolt, log position) across demo restarts.

Home Assistant keeps the key it paired with; a lock that forgot it after a restart would
send the resident through re-pairing on every run.
"""

from __future__ import annotations

import json
from pathlib import Path

from simulator.blelock import LogEntry, VirtualLock


class LockStoreError(Exception):
    """The saved lock state cannot be read."""


def _int(raw: dict[str, object], key: str) -> int:
    value = raw.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise LockStoreError(f"{key!r} must be an integer")
    return value


def _entry(raw: object) -> LogEntry:
    if not isinstance(raw, list):
        raise LockStoreError("a log entry must be five integers")
    values: list[int] = [v for v in raw if isinstance(v, int) and not isinstance(v, bool)]
    if len(values) != 5 or len(raw) != 5:
        raise LockStoreError("a log entry must be five integers")
    index, time, action, method, slot = values
    return LogEntry(index=index, time=time, action=action, method=method, slot=slot)


def restore(lock: VirtualLock, path: Path) -> None:
    """Load what the lock remembers, if it was saved before."""
    if not path.exists():
        return
    try:
        raw: object = json.loads(path.read_text())
        if not isinstance(raw, dict):
            raise LockStoreError("not a JSON object")
        keys = raw.get("keys")
        log = raw.get("log")
        if not isinstance(keys, dict) or not isinstance(log, list):
            raise LockStoreError("'keys' and 'log' are missing")
        # A store written before protocol v2 has no advertising key; its keys are v1 keys
        # that Home Assistant pairs again anyway, so the lock starts with none.
        if isinstance(advertising_key := raw.get("advertising_key"), str):
            lock.advertising_key = bytes.fromhex(advertising_key)
            lock.advertisement_counter = _int(raw, "advertisement_counter")
            lock.keys = {int(key_id): bytes.fromhex(str(ltk)) for key_id, ltk in keys.items()}
        lock.next_key_id = _int(raw, "next_key_id")
        lock.lock_state = _int(raw, "lock_state")
        lock.door_state = _int(raw, "door_state")
        lock.battery = _int(raw, "battery")
        lock.change_counter = _int(raw, "change_counter")
        lock.next_log_index = _int(raw, "next_log_index")
        lock.log = [_entry(entry) for entry in log]
    except (OSError, ValueError, LockStoreError) as err:
        raise LockStoreError(f"cannot read the lock state in {path}: {err}") from err


def save(lock: VirtualLock, path: Path) -> None:
    """Write what the lock remembers."""
    state = {
        "keys": {str(key_id): ltk.hex() for key_id, ltk in lock.keys.items()},
        "advertising_key": lock.advertising_key.hex(),
        "advertisement_counter": lock.advertisement_counter,
        "next_key_id": lock.next_key_id,
        "lock_state": lock.lock_state,
        "door_state": lock.door_state,
        "battery": lock.battery,
        "change_counter": lock.change_counter,
        "next_log_index": lock.next_log_index,
        "log": [[e.index, e.time, e.action, e.method, e.slot] for e in lock.log],
    }
    path.write_text(json.dumps(state) + "\n")
