"""How platform failures reach the resident: translated errors, unavailable entities, recovery."""

import asyncio
from pathlib import Path

from homeassistant.components import camera
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest

from custom_components.smart_community.account.errors import translated_errors
from custom_components.smart_community.community import (
    CommunityAuthError,
    CommunityCommandTimeoutError,
    CommunityConnectionError,
    CommunityError,
    CommunityInvalidResponseError,
)
from simulator.community import CommunityServer

from .conftest import HOME, add_account, fired, wait_for_state

NORTH_CAMERA = "camera.north_gate_camera"


async def test_camera_picture_and_stream(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """The camera shows the station's picture and hands out its live stream address."""
    image = await camera.async_get_image(hass, NORTH_CAMERA)
    source = await camera.async_get_stream_source(hass, NORTH_CAMERA)

    assert image.content_type == "image/jpeg"
    assert image.content.startswith(b"\xff\xd8")
    assert source is not None
    assert source.startswith("rtsp://")


async def test_camera_of_an_offline_station(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """An offline station's picture fails with a translated reason."""
    server.set_online("door-north-gate", False)

    with pytest.raises(HomeAssistantError):
        await camera.async_get_image(hass, NORTH_CAMERA)


async def test_picture_failure_keeps_the_last_visitor(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """When the picture cannot be taken the ring still fires; the image stays as it was.

    On a platform before 1.6 the picture is fetched after the ring, and that can fail.
    """
    server.set_api_version("1.5")
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    server.add_fault(500, path_prefix="/v1/doors/door-north-gate/snapshot")
    server.ring("door-north-gate", HOME)

    await wait_for_state(hass, "event.north_gate_doorbell", fired)
    await hass.async_block_till_done()

    assert hass.states.get("image.north_gate_last_visitor").state == "unknown"


@pytest.mark.parametrize(("status", "message"), [(429, "busy"), (500, "Could not reach")])
async def test_failed_refresh_makes_entities_unavailable(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    status: int,
    message: str,
) -> None:
    """A refresh the platform refuses marks entities unavailable, with a translated reason."""
    coordinator = entry.runtime_data
    server.add_fault(status, path_prefix="/v1/me")

    await coordinator.async_refresh()

    assert not coordinator.last_update_success
    assert message in str(coordinator.last_exception)
    assert hass.states.get("lock.north_gate_door").state == STATE_UNAVAILABLE


async def test_entities_come_back_after_a_failed_refresh(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The next refresh that works makes them available again."""
    coordinator = entry.runtime_data
    server.add_fault(500, path_prefix="/v1/me")
    await coordinator.async_refresh()

    await coordinator.async_refresh()

    assert coordinator.last_update_success
    assert hass.states.get("lock.north_gate_door").state != STATE_UNAVAILABLE


async def test_setup_retries_while_the_platform_is_down(
    hass: HomeAssistant, server: CommunityServer
) -> None:
    """Home Assistant starts while the platform is unreachable: the entry retries later."""
    entry = await add_account(hass, server.url)
    await hass.config_entries.async_unload(entry.entry_id)
    server.add_fault(503, count=5, path_prefix="/v1/me")

    assert not await hass.config_entries.async_setup(entry.entry_id)

    assert entry.state.recoverable


async def test_history_lost_means_a_full_refresh(hass: HomeAssistant, tmp_path: Path) -> None:
    """Events missed beyond the platform's history are read again as state, then live resumes."""
    async with CommunityServer(tmp_path / "community.sqlite3", history_limit=5) as server:
        entry = await add_account(hass, server.url)
        coordinator = entry.runtime_data
        before = coordinator.data
        refreshed: asyncio.Future[None] = hass.loop.create_future()
        unsubscribe = coordinator.async_add_listener(
            lambda: refreshed.done() or refreshed.set_result(None)
        )
        server.add_fault(503, count=1, path_prefix="/v1/events")
        server.drop_streams()
        for _ in range(10):
            server.publish_notice("Lift maintenance", "Lift B stops at 10:00.")

        async with asyncio.timeout(30):
            await refreshed
        unsubscribe()
        call_id = server.ring("door-north-gate", HOME)
        state = await wait_for_state(hass, "event.north_gate_doorbell", fired)

        assert coordinator.data is not before
        assert state.attributes["call_id"] == call_id
        await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (CommunityCommandTimeoutError("req-1"), "command_timeout"),
        (CommunityAuthError("refused"), "auth_failed"),
        (CommunityConnectionError("down"), "cannot_connect"),
        (CommunityInvalidResponseError("garbage"), "invalid_response"),
        (CommunityError("odd"), "invalid_response"),
    ],
)
def test_errors_are_translated(error: CommunityError, key: str) -> None:
    """Each failure of the client becomes a translated error a resident can read."""
    with pytest.raises(HomeAssistantError) as raised, translated_errors():
        raise error

    assert raised.value.translation_key == key
    assert raised.value.translation_domain == "smart_community"
