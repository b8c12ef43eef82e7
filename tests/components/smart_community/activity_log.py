"""Reading Home Assistant's Activity (logbook) the way the frontend does, over the websocket."""

from datetime import datetime

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import (
    RecorderInstanceGenerator,
    WebSocketGenerator,
)

from custom_components.smart_community.const import DOMAIN


@pytest.fixture(autouse=True)
def mock_recorder_before_hass(async_setup_recorder_instance: RecorderInstanceGenerator) -> None:
    """The recorder's database is prepared before Home Assistant starts (import it)."""


async def async_setup_logbook(hass: HomeAssistant, language: str) -> None:
    """Activity in that language; the frontend it depends on is not installed here."""
    hass.config.language = language
    hass.config.components.add("frontend")
    assert await async_setup_component(hass, "logbook", {})
    await hass.async_block_till_done()


async def activity(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, since: datetime
) -> list[tuple[str, str]]:
    """(name, message) of the integration's lines in Activity since then, oldest first."""
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "logbook/get_events", "start_time": since.isoformat()})
    reply = await client.receive_json()
    assert reply["success"], reply
    return [
        (entry["name"], entry["message"])
        for entry in reply["result"]
        if entry.get("domain") == DOMAIN
    ]
