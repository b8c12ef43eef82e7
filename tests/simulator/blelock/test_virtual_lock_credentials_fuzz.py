"""Property tests: any user or credential command gets one answer and leaves the lock sound."""

from hypothesis import given, strategies as st

from simulator.blelock import wire
from simulator.blelock.credentials import User

from .test_virtual_lock_credentials import CREDENTIALS, Clock, _lock
from .test_virtual_lock_vectors import Wire

RESULTS = {wire.OK, wire.BUSY, wire.BAD_REQUEST, wire.DUPLICATE, wire.TABLE_FULL}
RESULTS |= {wire.NOT_FOUND, wire.JAMMED, wire.LOW_BATTERY}


@given(st.lists(st.tuples(st.integers(0x10, 0x19), st.binary(max_size=12)), max_size=8))
def test_commands_total(commands: list[tuple[int, bytes]]) -> None:
    """Random commands in a row: a known result each, tables within bounds, no credential
    without its user, and no reply ever holds a stored PIN's digits."""
    lock = _lock(Clock(CREDENTIALS["time"]))
    air = Wire(lock)
    lock.table.users[7] = User(kind=wire.RESIDENT)
    lock.table.credentials[wire.PIN, 9] = (7, b"86420864")
    for opcode, args in commands:
        result, data = lock.credential_command(air.link, opcode, args)
        assert result in RESULTS
        assert b"86420864" not in data
        assert len(lock.table.users) <= lock.table.max_users
        assert all(slot in lock.table.users for slot, _ in lock.table.credentials.values())
    assert lock.lock_state in {wire.LOCKED, wire.UNLOCKED}
