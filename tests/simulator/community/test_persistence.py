"""Acceptance: the reference server's state survives a restart (passes, rights, history)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from custom_components.smart_community.community import (
    CommunityClient,
    PassStatus,
    RightStatus,
    StreamOptions,
)
from simulator.community import CommunityServer, NewDoor
from tests.community.fixtures import HOME, PASSWORD, USERNAME


async def test_state_survives_restart(db_path: Path, session: aiohttp.ClientSession) -> None:
    """Passes, permits, sessions, calls, notices and the event history outlive the process."""
    now = datetime.now(UTC)
    async with CommunityServer(db_path) as server:
        client = CommunityClient(session, server.url)
        await client.login(USERNAME, PASSWORD)
        visitor_pass = await client.create_visitor_pass(
            HOME, valid_from=now, valid_until=now + timedelta(days=1), uses_allowed=3
        )
        revoked = await client.create_visitor_pass(
            HOME, valid_from=now, valid_until=now + timedelta(days=1)
        )
        await client.revoke_visitor_pass(revoked.id)
        permit = await client.create_visitor_permit(
            HOME, "粤B·D67890", now, now + timedelta(hours=5)
        )
        server.vehicle_enter("粤B·D67890")
        call_id = server.ring("door-north-gate", HOME)
        server.publish_notice("Lift maintenance", "Lift B is off on Monday.")
        server.set_space("space-B1-B-050", occupied=False)
        latest = server.state.latest_cursor
        tokens = client.tokens

    async with CommunityServer(db_path) as server:
        client = CommunityClient(session, server.url, tokens)
        passes = {p.id: p for p in await client.get_visitor_passes(HOME)}
        assert passes[visitor_pass.id].code == visitor_pass.code
        assert passes[visitor_pass.id].status is PassStatus.ACTIVE
        assert passes[revoked.id].status is PassStatus.REVOKED
        rights = {r.id: r for r in await client.get_parking_rights()}
        assert rights[permit.id].status is RightStatus.ACTIVE
        assert "right-0001" in rights
        (inside,) = await client.get_parking_sessions(active=True)
        assert (inside.plate, inside.right_id) == ("粤B·D67890", permit.id)
        assert (await client.get_calls())[0].id == call_id
        assert (await client.get_notices())[0].title == "Lift maintenance"
        occupancy = await client.get_occupancy()
        assert not next(s for s in occupancy.spaces if s.space_id == "space-B1-B-050").occupied
        assert server.state.latest_cursor == latest

        replayed: list[int] = []
        options = StreamOptions(on_event=lambda event: replayed.append(event.cursor))
        async with client.event_stream(0, options) as stream:
            await stream.wait_connected()
        assert replayed == list(range(1, latest + 1))
        server.vehicle_exit("粤B·D67890")
        assert server.state.latest_cursor == latest + 2


async def test_ids_are_not_reused_after_restart(db_path: Path) -> None:
    """Identifiers keep counting across restarts."""
    async with CommunityServer(db_path) as server:
        first = server.ring("door-north-gate", HOME)
        await server.restart()
        second = server.ring("door-north-gate", HOME)
    assert first != second


async def test_door_changes_and_api_version_survive_restart(
    db_path: Path, session: aiohttp.ClientSession
) -> None:
    """Stations installed or decommissioned, and the reported version, outlive the process."""
    async with CommunityServer(db_path) as server:
        added = server.add_door(NewDoor("East gate", [HOME], firmware_version="4.0.2"))
        server.remove_door("door-south-gate")
        server.set_online(added, False)
        server.set_api_version("1.2")
        client = CommunityClient(session, server.url)
        await client.login(USERNAME, PASSWORD)
        before = await client.get_doors(HOME)
        tokens = client.tokens

    async with CommunityServer(db_path) as server:
        client = CommunityClient(session, server.url, tokens)
        after = await client.get_doors(HOME)
        assert after == before
        assert [door.id for door in after] == ["door-north-gate", "door-lobby-b3-u1", added]
        assert (after[-1].firmware_version, after[-1].online) == ("4.0.2", False)
        assert (await client.get_account()).platform.api_version == (1, 2)
        assert server.add_door(NewDoor("West gate", [HOME])) != added
