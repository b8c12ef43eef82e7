"""Client parsers against the shared vectors, and the small pure pieces of the client."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
import json
import random
from typing import Any

import pytest

from custom_components.smart_community.community import (
    Account,
    AssignedRight,
    Backoff,
    Call,
    CommandResult,
    CommunityAuthError,
    CommunityInvalidResponseError,
    CommunityRateLimitedError,
    CommunityRequestError,
    CommunityServerError,
    DoorCapability,
    DoorOpened,
    DoorRelease,
    DoorStation,
    Gate,
    Notice,
    Occupancy,
    ParkingPlace,
    ParkingSession,
    Person,
    PlatformInfo,
    StreamSource,
    Tokens,
    UnknownEvent,
    VisitorPass,
)
from custom_components.smart_community.community.events import (
    KNOWN_EVENT_TYPES,
    EventBase,
    StreamHeartbeat,
    StreamReady,
    StreamResyncRequired,
    parse_event,
    parse_frame,
)
from custom_components.smart_community.community.fields import Fields, format_time
from custom_components.smart_community.community.live_view import IceCandidate, LiveSession
from custom_components.smart_community.community.translate import http_error

from .vectors import load, rest_cases

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)

PARSERS: dict[str, Callable[[Fields], object]] = {
    "Tokens": lambda f: Tokens.parse(f, NOW),
    "Me": Account.parse,
    "DoorList": lambda f: f.items("doors", DoorStation.parse),
    "CommandAccepted": lambda f: f.identifier("request_id"),
    "StreamUrl": StreamSource.parse,
    "CallList": lambda f: f.items("calls", Call.parse),
    "VisitorPass": VisitorPass.parse,
    "VisitorPassList": lambda f: f.items("passes", VisitorPass.parse),
    "NoticeList": lambda f: f.items("notices", Notice.parse),
    "PlaceList": lambda f: f.items("places", ParkingPlace.parse),
    "Occupancy": Occupancy.parse,
    "SessionList": lambda f: f.items("sessions", ParkingSession.parse),
    "RightList": lambda f: f.items("rights", AssignedRight.parse),
    "AssignedRight": AssignedRight.parse,
    "GateList": lambda f: f.items("gates", Gate.parse),
    "LiveSession": LiveSession.parse,
    "IceCandidateList": lambda f: f.items("candidates", IceCandidate.parse),
    "Event": parse_event,
}
SUCCESS = [case for case in rest_cases() if case["response"]["status"] < 300]
ERRORS = [case for case in rest_cases() if case["response"]["status"] >= 300]


@pytest.mark.parametrize("case", SUCCESS, ids=lambda case: case["name"])
def test_success_vectors_parse(case: dict[str, Any]) -> None:
    """Every success body of the vectors parses into typed models."""
    response = case["response"]
    parsed = PARSERS[response["schema"]](Fields(response["body"], "response"))
    assert parsed is not None


def test_parsed_values() -> None:
    """Values arrive with their protocol meaning: enums, times, null, secrets out of repr."""
    me = next(c for c in rest_cases() if c["response"]["schema"] == "Me")
    account = Account.parse(Fields(me["response"]["body"], "response"))
    assert account.homes[0].floor == 12
    assert account.community.elevator_banks[0].lowest_floor == -2
    assert account.platform == PlatformInfo(name="Lychee Cloud Community", api_version=(1, 5))
    doors = next(c for c in rest_cases() if c["response"]["schema"] == "DoorList")
    north, south, _ = Fields(doors["response"]["body"], "r").items("doors", DoorStation.parse)
    assert (north.manufacturer, north.firmware_version) == ("Lychee Tech", "3.2.1")
    assert north.release is DoorRelease.LATCH
    assert DoorCapability.ANSWER in north.capabilities
    assert DoorCapability.ANSWER not in south.capabilities
    assert not south.online
    created = next(c for c in rest_cases() if c["name"] == "create with a name and phone")
    visitor_pass = VisitorPass.parse(Fields(created["response"]["body"], "r"))
    assert visitor_pass.code == "048213"
    assert visitor_pass.valid_until == datetime(2026, 11, 28, 20, tzinfo=UTC)
    assert "048213" not in repr(visitor_pass)
    assert "SCV1" not in repr(visitor_pass)
    tokens = Tokens.parse(Fields(load("auth")[0]["response"]["body"], "r"), NOW)
    assert tokens.expires_at == NOW + timedelta(seconds=900)
    assert "at-" not in repr(tokens)
    assert "rt-" not in repr(tokens)


@pytest.mark.parametrize("case", load("invalid"), ids=lambda case: case["name"])
def test_invalid_vectors_are_refused(case: dict[str, Any]) -> None:
    """Bodies that break the protocol raise the typed error, naming the field."""
    with pytest.raises(CommunityInvalidResponseError, match=r"\w"):
        PARSERS[case["schema"]](Fields(case["body"], "response"))


@pytest.mark.parametrize("case", ERRORS, ids=lambda case: case["name"])
def test_error_vectors_map_to_typed_errors(case: dict[str, Any]) -> None:
    """Each error status and code becomes the exception the caller acts on."""
    response = case["response"]
    error = http_error(
        response["status"], response.get("headers", {}), json.dumps(response["body"]).encode()
    )
    status, code = response["status"], response["body"]["error"]["code"]
    expected: type[Exception] = CommunityRequestError
    if status == 429:
        expected = CommunityRateLimitedError
    elif status >= 500:
        expected = CommunityServerError
    elif status == 401 or code == "invalid_grant":
        expected = CommunityAuthError
    assert type(error) is expected
    if isinstance(error, CommunityRateLimitedError):
        assert error.retry_after == 7
    if isinstance(error, CommunityRequestError | CommunityServerError):
        assert error.code == code


@pytest.mark.parametrize(
    ("headers", "body", "retry_after"),
    [
        ({"Retry-After": "12"}, b"", 12.0),
        ({}, b'{"error": {"code": "rate_limited", "message": "m", "retry_after": 3}}', 3.0),
        ({"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"}, b"not json", 60.0),
    ],
)
def test_retry_after_sources(headers: dict[str, str], body: bytes, retry_after: float) -> None:
    """Retry-After comes from the header, else the body, else a cautious default."""
    error = http_error(429, headers, body)
    assert isinstance(error, CommunityRateLimitedError)
    assert error.retry_after == retry_after


@pytest.mark.parametrize(
    ("text", "version"), [("1.4", (1, 4)), ("1.10", (1, 10)), ("2.0", (2, 0)), ("0.9", (0, 9))]
)
def test_api_versions_compare_as_numbers(text: str, version: tuple[int, int]) -> None:
    """api_version becomes a pair of numbers, so 1.10 is newer than 1.4 (text would say older)."""
    platform = PlatformInfo.parse(Fields({"name": "p", "api_version": text}, "platform"))
    assert platform.api_version == version


@pytest.mark.parametrize(
    "text", ["1", "1.", ".4", "1.4.0", "v1.4", " 1.4", "1.4 ", "\u0661.\u0664", "1.-4"]
)
def test_malformed_api_versions(text: str) -> None:
    """Anything but major.minor in ASCII digits is refused, naming the field."""
    with pytest.raises(CommunityInvalidResponseError, match=r"platform\.api_version"):
        PlatformInfo.parse(Fields({"name": "p", "api_version": text}, "platform"))


def test_error_without_details() -> None:
    """An error body that is not the protocol's still yields a typed error."""
    error = http_error(404, {}, b'{"error": {"code": 5}}')
    assert isinstance(error, CommunityRequestError)
    assert error.code == "http_404"


EVENT_CLASSES = {
    "call.ringing": "CallRinging",
    "call.answered": "CallAnswered",
    "call.ended": "CallEnded",
    "door.opened": "DoorOpened",
    "door.closed": "DoorClosed",
    "access.denied": "AccessDenied",
    "command.result": "CommandResult",
    "visitor.arrived": "VisitorArrived",
    "parking.occupancy_changed": "OccupancyChanged",
    "parking.session_started": "SessionStarted",
    "parking.session_ended": "SessionEnded",
    "parking.right_expiring": "RightExpiring",
    "notice.published": "NoticePublished",
    "device.online": "DeviceStatus",
    "device.offline": "DeviceStatus",
}


@pytest.mark.parametrize("case", load("events"), ids=lambda case: case["name"])
def test_event_vectors(case: dict[str, Any]) -> None:
    """Each event type becomes its own dataclass, with cursor and time."""
    frame = case["frame"]
    event = parse_frame(json.dumps(frame))
    assert isinstance(event, EventBase)
    assert type(event).__name__ == EVENT_CLASSES[frame["type"]]
    assert event.cursor == frame["cursor"]
    assert event.time.tzinfo is not None


def test_every_event_type_is_known() -> None:
    """The client parses every type the vectors define."""
    assert set(EVENT_CLASSES) == KNOWN_EVENT_TYPES


def test_event_details() -> None:
    """Nested and optional event fields."""
    frames = {case["frame"]["cursor"]: case["frame"] for case in load("events")}
    opened = parse_frame(json.dumps(frames[104]))
    assert isinstance(opened, DoorOpened)
    assert opened.person == Person(id="res-1", name="Zhang Wei")
    failed = parse_frame(json.dumps(frames[108]))
    assert isinstance(failed, CommandResult)
    assert (failed.ok, failed.error_code) == (False, "device_offline")
    offline = parse_frame(json.dumps(frames[115]))
    assert getattr(offline, "online", None) is False


def test_stream_frames() -> None:
    """The stream's own frames."""
    frames = [case["frame"] for case in load("stream") if "type" in case["frame"]]
    ready, heartbeat, resync = (parse_frame(json.dumps(frame)) for frame in frames)
    assert ready == StreamReady(latest_cursor=118, replayed=18, heartbeat_interval=15.0)
    assert isinstance(heartbeat, StreamHeartbeat)
    assert resync == StreamResyncRequired(oldest_cursor=5001, latest_cursor=55000)


def test_unknown_event_type() -> None:
    """A type this client does not know keeps its cursor and type."""
    frame = {"cursor": 9, "type": "lift.arrived", "time": "2026-11-28T08:00:00Z", "data": {}}
    assert parse_frame(json.dumps(frame)) == UnknownEvent(
        cursor=9, time=datetime(2026, 11, 28, 8, tzinfo=UTC), type="lift.arrived"
    )


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "[]",
        '{"type": 3}',
        '{"type": "stream.ready", "latest_cursor": 1, "replayed": 0, "heartbeat_interval": 0}',
        '{"cursor": 1, "type": "call.ringing", "time": "2026-13-40T99:00:00Z", "data": {}}',
        '{"cursor": 1, "type": "", "time": "2026-11-28T08:00:00Z", "data": {}}',
        '{"cursor": true, "type": "x.y", "time": "2026-11-28T08:00:00Z", "data": {}}',
        '{"cursor": 1, "type": "x.y", "time": "2026-11-28T08:00:00Z", "data": []}',
    ],
)
def test_malformed_frames(text: str) -> None:
    """Frames that are not the protocol raise the typed error."""
    with pytest.raises(CommunityInvalidResponseError):
        parse_frame(text)


def test_format_time() -> None:
    """Times go out in UTC with a Z; naive times are a programming error."""
    shanghai = timezone(timedelta(hours=8))
    assert format_time(datetime(2026, 11, 28, 16, tzinfo=shanghai)) == "2026-11-28T08:00:00.000Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        format_time(datetime(2026, 11, 28, 16))  # noqa: DTZ001


def test_tokens_need_bearer() -> None:
    """Only bearer tokens are understood."""
    body = {"access_token": "a" * 16, "refresh_token": "r" * 16, "token_type": "MAC"}
    with pytest.raises(CommunityInvalidResponseError, match="Bearer"):
        Tokens.parse(Fields({**body, "expires_in": 60}, "tokens"), NOW)


def test_backoff_without_jitter() -> None:
    """Delays double up to the maximum, and start over after a reset."""
    backoff = Backoff(1.0, 10.0, jitter=0.0)
    assert [backoff.next_delay() for _ in range(6)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    backoff.reset()
    assert backoff.next_delay() == 1.0


def test_backoff_with_jitter() -> None:
    """Full jitter spreads each delay below its ceiling, reproducibly for a seeded rng."""
    first = Backoff(1.0, 100.0, rng=random.Random(7))  # noqa: S311
    second = Backoff(1.0, 100.0, rng=random.Random(7))  # noqa: S311
    delays = [first.next_delay() for _ in range(8)]
    assert delays == [second.next_delay() for _ in range(8)]
    assert all(0 <= delay <= 2**index for index, delay in enumerate(delays))
    assert len(set(delays)) == len(delays)
