"""Visitor at the gate: a ring on the reference server reaches the phones, "Open" opens."""

from collections.abc import Awaitable, Callable
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.lock import LockState
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from simulator.community import CommunityServer
from tests.calendar import on_a_fixed_date
from tests.components.smart_community.account.conftest import HOME, fired, wait_for_state

from .conftest import Phone, UseBlueprint, add_phone, wait_for_calls

NORTH_GATE = "door-north-gate"
SOUTH_GATE = "door-south-gate"


type Ring = Callable[[str, dict[str, object]], Awaitable[ServiceCall]]


@pytest.fixture
def ring(
    hass: HomeAssistant,
    *,
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
    assert cleared == [{"message": "clear_notification", "data": {"tag": tag}}]


NORTH_GATE_INPUTS = {"doorbell": "event.north_gate_doorbell", "door": "lock.north_gate_door"}

type Automate = Callable[[dict[str, object]], Awaitable[None]]


@pytest.fixture
def automate(entry: ConfigEntry, phone: Phone, use_blueprint: UseBlueprint) -> Automate:
    """Make the automation for the north gate, notifying the phone, with these inputs too."""

    async def make(inputs: dict[str, object]) -> None:
        await use_blueprint(
            "visitor_at_gate",
            {"notify_device": [phone.device_id], **NORTH_GATE_INPUTS, **inputs},
        )

    return make


def _cleared(phone: Phone, tag: str) -> bool:
    return any(
        call.data == {"message": "clear_notification", "data": {"tag": tag}}
        for call in phone.notifications
    )


@pytest.mark.parametrize("outcome", ["indoor_unit", "hung_up", "opened"])
async def test_every_phone_is_cleared_when_the_ring_is_dealt_with(
    hass: HomeAssistant, *, server: CommunityServer, phone: Phone, automate: Automate, outcome: str
) -> None:
    """Answered at the indoor unit, hung up, or the gate opened: no phone still offers Open."""
    other = add_phone(hass, "iPhone 16")
    await automate({"notify_device": [phone.device_id, other.device_id]})
    call_id = server.ring(NORTH_GATE, HOME)
    [first] = await wait_for_calls(hass, phone.notifications, 1)
    [second] = await wait_for_calls(hass, other.notifications, 1)
    tag = first.data["data"]["tag"]
    assert second.data["data"]["tag"] == tag
    assert not _cleared(phone, tag)

    match outcome:
        case "indoor_unit":
            server.answer_at_indoor_unit(call_id)
        case "hung_up":
            server.end_call(call_id, "hung_up")
        case "opened":
            server.recognise(NORTH_GATE, "face", resident_id="res-1")

    await wait_for_calls(hass, phone.notifications, 2)
    await wait_for_calls(hass, other.notifications, 2)
    assert _cleared(phone, tag)
    assert _cleared(other, tag)
    # Dealt with: a late "Open" does nothing (the app never opens the gate).
    _answer(hass, first, "Open")
    await hass.async_block_till_done()
    access = hass.states.get("event.north_gate_access")
    assert access is not None
    assert access.attributes.get("method") != "app"


# On the fixed date it is midnight in Home Assistant's time zone (US/Pacific in tests).
@on_a_fixed_date
@pytest.mark.parametrize(
    ("quiet", "notified"),
    [(("22:00:00", "07:00:00"), False), (("09:00:00", "17:00:00"), True)],
)
async def test_quiet_hours(
    hass: HomeAssistant,
    *,
    server: CommunityServer,
    phone: Phone,
    automate: Automate,
    quiet: tuple[str, str],
    notified: bool,
) -> None:
    """No notification between the quiet times; the gate still keeps the visitor's picture."""
    assert dt_util.now().strftime("%H:%M") == "00:00"
    await automate({"quiet_hours": True, "quiet_start": quiet[0], "quiet_end": quiet[1]})

    server.ring(NORTH_GATE, HOME)

    await wait_for_state(hass, "image.north_gate_last_visitor", fired)
    await wait_for_state(hass, "event.north_gate_doorbell", fired)
    await hass.async_block_till_done()
    if notified:
        await wait_for_calls(hass, phone.notifications, 1)
    assert bool(phone.notifications) is notified


@on_a_fixed_date
async def test_a_late_ring_never_offers_open(
    hass: HomeAssistant,
    *,
    server: CommunityServer,
    phone: Phone,
    automate: Automate,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A ring that reaches Home Assistant minutes after the visitor rang: notified, no Open."""
    await automate({"max_ring_age": {"minutes": 2}})

    server.ring(NORTH_GATE, HOME)
    # Before Home Assistant hears of it, five minutes pass (a slow or lost connection).
    freezer.tick(timedelta(minutes=5))

    [notification] = await wait_for_calls(hass, phone.notifications, 1)
    assert [b["title"] for b in notification.data["data"]["actions"]] == ["Ignore"]
    doorbell = hass.states.get("event.north_gate_doorbell")
    assert doorbell is not None
    rang = dt_util.parse_datetime(doorbell.attributes["occurred_at"])
    assert rang is not None
    assert dt_util.utcnow() - rang > timedelta(minutes=2)


@on_a_fixed_date
async def test_open_only_while_the_ring_is_fresh(
    hass: HomeAssistant,
    *,
    server: CommunityServer,
    phone: Phone,
    automate: Automate,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A ring a minute old gets Open for the minute it has left, then the notification goes."""
    await automate({"open_window": {"minutes": 5}, "max_ring_age": {"minutes": 2}})
    server.ring(NORTH_GATE, HOME)
    freezer.tick(timedelta(minutes=1))
    [notification] = await wait_for_calls(hass, phone.notifications, 1)
    assert [b["title"] for b in notification.data["data"]["actions"]] == ["Open", "Ignore"]

    freezer.tick(timedelta(minutes=1, seconds=1))
    async_fire_time_changed(hass)
    await wait_for_calls(hass, phone.notifications, 2)
    _answer(hass, notification, "Open")
    await hass.async_block_till_done()

    assert _cleared(phone, notification.data["data"]["tag"])
    assert hass.states.get("lock.north_gate_door").state == LockState.LOCKED
