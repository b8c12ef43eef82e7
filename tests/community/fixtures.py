"""Fixtures shared by client and server tests: a reference server on a loopback port."""

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest

from custom_components.smart_community.community import (
    CommunityClient,
    Event,
    EventStream,
    StreamOptions,
    Tokens,
)
from simulator.community import CommunityServer

__all__ = [
    "auto_enable_custom_integrations",
    "client",
    "db_path",
    "loopback",
    "make_client",
    "saved_tokens",
    "server",
    "session",
    "stream",
]

USERNAME = "resident1"
PASSWORD = "demo-password-1"
HOME = "home-3-1-1203"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """These tests need no Home Assistant instance; skip the one tests/conftest.py starts."""


@pytest.fixture(autouse=True)
def loopback(socket_enabled: None) -> None:
    """Client and reference server talk over real loopback sockets."""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the server keeps its state."""
    return tmp_path / "community.sqlite3"


@pytest.fixture
async def server(db_path: Path) -> AsyncIterator[CommunityServer]:
    """A running reference server on an ephemeral port."""
    async with CommunityServer(db_path, heartbeat_interval=5.0) as running:
        yield running


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP session, closed after the test."""
    async with aiohttp.ClientSession() as http:
        yield http


@pytest.fixture
def saved_tokens() -> list[Tokens]:
    """Every token pair the client handed to on_tokens."""
    return []


@pytest.fixture
def make_client(
    server: CommunityServer, session: aiohttp.ClientSession, saved_tokens: list[Tokens]
) -> Callable[..., CommunityClient]:
    """Build clients against the server, persisting tokens into saved_tokens."""

    def build(**kwargs: object) -> CommunityClient:
        return CommunityClient(
            session,
            server.url,
            on_tokens=saved_tokens.append,
            **kwargs,  # type: ignore[arg-type]
        )

    return build


@pytest.fixture
async def client(make_client: Callable[..., CommunityClient]) -> CommunityClient:
    """A client logged in as resident1."""
    logged_in = make_client()
    await logged_in.login(USERNAME, PASSWORD)
    return logged_in


@pytest.fixture
async def stream(client: CommunityClient) -> AsyncIterator[EventStream]:
    """resident1's event stream, live, with fast reconnects."""
    events = client.event_stream(None, StreamOptions(backoff_initial=0.01, backoff_max=0.05))
    async with events:
        async with asyncio.timeout(5):
            await events.wait_connected()
        yield events


async def next_event[E](stream: EventStream, kind: type[E]) -> E:
    """The next event of a kind, skipping others; fails the test after a few seconds."""
    async with asyncio.timeout(5):
        async for event in stream:
            if isinstance(event, kind):
                return event
    raise AssertionError("the stream ended")


class Inbox:
    """Every event a stream handed to on_event, and a way to wait for a cursor."""

    def __init__(self) -> None:
        """Nothing yet."""
        self.events: list[Event] = []
        self._arrived = asyncio.Event()

    def append(self, event: Event) -> None:
        """The on_event callback."""
        self.events.append(event)
        self._arrived.set()

    async def until(self, cursor: int) -> None:
        """Wait until an event at or after cursor arrived; fails the test after 10 s."""
        async with asyncio.timeout(10):
            while not self.events or self.events[-1].cursor < cursor:
                self._arrived.clear()
                await self._arrived.wait()
