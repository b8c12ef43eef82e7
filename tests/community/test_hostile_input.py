"""Acceptance: depth bombs and huge numbers never escape the client as untyped errors.

Every parser is fed nesting of any depth and integers of any size in every numeric field;
the only exception allowed out is CommunityInvalidResponseError (or a typed rate limit).
On a live stream, a poisoned frame among 1,000 events costs nothing but itself.
"""

import asyncio
import contextlib
from datetime import UTC, datetime
import json
import logging
from typing import Any

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.smart_community.community import (
    Account,
    CommunityClient,
    CommunityInvalidResponseError,
    CommunityRateLimitedError,
    Event,
    StreamOptions,
    Tokens,
)
from custom_components.smart_community.community.events import parse_frame
from custom_components.smart_community.community.fields import Fields, decode_json
from custom_components.smart_community.community.translate import MAX_RETRY_AFTER, http_error
from simulator.community import CommunityServer

from .vectors import load, rest_cases

FRAMES = [case["frame"] for case in load("events") + load("stream") if "type" in case["frame"]]
TOKENS = next(c["response"]["body"] for c in rest_cases() if c["response"]["schema"] == "Tokens")
ME = next(c["response"]["body"] for c in rest_cases() if c["response"]["schema"] == "Me")

huge = st.one_of(
    st.integers(min_value=2**53, max_value=10**400),
    st.integers(min_value=-(10**400), max_value=-(2**53)),
    st.just(10**400),
)
depth = st.integers(min_value=1, max_value=200_000)


def _nested(levels: int, opener: str = "[") -> str:
    closer = "]" if opener == "[" else "}"
    inner = "[" * levels if opener == "[" else '{"a":' * levels
    return inner + "0" + closer * levels


def _numeric_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [path]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _numeric_paths(item, (*path, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _numeric_paths(item, (*path, index))]
    return []


def _replace(value: Any, path: tuple[Any, ...], new: object) -> Any:
    copy = json.loads(json.dumps(value))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return copy


@settings(max_examples=60, deadline=None)
@given(levels=depth, opener=st.sampled_from(["[", "{"]), where=st.sampled_from(["frame", "data"]))
def test_depth_bombs_are_typed(levels: int, opener: str, where: str) -> None:
    """A frame, or an event's data, nested to any depth: a typed error or a parsed frame."""
    bomb = _nested(levels, opener)
    text = bomb if where == "frame" else json.dumps(FRAMES[0])[:-1] + f', "x": {bomb}}}'
    with contextlib.suppress(CommunityInvalidResponseError):
        parse_frame(text)
    with contextlib.suppress(CommunityInvalidResponseError):
        Account.parse(Fields(decode_json(text.encode(), "response"), "response"))


@settings(max_examples=150, deadline=None)
@given(frame=st.sampled_from([f for f in FRAMES if _numeric_paths(f)]), number=huge, data=st.data())
def test_huge_numbers_in_frames_are_typed(frame: dict[str, Any], number: int, data: Any) -> None:
    """Any numeric field of any frame set to a number beyond I-JSON: typed, never Overflow."""
    path = data.draw(st.sampled_from(_numeric_paths(frame)))
    text = json.dumps(_replace(frame, path, number))
    with pytest.raises(CommunityInvalidResponseError):
        parse_frame(text)


@settings(max_examples=100, deadline=None)
@given(number=huge, field=st.sampled_from(["expires_in", "refresh_expires_in"]))
def test_huge_token_lifetimes_are_typed(number: int, field: str) -> None:
    """expires_in of 10**14 or 10**400 is refused instead of overflowing a date."""
    with pytest.raises(CommunityInvalidResponseError):
        Tokens.parse(Fields({**TOKENS, field: number}, "response"), datetime.now(UTC))
    with pytest.raises(CommunityInvalidResponseError):
        Tokens.parse(Fields({**TOKENS, field: 10**14}, "response"), datetime.now(UTC))


@settings(max_examples=100, deadline=None)
@given(number=huge, path=st.sampled_from(_numeric_paths(ME)))
def test_huge_numbers_in_the_account_are_typed(number: int, path: tuple[Any, ...]) -> None:
    """GET /v1/me with a floor or bank number of 400 digits: a typed error."""
    with pytest.raises(CommunityInvalidResponseError):
        Account.parse(Fields(_replace(ME, path, number), "response"))


@settings(max_examples=100, deadline=None)
@given(
    seconds=st.one_of(huge.map(abs), st.integers(min_value=0, max_value=10**6)),
    in_header=st.booleans(),
)
def test_retry_after_of_any_size_is_a_bounded_wait(seconds: int, in_header: bool) -> None:
    """retry_after of 10**400, in the header or the body, is a wait of at most an hour."""
    body = {"error": {"code": "rate_limited", "message": "m", "retry_after": seconds}}
    headers = {"Retry-After": str(seconds)} if in_header else {}
    error = http_error(429, headers, json.dumps(body).encode())
    assert isinstance(error, CommunityRateLimitedError)
    assert 0 <= error.retry_after <= MAX_RETRY_AFTER


POISON = {
    "depth bomb": "[" * 100_000,
    "object bomb": '{"a":' * 100_000,
    "huge heartbeat": '{"type": "stream.ready", "latest_cursor": 1, "replayed": 0, '
    '"heartbeat_interval": ' + "1" + "0" * 400 + "}",
    "huge cursor": '{"cursor": 1' + "0" * 400 + ', "type": "notice.published", '
    '"time": "2026-11-28T08:00:00Z", "data": {}}',
    "infinite interval": '{"type": "stream.ready", "latest_cursor": 1, "replayed": 0, '
    '"heartbeat_interval": 1e400}',
}
DEVICE = {"device_id": "gate-B1-in", "device_type": "gate"}


@pytest.mark.parametrize("poison", list(POISON), ids=list(POISON))
async def test_a_poisoned_frame_among_a_thousand_events_loses_none(
    server: CommunityServer,
    client: CommunityClient,
    caplog: pytest.LogCaptureFixture,
    poison: str,
) -> None:
    """500 events, the poison, 500 events: all 1,000 arrive once, on the same connection."""
    seen: list[int] = []
    changes: list[bool] = []
    done = asyncio.Event()
    base = server.state.latest_cursor

    def on_event(event: Event) -> None:
        seen.append(event.cursor)
        if event.cursor == base + 1000:
            done.set()

    options = StreamOptions(on_event=on_event, on_connection_change=changes.append)
    async with client.event_stream(base, options) as stream:
        async with asyncio.timeout(5):
            await stream.wait_connected()
        server.emit("device.online", DEVICE, count=500)
        server.send_raw(POISON[poison])
        server.emit("device.offline", DEVICE, count=500)
        async with asyncio.timeout(20):
            await done.wait()
    assert seen == list(range(base + 1, base + 1001))
    assert changes == [True, False]
    skipped = [r for r in caplog.records if "Skipped a malformed frame" in r.getMessage()]
    assert len(skipped) == 1
    assert skipped[0].levelno == logging.WARNING
    assert f"after cursor {base + 500}" in skipped[0].getMessage()
