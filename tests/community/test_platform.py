"""Client <-> reference server: the platform's API version, and making it look outdated."""

import aiohttp

from custom_components.smart_community.community import API_VERSION, CommunityClient
from simulator.community import CommunityServer


async def test_reference_server_reports_this_clients_version(client: CommunityClient) -> None:
    """By default the platform is exactly as new as the client."""
    platform = (await client.get_account()).platform
    assert platform.api_version == API_VERSION == (1, 6)
    assert platform.name == "Smart Community reference server"


async def test_outdated_platform(client: CommunityClient, server: CommunityServer) -> None:
    """A test can make the platform older (or newer) than the client, as numbers."""
    server.set_api_version("1.2")
    assert (await client.get_account()).platform.api_version == (1, 2)
    assert (await client.get_account()).platform.api_version < API_VERSION
    server.set_api_version("1.10")
    assert (await client.get_account()).platform.api_version > API_VERSION


async def test_outdated_platform_over_http(
    client: CommunityClient, server: CommunityServer, session: aiohttp.ClientSession
) -> None:
    """The control API sets the version too, and refuses one that is not major.minor."""
    url = f"{server.url}/control/platform"
    async with session.post(url, json={"api_version": "0.9"}) as response:
        assert response.status == 200
    assert (await client.get_account()).platform.api_version == (0, 9)
    for bad in ("1.4.2", "one.four", 1.4):
        async with session.post(url, json={"api_version": bad}) as response:
            assert response.status == 400
            assert (await response.json())["error"]["code"] == "invalid_request"
    assert (await client.get_account()).platform.api_version == (0, 9)
