"""Fixtures for the community family: the reference server on loopback, set up via the UI flow."""

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from homeassistant.config_entries import SOURCE_USER, ConfigEntry
from homeassistant.const import (
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, State, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.event import async_track_state_change_event
import pytest

from custom_components.smart_community.const import DOMAIN
from simulator.community import CommunityServer

USERNAME = "resident1"
PASSWORD = "demo-password-1"
HOME = "home-3-1-1203"


@pytest.fixture(autouse=True)
def loopback(socket_enabled: None) -> None:
    """Home Assistant talks to the reference server over real loopback sockets."""


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[CommunityServer]:
    """A running reference server with the demo community."""
    async with CommunityServer(tmp_path / "community.sqlite3", heartbeat_interval=5.0) as running:
        yield running


async def add_account(
    hass: HomeAssistant, url: str, username: str = USERNAME, password: str = PASSWORD
) -> ConfigEntry:
    """Add a community account the way a resident does, through the UI flow."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "community"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: url, CONF_USERNAME: username, CONF_PASSWORD: password}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    await hass.async_block_till_done()
    return result["result"]


@pytest.fixture
async def entry(hass: HomeAssistant, server: CommunityServer) -> AsyncIterator[ConfigEntry]:
    """resident1's account, set up and loaded; unloaded after the test."""
    added = await add_account(hass, server.url)
    yield added
    await hass.config_entries.async_unload(added.entry_id)
    await hass.async_block_till_done()


async def wait_for_state(
    hass: HomeAssistant,
    entity_id: str,
    predicate: Callable[[State], bool],
    within: float = 10.0,
) -> State:
    """The entity's state once predicate holds; fails the test after within seconds."""
    state = hass.states.get(entity_id)
    if state is not None and predicate(state):
        return state
    reached: asyncio.Future[State] = hass.loop.create_future()

    @callback
    def changed(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if new is not None and predicate(new) and not reached.done():
            reached.set_result(new)

    unsubscribe = async_track_state_change_event(hass, [entity_id], changed)
    try:
        async with asyncio.timeout(within):
            return await reached
    finally:
        unsubscribe()


def fired(state: State) -> bool:
    """An event entity has fired at least once."""
    return state.state not in (STATE_UNKNOWN, STATE_UNAVAILABLE)
