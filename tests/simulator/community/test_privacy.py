"""Acceptance: two residents of one community receive none of each other's events.

Both streams are open while both households live their day (a visitor rings, a face opens
the gate, a visitor pass is used, a car enters on its right, a door is opened from the
app), then both streams are replayed from the start of the history. The weak variant, a
community-wide stream, is shown leaking with the same test.
"""

import asyncio
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from custom_components.smart_community.community import (
    CommunityClient,
    NoticePublished,
    StreamOptions,
)
from simulator.community import CommunityServer
import simulator.community.hub
from tests.community.fixtures import HOME, PASSWORD, USERNAME, Inbox

OTHER_HOME = "home-3-1-0805"
SECRETS = {
    # What only resident1's household may see, and what only resident2's may see.
    "res-1": {HOME, "Zhang Wei", "Wang Fang", "粤B·12345"},
    "res-2": {OTHER_HOME, "Chen Jing", "Li Na", "粤B·88888"},
}


def _text(inbox: Inbox) -> str:
    """Everything the events say, as one string to search."""
    return "\n".join(repr(event) for event in inbox.events)


async def _login(
    session: aiohttp.ClientSession, url: str, username: str, password: str
) -> CommunityClient:
    client = CommunityClient(session, url)
    await client.login(username, password)
    return client


async def _day_in_the_community(
    server: CommunityServer, clients: dict[str, CommunityClient]
) -> tuple[dict[str, set[str]], int]:
    """Events of both households; returns each one's request ids and the final cursor."""
    now = datetime.now(UTC)
    window = {"valid_from": now - timedelta(hours=1), "valid_until": now + timedelta(hours=1)}
    requests: dict[str, set[str]] = {"res-1": set(), "res-2": set()}
    for resident, home, visitor in (("res-1", HOME, "Wang Fang"), ("res-2", OTHER_HOME, "Li Na")):
        client = clients[resident]
        call_id = server.ring("door-lobby-b3-u1", home)
        requests[resident].add(await client.answer_call(call_id))
        server.recognise("door-north-gate", "face", resident_id=resident)
        issued = await client.create_visitor_pass(home, visitor_name=visitor, **window)
        server.recognise("door-south-gate", "pin", code=issued.code)
        requests[resident].add(await client.open_door("door-north-gate"))
        requests[resident].add(await client.open_gate("gate-B1-in"))
    await clients["res-2"].create_visitor_permit(OTHER_HOME, "粤B·88888", **window)
    for plate in ("粤B·12345", "粤B·88888"):
        server.vehicle_enter(plate)
        server.vehicle_exit(plate)
    server.right_expiring("right-0001")
    # Commands completed while the awaits above ran; a notice for everyone ends the day.
    server.publish_notice("End of the day", "Everyone gets this one.")
    return requests, server.state.latest_cursor


def _assert_private(inboxes: dict[str, Inbox], requests: dict[str, set[str]]) -> None:
    for resident, inbox in inboxes.items():
        other = "res-2" if resident == "res-1" else "res-1"
        text = _text(inbox)
        leaked = {secret for secret in SECRETS[other] | requests[other] if secret in text}
        assert leaked == set(), f"{resident} received {leaked}"
        own = {secret for secret in SECRETS[resident] | requests[resident] if secret in text}
        assert own == SECRETS[resident] | requests[resident]
        assert isinstance(inbox.events[-1], NoticePublished)


@pytest.mark.parametrize("scoped", [True, False], ids=["per_account", "weak_community_wide"])
async def test_residents_see_only_their_own_live_and_replayed(
    server: CommunityServer,
    session: aiohttp.ClientSession,
    monkeypatch: pytest.MonkeyPatch,
    scoped: bool,
) -> None:
    """Live on two open streams, then replayed after a reconnect: nothing of the other's."""
    if not scoped:
        monkeypatch.setattr(simulator.community.hub, "for_resident", lambda row, resident: True)
    clients = {
        "res-1": await _login(session, server.url, USERNAME, PASSWORD),
        "res-2": await _login(session, server.url, "resident2", "demo-password-2"),
    }
    live = {resident: Inbox() for resident in clients}
    streams = [
        clients[resident].event_stream(None, StreamOptions(on_event=live[resident].append))
        for resident in clients
    ]
    for stream in streams:
        stream.start()
    try:
        async with asyncio.timeout(5):
            for stream in streams:
                await stream.wait_connected()
        requests, last = await _day_in_the_community(server, clients)
        for inbox in live.values():
            await inbox.until(last)
    finally:
        for stream in streams:
            await stream.stop()

    replayed = {resident: Inbox() for resident in clients}
    for resident, client in clients.items():
        options = StreamOptions(on_event=replayed[resident].append)
        async with client.event_stream(0, options):
            await replayed[resident].until(last)

    for inboxes in (live, replayed):
        if scoped:
            _assert_private(inboxes, requests)
        else:
            with pytest.raises(AssertionError, match="received"):
                _assert_private(inboxes, requests)
    assert [e.cursor for e in live["res-1"].events] == [e.cursor for e in replayed["res-1"].events]
