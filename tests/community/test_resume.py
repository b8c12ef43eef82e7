"""Acceptance: every cursor exactly once and in order through drops and server restarts."""

import asyncio

from custom_components.smart_community.community import (
    CommunityClient,
    Event,
    StreamOptions,
)
from simulator.community import CommunityServer

BATCHES = 50
PER_BATCH = 200
DEVICE = {"device_id": "gate-B1-in", "device_type": "gate"}


async def test_ten_thousand_events_through_drops_and_restarts(
    server: CommunityServer, client: CommunityClient
) -> None:
    """10,000 events, 50 dropped connections, 2 restarts: each cursor once, in order."""
    base = server.state.latest_cursor
    seen: list[int] = []
    reached = asyncio.Event()
    goal = base

    def on_event(event: Event) -> None:
        seen.append(event.cursor)
        if event.cursor >= goal:
            reached.set()

    options = StreamOptions(on_event=on_event, backoff_initial=0.001, backoff_max=0.01)
    stream = client.event_stream(base, options)
    async with stream:
        server.drop_streams(after_frames=150, times=BATCHES)
        for batch in range(BATCHES):
            server.emit("device.online", DEVICE, count=PER_BATCH)
            if batch in {BATCHES // 3, 2 * BATCHES // 3}:
                await server.restart()
            goal = base + (batch + 1) * PER_BATCH
            reached.clear()
            if seen and seen[-1] >= goal:
                continue
            async with asyncio.timeout(20):
                await reached.wait()

    assert seen == list(range(base + 1, base + BATCHES * PER_BATCH + 1))
    assert stream.last_cursor == base + BATCHES * PER_BATCH
    stats = server.stats()
    assert stats["drops"] == BATCHES
    assert stats["restarts"] == 2
