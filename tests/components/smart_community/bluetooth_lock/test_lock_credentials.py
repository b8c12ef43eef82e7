"""PIN codes, cards and fingerprints added and removed through the lock's actions."""

import asyncio
from collections.abc import Callable
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.smart_community.blelock import CredentialType
from simulator.blelock import VirtualLock, VirtualRadio
from tests.components.smart_community.account.conftest import wait_for_state

from .users import ENROLMENT, lock_action, users

CARD = b"\x04\x5a\x1c\x22\x6f\x80"
FINGER = b"left index"


def _prompt(prompt: str, touches: int | None = None) -> Callable[[State], bool]:
    return lambda state: (
        state.state == prompt and (touches is None or state.attributes["touches"] == touches)
    )


@pytest.mark.usefixtures("lock_entry")
async def test_pin_code_added_and_removed(hass: HomeAssistant, virtual_lock: VirtualLock) -> None:
    """A new user gets a PIN code that opens the door; removing it closes the keypad to it."""
    added = await lock_action(hass, "set_code", code="2468", name="Grandma")

    assert added == {"user_slot": 1, "credential_type": "pin", "credential_index": 1}
    assert virtual_lock.enter_pin("2468")
    assert await users(hass) == [
        {
            "user_slot": 1,
            "kind": "resident",
            "name": "Grandma",
            "person": None,
            "valid_from": None,
            "valid_until": None,
            "uses_left": None,
            "credentials": [{"credential_type": "pin", "credential_index": 1}],
        }
    ]

    await lock_action(hass, "set_code", code="13579", user_slot=1)
    await lock_action(hass, "remove_credential", credential_type="pin", credential_index=1)
    assert not virtual_lock.enter_pin("2468")
    assert virtual_lock.enter_pin("13579")


@pytest.mark.usefixtures("lock_entry")
async def test_removing_a_user_forgets_its_name(
    hass: HomeAssistant, lock_entry: ConfigEntry, virtual_lock: VirtualLock
) -> None:
    """A removed user takes every credential with it, and its name goes from the options."""
    await lock_action(hass, "set_code", code="2468", name="Cleaner")
    assert lock_entry.options == {"users": {"1": {"name": "Cleaner"}}}

    await lock_action(hass, "remove_credential", user_slot=1)

    assert not virtual_lock.enter_pin("2468")
    assert await users(hass) == []
    assert lock_entry.options == {"users": {}}


@pytest.mark.usefixtures("lock_entry")
async def test_card_enrolled_and_removed(
    hass: HomeAssistant, virtual_lock: VirtualLock, radio: VirtualRadio
) -> None:
    """The lock waits for a card while the sensor asks for it; the card then opens the door."""
    await lock_action(hass, "set_code", code="2468")
    enrolling = asyncio.create_task(lock_action(hass, "enroll_card", user_slot=1))
    await wait_for_state(hass, ENROLMENT, _prompt("present_card"))
    async with asyncio.timeout(10):
        await radio.wait_until(lambda: virtual_lock.enrolment is not None)

    virtual_lock.present_card(CARD)

    assert await enrolling == {"user_slot": 1, "credential_type": "card", "credential_index": 1}
    assert hass.states.get(ENROLMENT).state == "enrolled"
    assert virtual_lock.present_card(CARD)
    [user] = await users(hass)
    assert user["credentials"] == [
        {"credential_type": "pin", "credential_index": 1},
        {"credential_type": "card", "credential_index": 1},
    ]

    await lock_action(hass, "remove_credential", credential_type="card", credential_index=1)
    assert not virtual_lock.present_card(CARD)


@pytest.mark.usefixtures("lock_entry")
async def test_fingerprint_enrolment_prompts(
    hass: HomeAssistant, virtual_lock: VirtualLock
) -> None:
    """Each touch moves the prompt on, until the finger is added and opens the door."""
    enrolling = asyncio.create_task(lock_action(hass, "enroll_fingerprint", name="Li Na"))
    state = await wait_for_state(hass, ENROLMENT, _prompt("touch_sensor", 0))
    assert state.attributes["touches_needed"] == 4

    for touches in (1, 2, 3):
        virtual_lock.touch_fingerprint(FINGER)
        await wait_for_state(hass, ENROLMENT, _prompt("touch_again", touches))
    virtual_lock.touch_fingerprint(FINGER)

    assert await enrolling == {
        "user_slot": 1,
        "credential_type": "fingerprint",
        "credential_index": 1,
    }
    assert hass.states.get(ENROLMENT).state == "enrolled"
    assert virtual_lock.touch_fingerprint(FINGER)
    [user] = await users(hass)
    assert user["name"] == "Li Na"

    await lock_action(hass, "remove_credential", credential_type="fingerprint", credential_index=1)
    assert not virtual_lock.touch_fingerprint(FINGER)


@pytest.mark.usefixtures("lock_entry")
async def test_enrolment_times_out(
    hass: HomeAssistant, virtual_lock: VirtualLock, freezer: FrozenDateTimeFactory
) -> None:
    """Nobody touches the sensor: a translated timeout, and no empty user is left behind."""
    enrolling = asyncio.create_task(lock_action(hass, "enroll_fingerprint"))
    await wait_for_state(hass, ENROLMENT, _prompt("touch_sensor", 0))
    virtual_lock.touch_fingerprint(FINGER)
    await wait_for_state(hass, ENROLMENT, _prompt("touch_again", 1))

    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)

    with pytest.raises(HomeAssistantError) as failure:
        await enrolling
    assert failure.value.translation_key == "enrolment_timed_out"
    assert str(failure.value) == (
        "Nobody presented a card or touched the sensor in time. Run the action again and "
        "follow the lock's Enrolment sensor"
    )
    assert hass.states.get(ENROLMENT).state == "timed_out"
    assert await users(hass) == []


@pytest.mark.usefixtures("lock_entry")
async def test_cancelled_enrolment_cleans_up(
    hass: HomeAssistant, virtual_lock: VirtualLock, radio: VirtualRadio
) -> None:
    """An enrolment stopped midway (Home Assistant stopping, a script cancelled) stops the
    lock waiting, removes the user made for it and stops prompting."""
    enrolling = asyncio.create_task(lock_action(hass, "enroll_fingerprint"))
    await wait_for_state(hass, ENROLMENT, _prompt("touch_sensor", 0))

    enrolling.cancel()
    with pytest.raises(asyncio.CancelledError):
        await enrolling

    assert virtual_lock.enrolment is None
    assert hass.states.get(ENROLMENT).state == "failed"
    assert await users(hass) == []


@pytest.mark.usefixtures("lock_entry")
async def test_duplicate_code_refused(hass: HomeAssistant, virtual_lock: VirtualLock) -> None:
    """A PIN another user has is refused with its own message; the new user is not kept."""
    await lock_action(hass, "set_code", code="2468")

    with pytest.raises(HomeAssistantError) as failure:
        await lock_action(hass, "set_code", code="2468", name="Someone")

    assert failure.value.translation_key == "duplicate_credential"
    assert str(failure.value) == (
        "Another user of the lock already has this PIN code, card or fingerprint"
    )
    assert [user["user_slot"] for user in await users(hass)] == [1]


@pytest.mark.usefixtures("lock_entry")
async def test_duplicate_card_refused(
    hass: HomeAssistant, virtual_lock: VirtualLock, radio: VirtualRadio
) -> None:
    """A card another user holds is refused at the reader; the user made for it is removed."""
    await lock_action(hass, "set_code", code="2468")
    virtual_lock.table.add(CredentialType.CARD, 1, CARD)
    enrolling = asyncio.create_task(lock_action(hass, "enroll_card"))
    async with asyncio.timeout(10):
        await radio.wait_until(lambda: virtual_lock.enrolment is not None)

    virtual_lock.present_card(CARD)

    with pytest.raises(HomeAssistantError) as failure:
        await enrolling
    assert failure.value.translation_key == "duplicate_credential"
    assert hass.states.get(ENROLMENT).state == "failed"
    assert [user["user_slot"] for user in await users(hass)] == [1]


@pytest.mark.usefixtures("lock_entry")
async def test_full_table_refused(hass: HomeAssistant, virtual_lock: VirtualLock) -> None:
    """A lock with no free user slot says so; so does one with no free card index."""
    virtual_lock.table.max_users = 1
    virtual_lock.table.max_credentials = 1
    await lock_action(hass, "set_code", code="2468")

    with pytest.raises(HomeAssistantError) as failure:
        await lock_action(hass, "set_code", code="1357")
    assert failure.value.translation_key == "table_full"
    assert str(failure.value) == (
        "The lock has no room for another user or credential. Remove one you no longer need first"
    )
    with pytest.raises(HomeAssistantError) as failure:
        await lock_action(hass, "set_code", code="1357", user_slot=1)
    assert failure.value.translation_key == "table_full"


@pytest.mark.usefixtures("lock_entry")
async def test_unknown_user_or_credential(hass: HomeAssistant) -> None:
    """Adding to or removing what the lock does not hold is explained."""
    for action, data in (
        ("set_code", {"code": "2468", "user_slot": 7}),
        ("remove_credential", {"credential_type": "card", "credential_index": 3}),
        ("remove_credential", {"user_slot": 7}),
        ("enroll_card", {"user_slot": 7}),
    ):
        with pytest.raises(HomeAssistantError) as failure:
            await lock_action(hass, action, **data)
        assert failure.value.translation_key == "user_not_found", action
    assert hass.states.get(ENROLMENT).state == "failed"
