"""Losing the platform: entities go unavailable after a grace period, come back, lose nothing."""

import asyncio
from datetime import timedelta

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntry, ConfigEntryState
from homeassistant.const import CONF_PASSWORD, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.smart_community.const import DOMAIN
from simulator.community import CommunityServer

from .conftest import HOME, PASSWORD, fired, wait_for_state

DOORBELL = "event.north_gate_doorbell"


async def test_stream_loss_and_recovery(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Down longer than the grace period: unavailable; back: available, with what was missed."""
    await server.stop()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=61))
    await hass.async_block_till_done()
    assert hass.states.get(DOORBELL).state == STATE_UNAVAILABLE
    assert caplog.text.count("Lost the event stream") == 1

    await server.start()
    # A visitor rings before Home Assistant has reconnected: the replay brings the ring.
    call_id = server.ring("door-north-gate", HOME)

    state = await wait_for_state(hass, DOORBELL, fired, within=30)
    assert state.attributes["call_id"] == call_id
    assert caplog.text.count("is back") == 1


async def test_short_drop_keeps_entities_available(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A drop shorter than the grace period is invisible, and no event is lost."""
    server.drop_streams()
    call_id = server.ring("door-north-gate", HOME)

    state = await wait_for_state(hass, DOORBELL, fired, within=30)

    assert state.attributes["call_id"] == call_id


async def test_reauth_when_the_platform_signs_us_out(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """Revoked tokens start re-authentication; the password brings everything back."""
    old_tokens = entry.data["tokens"]
    server.revoke_tokens()

    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()

    flows = hass.config_entries.flow.async_progress_by_handler("smart_community")
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    flow = flows[0]
    assert flow["step_id"] == "community_reauth"

    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_PASSWORD: "wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_PASSWORD: PASSWORD}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data["tokens"]["refresh_token"] != old_tokens["refresh_token"]
    call_id = server.ring("door-north-gate", HOME)
    state = await wait_for_state(hass, DOORBELL, fired)
    assert state.attributes["call_id"] == call_id


async def test_rotated_tokens_are_saved(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """An expired access token is refreshed and the new refresh token kept at once."""
    old_refresh = entry.data["tokens"]["refresh_token"]
    server.expire_access_tokens()

    await entry.runtime_data.async_refresh()

    assert entry.runtime_data.last_update_success
    assert entry.data["tokens"]["refresh_token"] != old_refresh


async def test_revoked_login_closes_the_stream_and_asks_to_sign_in_again(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """No poll needed: the platform closes the open stream and the entry goes into reauth."""
    started: asyncio.Future[str] = hass.loop.create_future()

    @callback
    def flow_changed(change: str, flow_id: str) -> None:
        if change == "added" and not started.done():
            started.set_result(flow_id)

    unsubscribe = hass.config_entries.flow.async_subscribe_flow(flow_changed)
    try:
        server.revoke_tokens()
        async with asyncio.timeout(1):
            flow_id = await started
    finally:
        unsubscribe()
    flow = next(
        f
        for f in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if f["flow_id"] == flow_id
    )
    assert flow["context"]["source"] == SOURCE_REAUTH
    assert flow["context"]["entry_id"] == entry.entry_id
    assert server.stats()["refresh_grants"] == 1
