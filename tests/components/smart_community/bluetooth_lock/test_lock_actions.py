"""What the lock's actions say when they are asked wrongly, and how they find their lock."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.service import async_get_all_descriptions
import pytest

from custom_components.smart_community.const import DOMAIN
from simulator.blelock import VirtualLock

from .conftest import ADDRESS
from .users import lock_action, users


async def test_the_lock_device_is_a_target(
    hass: HomeAssistant, lock_entry: ConfigEntry, virtual_lock: VirtualLock
) -> None:
    """The lock's device works as well as its lock entity."""
    device = dr.async_get(hass).async_get_device_by_connection(
        ("bluetooth", ADDRESS), lock_entry.entry_id
    )
    assert device is not None

    response = await hass.services.async_call(
        DOMAIN,
        "set_code",
        {"device_id": device.id, "code": "2468"},
        blocking=True,
        return_response=True,
    )

    assert response == {"user_slot": 1, "credential_type": "pin", "credential_index": 1}
    assert virtual_lock.enter_pin("2468")


@pytest.mark.usefixtures("lock_entry")
async def test_one_lock_must_be_targeted(hass: HomeAssistant) -> None:
    """A target that is no lock is refused before anything is sent."""
    hass.states.async_set("light.hall", "on")
    for target in ({"entity_id": "light.hall"}, {"device_id": "no-such-device"}):
        with pytest.raises(ServiceValidationError) as failure:
            await hass.services.async_call(
                DOMAIN, "list_users", target, blocking=True, return_response=True
            )
        assert failure.value.translation_key == "target_one_lock"


async def test_an_unloaded_lock_is_named(hass: HomeAssistant, lock_entry: ConfigEntry) -> None:
    """A lock whose entry is not loaded says which one."""
    assert await hass.config_entries.async_unload(lock_entry.entry_id)
    with pytest.raises(ServiceValidationError) as failure:
        await lock_action(hass, "list_users")
    assert failure.value.translation_key == "lock_not_loaded"
    assert failure.value.translation_placeholders == {"name": "SC-Lock-EE10"}


@pytest.mark.usefixtures("lock_entry")
async def test_bad_requests_are_explained(hass: HomeAssistant) -> None:
    """A code that is not 4-10 digits, or an unclear removal, changes nothing on the lock."""
    for code in ("123", "12345678901", "12a4", "١٢٣٤"):
        with pytest.raises(ServiceValidationError) as failure:
            await lock_action(hass, "set_code", code=code)
        assert failure.value.translation_key == "invalid_code"
    for data in ({}, {"credential_type": "pin"}, {"user_slot": 1, "credential_index": 1}):
        with pytest.raises(ServiceValidationError) as failure:
            await lock_action(hass, "remove_credential", **data)
        assert failure.value.translation_key == "remove_what"
    assert await users(hass) == []


async def test_code_form_explains_refusals(
    hass: HomeAssistant, lock_entry: ConfigEntry, virtual_lock: VirtualLock
) -> None:
    """In the options, a bad or taken code is shown on the form, which can be sent again."""
    await lock_action(hass, "set_code", code="2468")
    result = await hass.config_entries.options.async_init(lock_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "lock_code"}
    )
    flow_id = result["flow_id"]

    for code, error in (
        ("12", {"code": "invalid_code"}),
        ("2468", {"base": "duplicate_credential"}),
    ):
        result = await hass.config_entries.options.async_configure(
            flow_id, {"slot": "1", "code": code}
        )
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == error
    virtual_lock.hang_up_next = True
    await lock_entry.runtime_data.client.disconnect()
    result = await hass.config_entries.options.async_configure(
        flow_id, {"slot": "1", "code": "1357"}
    )
    assert result["errors"] == {"base": "cannot_connect"}

    result = await hass.config_entries.options.async_configure(
        flow_id, {"slot": "1", "code": " 1357 "}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert virtual_lock.enter_pin("1357")
    assert lock_entry.options == {}


@pytest.mark.usefixtures("lock_entry")
async def test_actions_are_described(hass: HomeAssistant) -> None:
    """Home Assistant reads every lock action's target and fields from services.yaml."""
    described = (await async_get_all_descriptions(hass))[DOMAIN]

    lock_target = {
        "entity": [{"integration": DOMAIN, "domain": ["lock"]}],
        "device": [{"integration": DOMAIN}],
    }
    for action, fields in (
        ("set_code", {"code", "user_slot", "name"}),
        ("enroll_card", {"user_slot", "name"}),
        ("enroll_fingerprint", {"user_slot", "name"}),
        ("remove_credential", {"credential_type", "credential_index", "user_slot"}),
        ("list_users", set()),
        ("create_temporary_code", {"valid_from", "valid_until", "uses", "name"}),
    ):
        assert described[action]["target"] == lock_target, action
        assert set(described[action]["fields"]) == fields, action
