"""Acceptance: transparent refresh of an expired access token; a refused refresh stops cleanly."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from custom_components.smart_community.community import (
    CommunityAuthError,
    CommunityClient,
    CommunityRateLimitedError,
    NoticePublished,
    StreamOptions,
    Tokens,
)
from simulator.community import CommunityServer

from .fixtures import HOME, PASSWORD, USERNAME


async def test_wrong_password(make_client: Callable[..., CommunityClient]) -> None:
    """Bad credentials are an auth error, and nothing is stored."""
    client = make_client()
    with pytest.raises(CommunityAuthError, match="invalid_credentials"):
        await client.login(USERNAME, "wrong")
    assert client.tokens is None
    with pytest.raises(CommunityAuthError, match="not logged in"):
        await client.get_account()


async def test_expired_access_token_is_refreshed(
    server: CommunityServer, client: CommunityClient, saved_tokens: list[Tokens]
) -> None:
    """Mid-session expiry costs one refresh grant; the caller gets the new tokens to persist."""
    first = client.tokens
    server.expire_access_tokens()
    account = await client.get_account()
    assert account.resident.id == "res-1"
    assert server.stats()["refresh_grants"] == 1
    assert len(saved_tokens) == 2
    assert saved_tokens[-1] == client.tokens
    assert first is not None
    assert saved_tokens[-1].refresh_token != first.refresh_token


async def test_concurrent_requests_share_one_refresh(
    server: CommunityServer, client: CommunityClient
) -> None:
    """A burst of requests that all meet an expired token triggers a single refresh."""
    server.expire_access_tokens()
    results = await asyncio.gather(
        client.get_account(),
        client.get_doors(HOME),
        client.get_notices(),
        client.get_gates(),
        client.get_parking_rights(),
    )
    assert all(results)
    assert server.stats()["refresh_grants"] == 1


@pytest.mark.parametrize(
    ("ttl", "quiet_until", "refresh_from"),
    [(10, 4.9, 5.1), (60, 29.9, 30.1), (900, 869.9, 870.1)],
)
async def test_refresh_margin_is_at_most_half_the_lifetime(
    server: CommunityServer,
    make_client: Callable[..., CommunityClient],
    ttl: int,
    quiet_until: float,
    refresh_from: float,
) -> None:
    """A token is rotated min(30 s, lifetime / 2) before it expires, never on every request."""
    server.access_ttl = ttl
    await server.restart()
    start = datetime.now(UTC)
    clock = [start]
    client = make_client(utcnow=lambda: clock[0])
    await client.login(USERNAME, PASSWORD)
    clock[0] = start + timedelta(seconds=quiet_until)
    await client.get_account()
    await client.get_account()
    assert server.stats()["refresh_grants"] == 0
    clock[0] = start + timedelta(seconds=refresh_from)
    await client.get_account()
    await client.get_account()
    assert server.stats()["refresh_grants"] == 1


async def test_resume_with_saved_tokens(
    server: CommunityServer,
    session: aiohttp.ClientSession,
    client: CommunityClient,
    saved_tokens: list[Tokens],
) -> None:
    """Tokens persisted from on_tokens work in a new client after a server restart."""
    await server.restart()
    again = CommunityClient(session, server.url, saved_tokens[-1])
    assert (await again.get_account()).resident.name == "Zhang Wei"


async def test_revoked_refresh_token(server: CommunityServer, client: CommunityClient) -> None:
    """Revoked tokens: one refresh attempt for the whole burst, typed errors, then silence."""
    server.revoke_tokens()
    results = await asyncio.gather(
        client.get_account(),
        client.get_doors(HOME),
        client.get_notices(),
        return_exceptions=True,
    )
    assert all(isinstance(result, CommunityAuthError) for result in results)
    assert server.stats()["refresh_grants"] == 1
    requests = server.stats()["requests"]
    with pytest.raises(CommunityAuthError, match="log in again"):
        await client.get_account()
    assert server.stats()["requests"] == requests
    await client.login(USERNAME, PASSWORD)
    assert await client.get_account()


async def test_reused_refresh_token_revokes_the_login(
    server: CommunityServer,
    session: aiohttp.ClientSession,
    client: CommunityClient,
    saved_tokens: list[Tokens],
) -> None:
    """A rotated refresh token that comes back revokes every token of that login."""
    stolen = saved_tokens[-1]
    server.expire_access_tokens()
    await client.get_account()
    thief = CommunityClient(session, server.url, stolen)
    server.expire_access_tokens()
    with pytest.raises(CommunityAuthError):
        await thief.get_account()
    with pytest.raises(CommunityAuthError):
        await client.get_account()


async def test_stream_stops_when_refresh_is_refused(
    server: CommunityServer, client: CommunityClient
) -> None:
    """The event stream gives up with the auth error instead of reconnecting forever."""
    server.revoke_tokens()
    stream = client.event_stream(None, StreamOptions(backoff_initial=0.001))
    async with stream, asyncio.timeout(5):
        with pytest.raises(CommunityAuthError):
            await anext(stream)
    assert isinstance(stream.error, CommunityAuthError)
    assert server.stats()["refresh_grants"] == 1


async def test_stream_refreshes_an_expired_token(
    server: CommunityServer, client: CommunityClient
) -> None:
    """The WebSocket handshake refreshes an expired access token once, then connects."""
    server.expire_access_tokens()
    stream = client.event_stream(None, StreamOptions(backoff_initial=0.001))
    async with stream:
        async with asyncio.timeout(5):
            await stream.wait_connected()
    assert server.stats()["refresh_grants"] == 1


async def test_revoked_login_closes_the_open_stream_within_a_second(
    server: CommunityServer, client: CommunityClient
) -> None:
    """The server closes a live stream when its login is revoked; one refresh, then reauth."""
    stream = client.event_stream(None, StreamOptions(backoff_initial=0.001))
    async with stream:
        async with asyncio.timeout(5):
            await stream.wait_connected()
        server.revoke_tokens()
        async with asyncio.timeout(1):
            with pytest.raises(CommunityAuthError):
                await anext(stream)
    assert isinstance(stream.error, CommunityAuthError)
    assert server.stats()["refresh_grants"] == 1
    assert server.stats()["open_streams"] == 0


async def test_expired_token_closes_the_stream_and_it_resumes(
    server: CommunityServer, client: CommunityClient
) -> None:
    """An access token that expires under a live stream: closed, refreshed once, resumed.

    Events published while the stream was away arrive once each, in order.
    """
    changes: list[bool] = []
    stream = client.event_stream(
        None, StreamOptions(backoff_initial=0.001, on_connection_change=changes.append)
    )
    async with stream:
        async with asyncio.timeout(5):
            await stream.wait_connected()
        server.expire_access_tokens()
        server.publish_notice("During the refresh", "1")
        server.publish_notice("After it", "2")
        titles = []
        async with asyncio.timeout(5):
            async for event in stream:
                if isinstance(event, NoticePublished):
                    titles.append(event.title)
                if len(titles) == 2:
                    break
    assert titles == ["During the refresh", "After it"]
    assert changes == [True, False, True, False]
    assert server.stats()["refresh_grants"] == 1


async def test_login_rate_limit_is_honoured(
    server: CommunityServer, make_client: Callable[..., CommunityClient]
) -> None:
    """Wrong passwords in a row meet 429 with Retry-After; the client then sends nothing."""
    clock = [0.0]
    client = make_client(monotonic=lambda: clock[0])
    for _ in range(5):
        with pytest.raises(CommunityAuthError, match="invalid_credentials"):
            await client.login(USERNAME, "guess")
    with pytest.raises(CommunityRateLimitedError) as limited:
        await client.login(USERNAME, PASSWORD)
    assert 0 < limited.value.retry_after <= 60
    requests = server.stats()["requests"]
    clock[0] = limited.value.retry_after - 1
    with pytest.raises(CommunityRateLimitedError):
        await client.login(USERNAME, PASSWORD)
    assert server.stats()["requests"] == requests
    other = make_client()
    assert await other.login("resident2", "demo-password-2")
