"""Users by name: typed in the lock's options or a linked person, carried by Activity events."""

from collections.abc import Callable

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from simulator.blelock import VirtualLock

from .conftest import past_the_read_cooldown
from .users import ACTIVITY, lock_action, users

UNLOCK, LOCK = 0x02, 0x01
FINGERPRINT, PIN, MANUAL = 1, 2, 7


async def _name(hass: HomeAssistant, entry: ConfigEntry, slot: str, **named: str) -> None:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "lock_users"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "lock_users"
    result = await hass.config_entries.options.async_configure(result["flow_id"], {"slot": slot})
    assert result["step_id"] == "lock_user"
    assert result["description_placeholders"] == {"slot": slot}
    result = await hass.config_entries.options.async_configure(result["flow_id"], named)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.fixture
async def li_na(hass: HomeAssistant) -> str:
    """A person of Home Assistant."""
    assert await async_setup_component(
        hass, "person", {"person": [{"id": "li_na", "name": "Li Na"}]}
    )
    return "person.li_na"


async def test_names_from_options_and_people(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, lock_entry: ConfigEntry, li_na: str
) -> None:
    """One slot gets a typed name, another a person; clearing both forgets the name."""
    for code in ("2468", "1357", "9753"):
        await lock_action(hass, "set_code", code=code)

    await _name(hass, lock_entry, "1", name=" Grandma ")
    await _name(hass, lock_entry, "2", person=li_na)

    assert lock_entry.options == {
        "users": {"1": {"name": "Grandma"}, "2": {"person": "person.li_na"}}
    }
    assert [(u["user_slot"], u["name"], u["person"]) for u in await users(hass)] == [
        (1, "Grandma", None),
        (2, "Li Na", "person.li_na"),
        (3, None, None),
    ]
    result = await hass.config_entries.options.async_init(lock_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "lock_users"}
    )
    schema = result["data_schema"].schema
    [slot_selector] = schema.values()
    labels = [option["label"] for option in slot_selector.config["options"]]
    assert labels == ["1 · Grandma", "2 · Li Na", "3"]
    hass.config_entries.options.async_abort(result["flow_id"])

    await _name(hass, lock_entry, "1", name="")
    assert lock_entry.options == {"users": {"2": {"person": "person.li_na"}}}
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, lock_entry)
    assert diagnostics["options"] == {"users": {"2": {"person": "**REDACTED**"}}}

    hass.states.async_remove(li_na)
    assert [user["name"] for user in await users(hass)] == [None, None, None]


async def test_activity_carries_the_name(
    hass: HomeAssistant,
    *,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
    freezer: FrozenDateTimeFactory,
    li_na: str,
) -> None:
    """The event names the user by option or person; unnamed and no user give None."""
    await lock_action(hass, "set_code", code="2468", name="Grandma")
    await lock_action(hass, "set_code", code="1357")
    await lock_action(hass, "set_code", code="9753")
    await _name(hass, lock_entry, "2", person=li_na)
    await past_the_read_cooldown(hass, freezer)
    names: list[tuple[int | None, str | None]] = []

    @callback
    def record(event: Event[EventStateChangedData]) -> None:
        attributes = event.data["new_state"].attributes
        names.append((attributes["user_slot"], attributes["user_name"]))

    remove = async_track_state_change_event(hass, ACTIVITY, record)
    assert virtual_lock.enter_pin("2468")
    assert virtual_lock.enter_pin("1357")
    virtual_lock.operate(UNLOCK, PIN, 3)
    virtual_lock.operate(LOCK, MANUAL)
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    remove()

    assert names == [(1, "Grandma"), (2, "Li Na"), (3, None), (None, None)]


async def test_options_need_the_lock(
    hass: HomeAssistant, lock_entry: ConfigEntry, virtual_lock: VirtualLock
) -> None:
    """No users yet, the lock out of reach, or the entry not loaded: the resident is told."""
    result = await hass.config_entries.options.async_init(lock_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "lock_users"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_lock_users"

    await lock_entry.runtime_data.client.disconnect()
    virtual_lock.hang_up_next = True
    result = await hass.config_entries.options.async_init(lock_entry.entry_id)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "lock_unreachable"
    assert result["description_placeholders"] == {"name": "SC-Lock-EE10"}

    assert await hass.config_entries.async_unload(lock_entry.entry_id)
    result = await hass.config_entries.options.async_init(lock_entry.entry_id)
    assert result["reason"] == "lock_not_loaded"
