"""Failed entry attempts: refusals at the doors of the reference server are counted."""

from datetime import timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from simulator.community import CommunityServer
from tests.components.smart_community.account.conftest import wait_for_state

from .conftest import Phone, UseBlueprint, wait_for_calls

NORTH_GATE = "door-north-gate"
SOUTH_GATE = "door-south-gate"


@pytest.fixture
async def watching(entry: ConfigEntry, phone: Phone, use_blueprint: UseBlueprint) -> None:
    """Both gates watched for three refusals in ten minutes."""
    await use_blueprint(
        "failed_entry_attempts",
        {
            "access": ["event.north_gate_access", "event.south_gate_access"],
            "attempts": 3,
            "window": {"minutes": 10},
            "notify_device": phone.device_id,
        },
    )


async def _refused(hass: HomeAssistant, server: CommunityServer, door: str) -> None:
    """A wrong PIN at a door, once Home Assistant has seen it refused."""
    seen = dt_util.utcnow()
    assert not server.recognise(door, "pin", code="000000")
    entity_id = f"event.{door.removeprefix('door-').replace('-', '_')}_access"
    await wait_for_state(hass, entity_id, lambda state: state.last_changed > seen)


@pytest.mark.usefixtures("watching")
async def test_three_refusals_are_reported(
    hass: HomeAssistant, server: CommunityServer, phone: Phone
) -> None:
    """Refusals at either gate count; an opening in between does not; the third one alerts."""
    await _refused(hass, server, NORTH_GATE)
    assert server.recognise(NORTH_GATE, "face", resident_id="res-1")
    await _refused(hass, server, SOUTH_GATE)
    assert phone.notifications == []
    await _refused(hass, server, NORTH_GATE)
    [notification] = await wait_for_calls(hass, phone.notifications, 1)

    assert notification.data["title"] == "Failed entry attempts"
    assert notification.data["message"].startswith(
        "3 refused attempts at North gate; the last one:"
    )


@pytest.mark.usefixtures("watching")
async def test_refusals_far_apart_are_not_reported(
    hass: HomeAssistant, server: CommunityServer, phone: Phone
) -> None:
    """Refusals older than the window no longer count; three within it do."""
    await _refused(hass, server, NORTH_GATE)
    await _refused(hass, server, NORTH_GATE)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=11))
    await _refused(hass, server, NORTH_GATE)
    await _refused(hass, server, NORTH_GATE)
    assert phone.notifications == []
    await _refused(hass, server, NORTH_GATE)

    [notification] = await wait_for_calls(hass, phone.notifications, 1)
    assert notification.data["message"].startswith("3 refused attempts at North gate")
