"""Visitor at the gate: a ring on the reference server reaches the phone, "Open" opens."""

from collections.abc import Awaitable, Callable
from datetime import timedelta

from homeassistant.components.lock import LockState
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from simulator.community import CommunityServer
from tests.components.smart_community.account.conftest import HOME, fired, wait_for_state

from .conftest import Phone, UseBlueprint, wait_for_calls

NORTH_GATE = "door-north-gate"
SOUTH_GATE = "door-south-gate"


type Ring = Callable[[str, dict[str, object]], Awaitable[ServiceCall]]


@pytest.fixture
def ring(
    hass: HomeAssistant,
    entry: ConfigEntry,
    server: CommunityServer,
    phone: Phone,
    use_blueprint: UseBlueprint,
) -> Ring:
    """Make the automation for a gate, ring it, and return the phone's notification."""

    async def ring_at(door: str, inputs: dict[str, object]) -> ServiceCall:
        await use_blueprint(
            "visitor_at_gate",
            {"notify_device": phone.device_id, "open_window": {"minutes": 2}, **inputs},
        )
        server.ring(door, HOME)
        [notification] = await wait_for_calls(hass, phone.notifications, 1)
        return notification

    return ring_at


def _answer(hass: HomeAssistant, notification: ServiceCall, title: str) -> None:
    """Tap a button of the notification, as the Companion app reports it."""
    [button] = [b for b in notification.data["data"]["actions"] if b["title"] == title]
    hass.bus.async_fire("mobile_app_notification_action", {"action": button["action"]})


async def test_open_from_the_notification(hass: HomeAssistant, ring: Ring) -> None:
    """The notification shows the camera and opens the gate's latch when "Open" is tapped."""
    notification = await ring(
        NORTH_GATE,
        {
            "doorbell": "event.north_gate_doorbell",
            "door": "lock.north_gate_door",
            "picture": "camera.north_gate_camera",
        },
    )

    assert notification.data["title"] == "Visitor at the gate"
    assert notification.data["message"] == "Someone is calling at North gate."
    push = notification.data["data"]
    assert push["image"] == "/api/camera_proxy/camera.north_gate_camera"
    assert [b["title"] for b in push["actions"]] == ["Open", "Ignore"]
    assert push["actions"][0]["authenticationRequired"] is True
    assert hass.states.get("lock.north_gate_door").state == LockState.LOCKED

    _answer(hass, notification, "Open")

    await wait_for_state(hass, "lock.north_gate_door", lambda s: s.state == LockState.OPEN)
    access = await wait_for_state(hass, "event.north_gate_access", fired)
    assert access.attributes["method"] == "app"


async def test_momentary_gate_opens_with_its_button(hass: HomeAssistant, ring: Ring) -> None:
    """A gate without a latch is opened by pressing its "Open door" button."""
    notification = await ring(
        SOUTH_GATE,
        {
            "doorbell": "event.south_gate_doorbell",
            "door": "button.south_gate_open_door",
            "picture": "image.south_gate_last_visitor",
        },
    )
    assert notification.data["data"]["image"] == "/api/image_proxy/image.south_gate_last_visitor"

    _answer(hass, notification, "Open")

    await wait_for_state(hass, "button.south_gate_open_door", fired)
    access = await wait_for_state(hass, "event.south_gate_access", fired)
    assert access.attributes["method"] == "app"


@pytest.mark.parametrize("answer", ["Ignore", None])
async def test_ignored_or_unanswered_leaves_the_gate_shut(
    hass: HomeAssistant, ring: Ring, phone: Phone, answer: str | None
) -> None:
    """Ignoring does nothing; no answer in time removes the notification; the gate stays shut."""
    notification = await ring(
        NORTH_GATE,
        {"doorbell": "event.north_gate_doorbell", "door": "lock.north_gate_door"},
    )
    assert "image" not in notification.data["data"]

    if answer:
        _answer(hass, notification, answer)
    else:
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=3))
    await hass.async_block_till_done()
    # A late tap on "Open" must not open the gate any more.
    _answer(hass, notification, "Open")
    await hass.async_block_till_done()

    assert hass.states.get("lock.north_gate_door").state == LockState.LOCKED
    cleared = [call.data for call in phone.notifications[1:]]
    tag = notification.data["data"]["tag"]
    expected = [] if answer else [{"message": "clear_notification", "data": {"tag": tag}}]
    assert cleared == expected
