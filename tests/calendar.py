"""A fixed calendar for the tests whose expectations name a date."""

import pytest

# The reference server seeds the monthly parking pass paid a month ahead, so on this date
# the pass runs until 1 January 2027.
FIXED_DATE = "2026-11-28 08:00:00+00:00"

# Time still flows from that instant, and the event loop keeps the real monotonic clock, so
# sockets, timeouts and token lifetimes behave as on any other day.
on_a_fixed_date = pytest.mark.freeze_time(FIXED_DATE, tick=True, real_asyncio=True)
