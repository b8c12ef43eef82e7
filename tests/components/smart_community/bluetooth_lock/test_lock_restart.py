"""A paired lock across a Home Assistant restart: activity keeps arriving as events."""

from collections.abc import Callable
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from simulator.blelock import VirtualLock

from .conftest import restart

ACTIVITY = "event.sc_lock_ee10_activity"
FINGERPRINT, MANUAL = 1, 7


async def _activity(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    advertise: Callable[[], None],
    use: Callable[[], None],
    times: list[tuple[str, bool]] | None = None,
) -> list[tuple[str, str]]:
    """The activity events Home Assistant fires after `use` of the lock is advertised."""
    # Past the poll cooldown, so this use is read at once.
    freezer.tick(timedelta(seconds=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    events: list[tuple[str, str]] = []
    times = [] if times is None else times

    @callback
    def record(event: Event[EventStateChangedData]) -> None:
        new_state = event.data["new_state"]
        assert new_state is not None
        events.append((new_state.attributes["event_type"], new_state.attributes["method"]))
        times.append((new_state.attributes["occurred_at"], new_state.attributes["replayed"]))

    remove = async_track_state_change_event(hass, ACTIVITY, record)
    use()
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    remove()
    return events


async def test_first_activity_after_restart_is_an_event(
    hass: HomeAssistant,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
    freezer: FrozenDateTimeFactory,
) -> None:
    """The lock's advertisement does not change while Home Assistant starts, yet the first
    use of the lock afterwards is reported, not taken for history."""
    await restart(hass, lock_entry)

    events = await _activity(
        hass, freezer, advertise, lambda: virtual_lock.operate(0x02, FINGERPRINT, 3)
    )

    assert events == [("unlocked", "fingerprint")]


async def test_activity_while_stopped_is_reported(
    hass: HomeAssistant,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
    freezer: FrozenDateTimeFactory,
) -> None:
    """What happened at the door while Home Assistant was down arrives once it is back, with
    the lock's time and marked as late; what happens afterwards is news."""
    used_at = dt_util.utcnow().replace(microsecond=0)

    def while_down() -> None:
        virtual_lock.operate(0x02, FINGERPRINT, 3)
        freezer.tick(timedelta(minutes=5))

    await restart(hass, lock_entry, while_down)
    times: list[tuple[str, bool]] = []

    events = await _activity(
        hass, freezer, advertise, lambda: virtual_lock.operate(0x01, MANUAL), times
    )

    assert events == [("unlocked", "fingerprint"), ("locked", "manual")]
    assert times[0] == (used_at.isoformat(), True)
    assert times[1][1] is False


async def test_restarted_log_starts_again(
    hass: HomeAssistant,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
    freezer: FrozenDateTimeFactory,
) -> None:
    """A lock whose log restarted behind the remembered position is read from its new end,
    so its later activity is not held back."""

    def use_twice() -> None:
        virtual_lock.operate(0x01, MANUAL)
        virtual_lock.operate(0x01, MANUAL)

    def restart_log_and_use() -> None:
        virtual_lock.log.clear()
        virtual_lock.next_log_index = 0
        virtual_lock.operate(0x01, MANUAL)

    assert len(await _activity(hass, freezer, advertise, use_twice)) == 2
    assert await _activity(hass, freezer, advertise, restart_log_and_use) == []

    events = await _activity(
        hass, freezer, advertise, lambda: virtual_lock.operate(0x02, FINGERPRINT)
    )

    assert events == [("unlocked", "fingerprint")]
