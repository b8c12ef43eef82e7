"""Client <-> reference server: door stations installed and decommissioned while it runs."""

from collections.abc import Callable

import pytest

from custom_components.smart_community.community import (
    CommandResult,
    CommunityClient,
    CommunityRequestError,
    DoorCapability,
    DoorKind,
    DoorOpened,
    DoorRelease,
    EventStream,
)
from simulator.community import CommunityServer, NewDoor

from .fixtures import HOME, next_event

OTHER_HOME = "home-3-1-0805"
EAST_GATE = NewDoor(
    "East gate",
    [HOME],
    kind="gate",
    release="latch",
    capabilities=("open", "snapshot", "stream"),
    location="East entrance, Gaoxin South 7th Road",
    model="FaceGate F8",
    manufacturer="Lychee Tech",
    firmware_version="4.0.2",
)


async def door_ids(client: CommunityClient, home_id: str = HOME) -> list[str]:
    """The ids GET /v1/homes/{id}/doors lists, in order."""
    return [door.id for door in await client.get_doors(home_id)]


async def test_added_door_is_listed_with_its_details(
    client: CommunityClient, server: CommunityServer
) -> None:
    """A new station appears after the seeded ones, with what the property said about it."""
    before = await door_ids(client)
    door_id = server.add_door(EAST_GATE)
    assert await door_ids(client) == [*before, door_id]
    east = (await client.get_doors(HOME))[-1]
    assert (east.name, east.location) == ("East gate", "East entrance, Gaoxin South 7th Road")
    assert (east.model, east.manufacturer, east.firmware_version) == (
        "FaceGate F8",
        "Lychee Tech",
        "4.0.2",
    )
    assert (east.kind, east.release, east.online) == (DoorKind.GATE, DoorRelease.LATCH, True)
    assert east.capabilities == {
        DoorCapability.OPEN,
        DoorCapability.SNAPSHOT,
        DoorCapability.STREAM,
    }


async def test_added_door_serves_only_its_homes(
    client: CommunityClient,
    server: CommunityServer,
    make_client: Callable[[], CommunityClient],
) -> None:
    """Another resident's home does not see a station that does not serve it."""
    door_id = server.add_door(EAST_GATE)
    neighbour = make_client()
    await neighbour.login("resident2", "demo-password-2")
    assert door_id not in await door_ids(neighbour, OTHER_HOME)
    with pytest.raises(CommunityRequestError) as refused:
        await neighbour.open_door(door_id)
    assert refused.value.code == "not_found"
    both = server.add_door(NewDoor("West gate", [HOME, OTHER_HOME], door_id="door-west-gate"))
    assert both == "door-west-gate"
    assert both in await door_ids(neighbour, OTHER_HOME)
    assert both in await door_ids(client)


async def test_added_door_works_like_a_seeded_one(
    client: CommunityClient, server: CommunityServer, stream: EventStream
) -> None:
    """It opens, shows pictures, goes offline and rings like the others."""
    door_id = server.add_door(EAST_GATE)
    request_id = await client.open_door(door_id)
    assert (await next_event(stream, DoorOpened)).door_id == door_id
    result = await next_event(stream, CommandResult)
    assert (result.request_id, result.ok) == (request_id, True)
    assert (await client.get_snapshot(door_id)).startswith(b"\xff\xd8")
    with pytest.raises(CommunityRequestError) as refused:
        await client.answer_call(server.ring(door_id, HOME))
    assert refused.value.code == "unsupported"
    server.set_online(door_id, False)
    assert not (await client.get_doors(HOME))[-1].online


async def test_removed_door_is_gone(client: CommunityClient, server: CommunityServer) -> None:
    """A decommissioned station leaves the list, and its id answers 404."""
    server.remove_door("door-south-gate")
    assert await door_ids(client) == ["door-north-gate", "door-lobby-b3-u1"]
    for gone in (client.open_door("door-south-gate"), client.get_snapshot("door-south-gate")):
        with pytest.raises(CommunityRequestError) as refused:
            await gone
        assert (refused.value.status, refused.value.code) == (404, "not_found")
    door_id = server.add_door(EAST_GATE)
    server.remove_door(door_id)
    assert door_id not in await door_ids(client)


async def test_door_removed_while_a_command_runs(
    client: CommunityClient, server: CommunityServer, stream: EventStream
) -> None:
    """A release accepted just before the station is decommissioned fails like an offline one."""
    held: list[Callable[[], None]] = []
    server.state.defer = held.append
    request_id = await client.open_door("door-south-gate")
    server.remove_door("door-south-gate")
    (complete,) = held
    complete()
    result = await next_event(stream, CommandResult)
    assert (result.request_id, result.ok, result.error_code) == (
        request_id,
        False,
        "device_offline",
    )
