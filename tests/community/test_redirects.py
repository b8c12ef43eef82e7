"""Security: a redirect never carries the resident's password or token to another address.

A platform (or whoever sits at its address) answers 307 pointing at a second loopback
server that records what reaches it. aiohttp's default follows the redirect and re-sends
the login body there; the client follows nothing.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import aiohttp
from aiohttp import web
import pytest

from custom_components.smart_community.community import (
    CommunityClient,
    CommunityInvalidResponseError,
    Tokens,
)

from .fixtures import PASSWORD, USERNAME


@dataclass
class Site:
    """A loopback server and what it received."""

    url: str
    received: list[tuple[str, str, bytes]] = field(default_factory=list)


async def _serve(location: str | None) -> tuple[Site, web.AppRunner]:
    site_info = Site("")

    async def handle(request: web.Request) -> web.Response:
        authorization = request.headers.get("Authorization", "")
        site_info.received.append((request.path, authorization, await request.read()))
        if location is None:
            return web.json_response({})
        return web.Response(status=307, headers={"Location": location})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    site_info.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    return site_info, runner


@pytest.fixture
async def sites() -> AsyncIterator[tuple[Site, Site]]:
    """The platform's address, redirecting every request, and the other origin."""
    elsewhere, elsewhere_runner = await _serve(None)
    platform, platform_runner = await _serve(f"{elsewhere.url}/collect")
    yield platform, elsewhere
    await platform_runner.cleanup()
    await elsewhere_runner.cleanup()


async def test_weak_variant_resends_the_password(
    sites: tuple[Site, Site], session: aiohttp.ClientSession
) -> None:
    """Following redirects (aiohttp's default) posts the password to the other origin."""
    platform, elsewhere = sites
    grant = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
    async with session.post(f"{platform.url}/v1/auth/token", json=grant) as response:
        await response.read()
    assert any(PASSWORD.encode() in body for _, _, body in elsewhere.received)


async def test_login_does_not_follow_a_redirect(
    sites: tuple[Site, Site], session: aiohttp.ClientSession
) -> None:
    """A 307 on login is an invalid response; the other origin hears nothing."""
    platform, elsewhere = sites
    client = CommunityClient(session, platform.url)
    with pytest.raises(CommunityInvalidResponseError, match="redirected"):
        await client.login(USERNAME, PASSWORD)
    assert len(platform.received) == 1
    assert elsewhere.received == []


async def test_requests_do_not_follow_a_redirect(
    sites: tuple[Site, Site], session: aiohttp.ClientSession
) -> None:
    """Authenticated requests and refreshes keep the token at the platform's address."""
    platform, elsewhere = sites
    now = datetime.now(UTC)
    tokens = Tokens(
        access_token="at-" + "a" * 20,
        refresh_token="rt-" + "r" * 20,
        expires_at=now + timedelta(hours=1),
        refresh_expires_at=now + timedelta(days=1),
    )
    client = CommunityClient(session, platform.url, tokens)
    with pytest.raises(CommunityInvalidResponseError, match="redirected"):
        await client.get_account()
    with pytest.raises(CommunityInvalidResponseError, match="redirected"):
        await client.open_door("door-north-gate")
    assert elsewhere.received == []
