"""Calls at a door station: answered and ended on the doorbell, Answer, Decline, call state."""

from collections.abc import AsyncIterator, Callable
from datetime import datetime

import aiohttp
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest

from custom_components.smart_community.community import CommunityClient
from simulator.community import CommunityServer

from .conftest import HOME, wait_for_state

NORTH_GATE = "door-north-gate"
DOORBELL = "event.north_gate_doorbell"
CALL_STATE = "sensor.north_gate_call"
ANSWER = "button.north_gate_answer_call"
DECLINE = "button.north_gate_decline_call"


def fired_as(event_type: str) -> Callable[[State], bool]:
    """The doorbell's latest event is of that type."""
    return lambda state: state.attributes.get("event_type") == event_type


def call_is(status: str) -> Callable[[State], bool]:
    """The call-state sensor shows status."""
    return lambda state: state.state == status


async def press(hass: HomeAssistant, button: str) -> None:
    """Press a button the way the dashboard does, waiting for the result."""
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: button}, blocking=True
    )


async def ringing(hass: HomeAssistant, server: CommunityServer) -> str:
    """A visitor calls the resident's home at the north gate; the call's id once it shows."""
    call_id = server.ring(NORTH_GATE, HOME)
    await wait_for_state(hass, CALL_STATE, call_is("ringing"))
    return call_id


@pytest.fixture
async def housemate(server: CommunityServer) -> AsyncIterator[CommunityClient]:
    """Liu Yang, who lives in the same home, signed in on their own phone."""
    async with aiohttp.ClientSession() as session:
        client = CommunityClient(session, server.url)
        await client.login("resident3", "demo-password-3")
        yield client


async def test_answer_then_the_visitor_hangs_up(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """Answer is a round trip to the platform; the doorbell and the call state follow it."""
    assert hass.states.get(CALL_STATE).state == "idle"
    call_id = await ringing(hass, server)

    await press(hass, ANSWER)

    answered = await wait_for_state(hass, DOORBELL, fired_as("answered"))
    assert answered.attributes["call_id"] == call_id
    assert answered.attributes["answered_by"] == "app"
    assert answered.attributes["replayed"] is False
    assert datetime.fromisoformat(answered.attributes["occurred_at"]).tzinfo is not None
    await wait_for_state(hass, CALL_STATE, call_is("answered"))
    assert server.state.calls[call_id].state == "answered"

    server.end_call(call_id, "hung_up")

    ended = await wait_for_state(hass, DOORBELL, fired_as("ended"))
    assert ended.attributes["reason"] == "hung_up"
    await wait_for_state(hass, CALL_STATE, call_is("idle"))


async def test_decline_stops_the_ringing(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """Decline ends the call at the gate: the platform records it declined."""
    call_id = await ringing(hass, server)

    await press(hass, DECLINE)

    ended = await wait_for_state(hass, DOORBELL, fired_as("ended"))
    assert ended.attributes["call_id"] == call_id
    assert ended.attributes["reason"] == "declined"
    await wait_for_state(hass, CALL_STATE, call_is("idle"))
    assert server.state.calls[call_id].state == "declined"


async def test_opening_the_gate_ends_the_call(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """Let in from the app: the call is over, ended because the door opened."""
    call_id = await ringing(hass, server)

    await hass.services.async_call(
        "lock", "open", {ATTR_ENTITY_ID: "lock.north_gate_door"}, blocking=True
    )

    ended = await wait_for_state(hass, DOORBELL, fired_as("ended"))
    assert (ended.attributes["call_id"], ended.attributes["reason"]) == (call_id, "opened")
    await wait_for_state(hass, CALL_STATE, call_is("idle"))


@pytest.mark.parametrize("button", [ANSWER, DECLINE])
async def test_offline_station_says_so(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, button: str
) -> None:
    """A station that went offline cannot take the call: a translated refusal, still ringing."""
    call_id = await ringing(hass, server)
    server.set_online(NORTH_GATE, False)

    with pytest.raises(HomeAssistantError) as raised:
        await press(hass, button)

    assert raised.value.translation_key == "device_offline"
    assert server.state.calls[call_id].state == "ringing"
    assert hass.states.get(CALL_STATE).state == "ringing"


async def test_answered_at_the_indoor_unit(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """Picked up at home: the doorbell says where, and there is nothing left to answer."""
    call_id = await ringing(hass, server)

    server.answer_at_indoor_unit(call_id)

    answered = await wait_for_state(hass, DOORBELL, fired_as("answered"))
    assert answered.attributes["answered_by"] == "indoor_unit"
    await wait_for_state(hass, CALL_STATE, call_is("answered"))
    for button in (ANSWER, DECLINE):
        with pytest.raises(ServiceValidationError) as raised:
            await press(hass, button)
        assert raised.value.translation_key == "no_call"


async def test_another_resident_answers_first(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    housemate: CommunityClient,
) -> None:
    """Both press Answer; the housemate's phone was first, so ours hears it is taken."""
    call_id = await ringing(hass, server)
    # Both commands are accepted while the call still rings; the housemate's completes first.
    server.command_delay = 0.5
    await housemate.answer_call(call_id)

    with pytest.raises(HomeAssistantError) as raised:
        await press(hass, ANSWER)

    assert raised.value.translation_key == "call_taken"
    answered = await wait_for_state(hass, DOORBELL, fired_as("answered"))
    assert answered.attributes["answered_by"] == "another_resident"


async def test_answering_a_call_that_is_over(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The platform refuses to answer a call that is no longer ringing: translated, too."""
    call_id = await ringing(hass, server)
    server.answer_at_indoor_unit(call_id)
    # The answer request reaches the platform before its event reaches Home Assistant.
    with pytest.raises(HomeAssistantError) as raised:
        await entry.runtime_data.async_command(
            entry.runtime_data.client.answer_call(call_id), "call_taken"
        )

    assert raised.value.translation_key == "call_taken"


async def test_a_call_going_on_survives_a_reload(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """After a restart the call log says which call still rings or is being answered."""
    await ringing(hass, server)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(CALL_STATE).state == "ringing"

    # A newer call answered at home: that is the one the gate is busy with.
    server.answer_at_indoor_unit(server.ring(NORTH_GATE, HOME))
    await wait_for_state(hass, CALL_STATE, call_is("answered"))
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(CALL_STATE).state == "answered"


async def test_an_old_unended_call_is_not_news(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The newest call at a gate decides: an older one the platform never ended is ignored."""
    await ringing(hass, server)
    newer = server.ring(NORTH_GATE, HOME)
    server.end_call(newer, "missed")
    await wait_for_state(hass, CALL_STATE, call_is("idle"))

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()

    assert hass.states.get(CALL_STATE).state == "idle"
