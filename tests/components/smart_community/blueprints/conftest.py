"""Blueprints run as real automations, in a config folder of their own."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from homeassistant.components.automation import DOMAIN as AUTOMATION_DOMAIN
from homeassistant.const import EVENT_CALL_SERVICE
from homeassistant.core import Event, HomeAssistant, ServiceCall, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util, slugify
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.smart_community.const import DOMAIN
from tests.components.smart_community.account.conftest import entry, loopback, server
from tests.components.smart_community.bluetooth_lock.conftest import (
    advertise,
    lock_entry,
    proxy,
    radio,
    virtual_lock,
)

__all__ = [
    "advertise",
    "entry",
    "lock_entry",
    "loopback",
    "proxy",
    "radio",
    "server",
    "virtual_lock",
]

BLUEPRINTS = Path(__file__).resolve().parents[4] / "custom_components" / DOMAIN / "blueprints"


@pytest.fixture
def hass_config_dir(tmp_path: Path) -> str:
    """An empty config folder, so what the integration installs is seen and cleaned up."""
    config = tmp_path / "config"
    config.mkdir()
    return str(config)


@dataclass
class Phone:
    """A phone of the Companion app, and the notifications it was sent."""

    device_id: str
    notifications: list[ServiceCall]


def add_phone(hass: HomeAssistant, name: str) -> Phone:
    """A phone registered by the Companion app, its notify action recorded."""
    app = MockConfigEntry(domain="mobile_app", title=name)
    app.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=app.entry_id, identifiers={("mobile_app", name)}, name=name
    )
    return Phone(device.id, async_mock_service(hass, "notify", f"mobile_app_{slugify(name)}"))


@pytest.fixture
def phone(hass: HomeAssistant) -> Phone:
    """The resident's phone."""
    return add_phone(hass, "Pixel 9")


type UseBlueprint = Callable[[str, dict[str, Any]], Awaitable[None]]


@pytest.fixture
async def use_blueprint(hass: HomeAssistant) -> AsyncIterator[UseBlueprint]:
    """Make an automation from one of the integration's installed blueprints.

    Ask for this fixture after the entries: its automations stop before they are unloaded,
    so no run is left waiting when the entries wait for their tasks.
    """

    async def use(name: str, inputs: dict[str, Any]) -> None:
        assert await async_setup_component(hass, DOMAIN, {})
        config = {
            "id": name,
            "alias": name,
            "use_blueprint": {"path": f"{DOMAIN}/{name}.yaml", "input": inputs},
        }
        assert await async_setup_component(hass, AUTOMATION_DOMAIN, {AUTOMATION_DOMAIN: [config]})
        await hass.async_block_till_done()
        state = hass.states.get(f"{AUTOMATION_DOMAIN}.{name}")
        assert state is not None, f"automation from {name} was not set up"
        assert state.state == "on"

    yield use
    if hass.services.has_service(AUTOMATION_DOMAIN, "turn_off"):
        await hass.services.async_call(
            AUTOMATION_DOMAIN, "turn_off", {"entity_id": "all"}, blocking=True
        )


def minutes_pass(hass: HomeAssistant, minutes: float) -> None:
    """Run what Home Assistant has scheduled for the next minutes (and a second more)."""
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=minutes, seconds=1))


async def wait_for_calls(
    hass: HomeAssistant, calls: list[ServiceCall], count: int, within: float = 10.0
) -> list[ServiceCall]:
    """The recorded calls once there are count of them; fails the test after within seconds."""
    enough: asyncio.Future[None] = hass.loop.create_future()

    @callback
    def check() -> None:
        if len(calls) >= count and not enough.done():
            enough.set_result(None)

    @callback
    def any_call(_event: Event) -> None:
        # A call is announced just before its handler runs; look once the handler has run.
        hass.loop.call_soon(check)

    check()
    unsubscribe = hass.bus.async_listen(EVENT_CALL_SERVICE, any_call)
    try:
        async with asyncio.timeout(within):
            await enough
    finally:
        unsubscribe()
    return calls
