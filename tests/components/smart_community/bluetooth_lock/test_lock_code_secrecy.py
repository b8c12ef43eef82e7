"""Codes reach the lock and the resident's eyes, nothing else: no log line, event, state,
registry entry, entry option or diagnostics."""

from datetime import timedelta
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_LOGGING_CHANGED, MATCH_ALL
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from simulator.blelock import VirtualLock

from .users import lock_action, users

TYPED_IN_OPTIONS = "80417326"
TYPED_IN_ACTION = "5550123"


def _kept(hass: HomeAssistant, entry: ConfigEntry) -> str:
    states = [(state.state, dict(state.attributes)) for state in hass.states.async_all()]
    entities = [entity.as_partial_dict for entity in er.async_get(hass).entities.values()]
    devices = [device.dict_repr for device in dr.async_get(hass).devices]
    return repr((states, entities, devices, dict(entry.data), dict(entry.options)))


async def _type_in_options(hass: HomeAssistant, entry: ConfigEntry, code: str) -> None:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "lock_code"}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"slot": "new", "code": code}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.fixture
def everything_logged(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> pytest.LogCaptureFixture:
    """Every logger at DEBUG, Home Assistant's event bus printing each event included."""
    caplog.set_level(logging.DEBUG)
    hass.bus.async_fire(EVENT_LOGGING_CHANGED)
    return caplog


@pytest.fixture
def bus(hass: HomeAssistant) -> list[Event]:
    """Every event fired on the bus (what the recorder would keep)."""
    fired: list[Event] = []

    @callback
    def record(event: Event) -> None:
        fired.append(event)

    hass.bus.async_listen(MATCH_ALL, record)
    return fired


async def test_codes_are_nowhere_but_the_lock_and_the_response(
    hass: HomeAssistant,
    *,
    hass_client: ClientSessionGenerator,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    everything_logged: pytest.LogCaptureFixture,
    bus: list[Event],
) -> None:
    """A PIN typed in the options, and the codes drawn for set_code and a visitor, open the
    door and are found in no log line, event, state, registry, entry or diagnostics."""
    await _type_in_options(hass, lock_entry, TYPED_IN_OPTIONS)
    drawn = await lock_action(hass, "set_code", name="Grandma")
    visitor = await lock_action(
        hass,
        "create_temporary_code",
        valid_until=(dt_util.now() + timedelta(hours=2)).isoformat(),
        uses=1,
        name="Li Lei",
    )
    await users(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, lock_entry)

    codes = (TYPED_IN_OPTIONS, drawn["code"], visitor["code"])
    for code in codes:
        assert virtual_lock.enter_pin(code)
        assert code not in everything_logged.text
        assert code not in repr([event.data for event in bus])
        assert code not in _kept(hass, lock_entry)
        assert code not in str(diagnostics)
    assert "Grandma" not in str(diagnostics)
    assert "Li Lei" not in str(diagnostics)


async def test_a_code_in_an_actions_data_is_on_the_bus(
    hass: HomeAssistant,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    everything_logged: pytest.LogCaptureFixture,
    bus: list[Event],
) -> None:
    """Why the options form exists: Home Assistant itself announces an action's data on the
    bus (and prints it at debug), so a code typed into set_code is seen there; the lock's
    part stays silent, and the response does not echo it."""
    response = await lock_action(hass, "set_code", code=TYPED_IN_ACTION)

    assert "code" not in response
    assert virtual_lock.enter_pin(TYPED_IN_ACTION)
    assert TYPED_IN_ACTION in repr([event.data for event in bus])
    assert TYPED_IN_ACTION in everything_logged.text
    ours = [
        record.getMessage()
        for record in everything_logged.records
        if record.name.startswith("custom_components.smart_community")
    ]
    assert not [line for line in ours if TYPED_IN_ACTION in line]
    assert TYPED_IN_ACTION not in _kept(hass, lock_entry)
