"""Temporary codes for visitors: the lock's keypad takes them only in their window and uses."""

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util import dt as dt_util
import pytest

from simulator.blelock import VirtualLock

from .users import lock_action, users


@pytest.mark.usefixtures("lock_entry")
async def test_code_works_in_its_window_and_for_its_uses(
    hass: HomeAssistant, virtual_lock: VirtualLock, freezer: FrozenDateTimeFactory
) -> None:
    """Refused before the window, accepted twice inside it, then used up."""
    start = dt_util.now().replace(microsecond=0) + timedelta(hours=1)
    created = await lock_action(
        hass,
        "create_temporary_code",
        valid_from=start.isoformat(),
        valid_until=(start + timedelta(hours=2)).isoformat(),
        uses=2,
        name="Li Lei",
    )

    code = created["code"]
    assert len(code) == 6
    assert code.isdigit()
    assert created == {
        "code": code,
        "user_slot": 1,
        "valid_from": start.isoformat(),
        "valid_until": (start + timedelta(hours=2)).isoformat(),
        "uses": 2,
    }
    assert not virtual_lock.enter_pin(code)

    freezer.move_to(start + timedelta(minutes=1))
    assert virtual_lock.enter_pin(code)
    assert virtual_lock.enter_pin(code)
    assert not virtual_lock.enter_pin(code)
    [visitor] = await users(hass)
    assert visitor["kind"] == "temporary"
    assert visitor["name"] == "Li Lei"
    assert visitor["uses_left"] == 0
    assert visitor["credentials"] == [{"credential_type": "pin", "credential_index": 1}]


@pytest.mark.usefixtures("lock_entry")
async def test_code_refused_after_its_window(
    hass: HomeAssistant, virtual_lock: VirtualLock, freezer: FrozenDateTimeFactory
) -> None:
    """A code without a use limit, valid from now: accepted until its end, not after."""
    end = dt_util.now().replace(microsecond=0) + timedelta(hours=3)
    created = await lock_action(hass, "create_temporary_code", valid_until=end.isoformat())

    assert created["uses"] is None
    assert virtual_lock.enter_pin(created["code"])
    freezer.move_to(end - timedelta(seconds=1))
    assert virtual_lock.enter_pin(created["code"])
    freezer.move_to(end)
    assert not virtual_lock.enter_pin(created["code"])


@pytest.mark.usefixtures("lock_entry")
async def test_window_must_lie_ahead(hass: HomeAssistant) -> None:
    """A window that ends before it starts, or is over, makes no code and no user."""
    now = dt_util.now()
    for valid_from, valid_until in (
        (now + timedelta(hours=2), now + timedelta(hours=1)),
        (now - timedelta(hours=2), now - timedelta(hours=1)),
    ):
        with pytest.raises(ServiceValidationError) as failure:
            await lock_action(
                hass,
                "create_temporary_code",
                valid_from=valid_from.isoformat(),
                valid_until=valid_until.isoformat(),
            )
        assert failure.value.translation_key == "bad_code_validity"
    assert await users(hass) == []


@pytest.mark.usefixtures("lock_entry")
async def test_full_lock_makes_no_visitor(hass: HomeAssistant, virtual_lock: VirtualLock) -> None:
    """No user slot left: the resident is told, nothing is half made."""
    virtual_lock.table.max_users = 0
    with pytest.raises(HomeAssistantError) as failure:
        await lock_action(
            hass,
            "create_temporary_code",
            valid_until=(dt_util.now() + timedelta(hours=1)).isoformat(),
        )
    assert failure.value.translation_key == "table_full"


async def test_past_visitors_make_room(
    hass: HomeAssistant,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A full lock drops visitors whose time is over for a new one; residents stay."""
    virtual_lock.table.max_users = 3
    await lock_action(hass, "set_code", code="2468", name="Grandma")
    now = dt_util.now()
    over = await lock_action(
        hass,
        "create_temporary_code",
        valid_until=(now + timedelta(hours=1)).isoformat(),
        name="Yesterday",
    )
    used = await lock_action(
        hass, "create_temporary_code", valid_until=(now + timedelta(days=2)).isoformat(), uses=1
    )
    assert virtual_lock.enter_pin(used["code"])
    freezer.move_to(now + timedelta(hours=2))

    created = await lock_action(
        hass,
        "create_temporary_code",
        valid_until=(now + timedelta(hours=5)).isoformat(),
        name="Li Lei",
    )

    assert virtual_lock.enter_pin(created["code"])
    assert not virtual_lock.enter_pin(over["code"])
    assert [(u["user_slot"], u["name"]) for u in await users(hass)] == [
        (1, "Grandma"),
        (created["user_slot"], "Li Lei"),
    ]
    assert lock_entry.options == {
        "users": {"1": {"name": "Grandma"}, str(created["user_slot"]): {"name": "Li Lei"}}
    }


@pytest.mark.usefixtures("lock_entry")
async def test_full_of_current_visitors(hass: HomeAssistant, virtual_lock: VirtualLock) -> None:
    """Visitors whose codes still work are never dropped: the table is full."""
    virtual_lock.table.max_users = 1
    until = (dt_util.now() + timedelta(hours=1)).isoformat()
    await lock_action(hass, "create_temporary_code", valid_until=until)
    with pytest.raises(HomeAssistantError) as failure:
        await lock_action(hass, "create_temporary_code", valid_until=until)
    assert failure.value.translation_key == "table_full"
