"""Acceptance: generated garbage on the stream never stops the consumer and is always reported."""

from collections.abc import AsyncIterator
import copy
from dataclasses import dataclass, field
import json
import logging
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.smart_community.community import (
    CommunityClient,
    Event,
    StreamOptions,
    UnknownEvent,
)
from custom_components.smart_community.community.events import KNOWN_EVENT_TYPES
from simulator.community import CommunityServer

from .fixtures import Inbox
from .vectors import load

EXAMPLES = 25
FRAMES_PER_EXAMPLE = 50
BASE_EVENTS = [case["frame"] for case in load("events")]
MALFORMED = "Skipped a malformed frame"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)
# A replaced cursor is never a plausible one, so every frame is either delivered or reported.
bad_cursors = json_values.filter(lambda v: not (type(v) is int and v >= 1))
event_types = st.text(max_size=24).filter(lambda t: not t.startswith("stream."))


@st.composite
def mutated_events(draw: st.DrawFn) -> dict[str, Any] | str:
    """A real event with one thing changed, or left alone."""
    frame: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(BASE_EVENTS)))
    data: dict[str, Any] = frame["data"]
    match draw(st.sampled_from(["keep", "drop", "replace", "cursor", "type", "extra", "data"])):
        case "drop" if data:
            del data[draw(st.sampled_from(sorted(data)))]
        case "replace" if data:
            data[draw(st.sampled_from(sorted(data)))] = draw(json_values)
        case "cursor":
            frame["cursor"] = draw(bad_cursors)
        case "type":
            frame["type"] = draw(event_types)
        case "extra":
            data[draw(st.text(max_size=8))] = draw(json_values)
        case "data":
            frame["data"] = draw(json_values)
    return frame


frames = st.one_of(
    mutated_events(),
    mutated_events(),
    json_values,
    st.text(max_size=40),
)


@dataclass
class Target:
    """A live stream whose deliveries the test counts."""

    server: CommunityServer
    inbox: Inbox = field(default_factory=Inbox)
    connections: list[bool] = field(default_factory=list)
    sent: int = 0

    @property
    def delivered(self) -> list[Event]:
        """Every event handed out so far."""
        return self.inbox.events


@pytest.fixture
async def target(server: CommunityServer, client: CommunityClient) -> AsyncIterator[Target]:
    """One stream for every generated example; at the end, at least 1,000 frames were sent."""
    target = Target(server)
    options = StreamOptions(
        on_event=target.inbox.append, on_connection_change=target.connections.append
    )
    async with client.event_stream(None, options) as stream:
        await stream.wait_connected()
        yield target
    assert target.sent >= 1000, "the property ran on fewer than 1,000 generated frames"


def _text(frame: object) -> str:
    return frame if isinstance(frame, str) else json.dumps(frame)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.lists(frames, min_size=FRAMES_PER_EXAMPLE, max_size=FRAMES_PER_EXAMPLE + 10))
async def test_generated_frames_never_stop_the_consumer(
    target: Target, caplog: pytest.LogCaptureFixture, batch: list[object]
) -> None:
    """Each frame is delivered or logged as malformed; the connection never drops."""
    caplog.set_level(logging.WARNING, logger="custom_components.smart_community.community")
    caplog.clear()
    delivered_before = len(target.delivered)
    cursor = target.delivered[-1].cursor + 1 if target.delivered else 1
    for frame in batch:
        if isinstance(frame, dict) and type(frame.get("cursor")) is int and frame["cursor"] >= 1:
            frame["cursor"] = cursor
            cursor += 1
        target.server.send_raw(_text(frame))
        target.sent += 1
    sentinel = {**BASE_EVENTS[0], "cursor": cursor}
    target.server.send_raw(json.dumps(sentinel))

    await target.inbox.until(cursor)

    delivered = target.delivered[delivered_before:]
    reported = [r for r in caplog.records if MALFORMED in r.getMessage()]
    assert len(delivered) + len(reported) == len(batch) + 1
    assert target.connections == [True]
    for event in delivered:
        if isinstance(event, UnknownEvent):
            assert event.type not in KNOWN_EVENT_TYPES
