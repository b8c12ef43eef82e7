"""Client <-> reference server over loopback: every endpoint, commands through command.result."""

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.smart_community.community import (
    API_VERSION,
    AccessDenied,
    CallAnswered,
    CallEnded,
    CallEndReason,
    CallRinging,
    CallState,
    CommandResult,
    CommunityClient,
    CommunityCommandError,
    CommunityRequestError,
    DeviceStatus,
    DeviceType,
    DoorKind,
    DoorOpened,
    DoorRelease,
    ElevatorDirection,
    EventStream,
    NoticePublished,
    OccupancyChanged,
    OpenMethod,
    PassStatus,
    RightExpiring,
    RightKind,
    RightStatus,
    SessionEnded,
    SessionStarted,
    VisitorArrived,
)
from simulator.community import CommunityServer

from .fixtures import HOME, next_event

PLATE = "粤B·12345"


async def test_account(client: CommunityClient) -> None:
    """GET /v1/me: resident, community with its elevator bank, homes."""
    account = await client.get_account()
    assert account.resident.name == "Zhang Wei"
    assert [home.id for home in account.homes] == [HOME]
    assert account.homes[0].elevator_bank_id == account.community.elevator_banks[0].id
    assert account.community.timezone == "Asia/Shanghai"
    assert account.platform.api_version == API_VERSION
    assert account.platform.name


async def test_doors(client: CommunityClient) -> None:
    """Two gate stations (latch and momentary) and one lobby station serve the home."""
    doors = {door.id: door for door in await client.get_doors(HOME)}
    assert doors["door-north-gate"].release is DoorRelease.LATCH
    assert doors["door-south-gate"].release is DoorRelease.MOMENTARY
    assert doors["door-lobby-b3-u1"].kind is DoorKind.LOBBY
    assert sorted(door.kind for door in doors.values()) == ["gate", "gate", "lobby"]
    north = doors["door-north-gate"]
    assert (north.model, north.manufacturer, north.firmware_version) == (
        "FaceGate F6",
        "Lychee Tech",
        "3.2.1",
    )
    assert len({door.firmware_version for door in doors.values()}) == 3


async def test_open_door_reports_result(client: CommunityClient, stream: EventStream) -> None:
    """202 with a request id, then door.opened by the resident and an ok command.result."""
    result = await stream.command(client.open_door("door-north-gate"))
    assert result.ok
    opened = await next_event(stream, DoorOpened)
    assert opened.method is OpenMethod.APP
    assert opened.person is not None
    assert opened.person.name == "Zhang Wei"
    assert opened.cursor < result.cursor


async def test_open_offline_door_fails(
    client: CommunityClient, stream: EventStream, server: CommunityServer
) -> None:
    """A command to an offline door is accepted and fails through command.result."""
    server.set_online("door-south-gate", False)
    offline = await next_event(stream, DeviceStatus)
    assert (offline.device_id, offline.online) == ("door-south-gate", False)
    assert offline.device_type is DeviceType.DOOR_STATION
    with pytest.raises(CommunityCommandError) as failure:
        await stream.command(client.open_door("door-south-gate"))
    assert failure.value.code == "device_offline"
    server.set_online("door-south-gate", True)
    assert (await next_event(stream, DeviceStatus)).online


async def test_calls(client: CommunityClient, stream: EventStream, server: CommunityServer) -> None:
    """A ringing call is answered, another declined, a third missed; the log has all three."""
    answered_id = server.ring("door-north-gate", HOME)
    assert (await next_event(stream, CallRinging)).call_id == answered_id
    await stream.command(client.answer_call(answered_id))
    answered = await next_event(stream, CallAnswered)
    assert answered.call_id == answered_id
    declined_id = server.ring("door-lobby-b3-u1", HOME)
    await stream.command(client.decline_call(declined_id))
    ended = await next_event(stream, CallEnded)
    assert (ended.call_id, ended.reason) == (declined_id, CallEndReason.DECLINED)
    missed_id = server.ring("door-north-gate", HOME)
    server.end_call(missed_id, "missed")
    assert (await next_event(stream, CallEnded)).reason is CallEndReason.MISSED
    log = await client.get_calls(limit=10)
    assert [call.id for call in log] == [missed_id, declined_id, answered_id]
    assert [call.state for call in log] == [
        CallState.MISSED,
        CallState.DECLINED,
        CallState.ANSWERED,
    ]
    assert log[0].ended_at is not None


async def test_call_refusals(client: CommunityClient, server: CommunityServer) -> None:
    """Answering where unsupported, or a call that is over, is refused with a code."""
    south = server.ring("door-south-gate", HOME)
    with pytest.raises(CommunityRequestError) as unsupported:
        await client.answer_call(south)
    assert (unsupported.value.status, unsupported.value.code) == (409, "unsupported")
    over = server.ring("door-north-gate", HOME)
    server.end_call(over, "hung_up")
    with pytest.raises(CommunityRequestError) as conflict:
        await client.decline_call(over)
    assert conflict.value.code == "conflict"
    with pytest.raises(CommunityRequestError) as missing:
        await client.answer_call("call-nope")
    assert missing.value.code == "not_found"


async def test_camera(client: CommunityClient, server: CommunityServer) -> None:
    """A JPEG snapshot and an RTSP URL; an offline station has neither."""
    jpeg = await client.get_snapshot("door-lobby-b3-u1")
    assert jpeg[:2] == b"\xff\xd8"
    source = await client.get_stream_source("door-lobby-b3-u1")
    assert source.url.startswith("rtsp://")
    assert source.url not in repr(source)
    assert source.expires_at > datetime.now(UTC)
    with pytest.raises(CommunityRequestError) as no_stream:
        await client.get_stream_source("door-south-gate")
    assert no_stream.value.code == "unsupported"
    server.set_online("door-lobby-b3-u1", False)
    with pytest.raises(CommunityRequestError) as offline:
        await client.get_snapshot("door-lobby-b3-u1")
    assert offline.value.code == "device_offline"


async def test_visitor_passes(
    client: CommunityClient, stream: EventStream, server: CommunityServer
) -> None:
    """Create, use at a door, list and revoke a pass; a revoked code is denied."""
    now = datetime.now(UTC)
    created = await client.create_visitor_pass(
        HOME,
        valid_from=now - timedelta(minutes=1),
        valid_until=now + timedelta(hours=4),
        uses_allowed=2,
        visitor_name="Li Na",
        visitor_phone="+86 139 2233 4455",
    )
    assert created.status is PassStatus.ACTIVE
    assert len(created.code) == 6
    assert created.code in created.qr_payload
    assert server.recognise("door-north-gate", "qr", code=created.code)
    arrived = await next_event(stream, VisitorArrived)
    assert (arrived.pass_id, arrived.visitor_name) == (created.id, "Li Na")
    anonymous = await client.create_visitor_pass(
        HOME, valid_from=now, valid_until=now + timedelta(hours=1)
    )
    assert anonymous.visitor_name is None
    listed = await client.get_visitor_passes(HOME)
    assert [p.id for p in listed] == [anonymous.id, created.id]
    assert listed[1].uses == 1
    revoked = await client.revoke_visitor_pass(created.id)
    assert revoked.status is PassStatus.REVOKED
    assert not server.recognise("door-north-gate", "pin", code=created.code)
    denied = await next_event(stream, AccessDenied)
    assert denied.reason == "revoked"


async def test_visitor_pass_refused(client: CommunityClient) -> None:
    """A window that ends before it starts is an invalid request."""
    now = datetime.now(UTC)
    with pytest.raises(CommunityRequestError) as refused:
        await client.create_visitor_pass(HOME, valid_from=now, valid_until=now)
    assert (refused.value.status, refused.value.code) == (400, "invalid_request")


async def test_notices(
    client: CommunityClient, stream: EventStream, server: CommunityServer
) -> None:
    """Seeded notices, and a new one arrives as notice.published."""
    before = await client.get_notices()
    assert len(before) == 2
    notice_id = server.publish_notice("Fire drill", "Friday 10:00.", "safety", important=True)
    published = await next_event(stream, NoticePublished)
    assert (published.notice_id, published.important) == (notice_id, True)
    assert (await client.get_notices(limit=1))[0].title == "Fire drill"


async def test_elevator(client: CommunityClient, stream: EventStream) -> None:
    """An elevator call is a command with a result."""
    result = await stream.command(client.call_elevator(HOME, ElevatorDirection.UP))
    assert isinstance(result, CommandResult)
    assert result.ok


async def test_parking_places_and_occupancy(client: CommunityClient) -> None:
    """One lot of 200 spaces in two areas; occupancy adds up."""
    (lot,) = await client.get_parking_places()
    assert lot.capacity == 200
    assert [area.capacity for area in lot.areas] == [100, 100]
    assert sum(len(area.spaces) for area in lot.areas) == 200
    own = [s for area in lot.areas for s in area.spaces if s.assigned_home_id == HOME]
    assert [space.name for space in own] == ["A-001"]
    occupancy = await client.get_occupancy()
    (totals,) = occupancy.lots
    assert totals.occupied + totals.free == 200
    assert totals.occupied == sum(space.occupied for space in occupancy.spaces)


async def test_parking_sessions(
    client: CommunityClient, stream: EventStream, server: CommunityServer
) -> None:
    """The resident's car enters on its monthly pass, parks in its space, and leaves."""
    server.vehicle_enter(PLATE)
    started = await next_event(stream, SessionStarted)
    assert (started.plate, started.right_id) == (PLATE, "right-0001")
    occupied = await next_event(stream, OccupancyChanged)
    assert (occupied.space_id, occupied.occupied) == ("space-B1-A-001", True)
    (active,) = await client.get_parking_sessions(active=True)
    assert active.actual_end is None
    server.vehicle_exit(PLATE)
    ended = await next_event(stream, SessionEnded)
    assert ended.session_id == started.session_id
    assert not (await next_event(stream, OccupancyChanged)).occupied
    assert await client.get_parking_sessions(active=True) == ()
    (finished,) = await client.get_parking_sessions(active=False)
    assert finished.exit_gate_id == "gate-B1-out"
    server.set_space("space-B1-B-100", occupied=True)
    flipped = await next_event(stream, OccupancyChanged)
    assert flipped.lot_occupied + flipped.lot_free == 200


async def test_parking_rights(
    client: CommunityClient, stream: EventStream, server: CommunityServer
) -> None:
    """A monthly pass; a visitor permit created and revoked; the pass cannot be revoked."""
    (monthly,) = await client.get_parking_rights()
    assert (monthly.kind, monthly.plate, monthly.status) == (
        RightKind.MONTHLY_PASS,
        PLATE,
        RightStatus.ACTIVE,
    )
    assert monthly.valid_until > datetime.now(UTC)
    now = datetime.now(UTC)
    permit = await client.create_visitor_permit(HOME, "粤A·8K2M1", now, now + timedelta(hours=3))
    assert permit.kind is RightKind.VISITOR_PERMIT
    assert len(await client.get_parking_rights()) == 2
    assert (await client.revoke_parking_right(permit.id)).status is RightStatus.REVOKED
    with pytest.raises(CommunityRequestError) as conflict:
        await client.revoke_parking_right(monthly.id)
    assert conflict.value.code == "conflict"
    server.right_expiring(monthly.id)
    expiring = await next_event(stream, RightExpiring)
    assert (expiring.right_id, expiring.valid_until) == (monthly.id, monthly.valid_until)


async def test_gates(client: CommunityClient, stream: EventStream) -> None:
    """Two barriers; raising one is a command with a result."""
    gates = await client.get_gates()
    assert [gate.direction for gate in gates] == ["entry", "exit"]
    assert (await stream.command(client.open_gate(gates[0].id))).ok


async def test_unknown_resources(client: CommunityClient) -> None:
    """Another resident's home and unknown devices are 404 not_found."""
    for request in (
        client.get_doors("home-3-1-0805"),
        client.open_door("door-nowhere"),
        client.open_gate("gate-nowhere"),
        client.revoke_visitor_pass("pass-nope"),
    ):
        with pytest.raises(CommunityRequestError) as missing:
            await request
        assert (missing.value.status, missing.value.code) == (404, "not_found")
