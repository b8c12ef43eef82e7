"""The family table: which room of the integration serves an entry.

Each config entry records its family (`CONF_FAMILY`) when its config flow creates it; this
module alone writes and reads that key. A family's room holds its setup and unloading, its
platforms, its flow steps, repairs and diagnostics; everything shared (the platform modules,
the config flow, diagnostics, repairs) asks this table which room to call.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, TypeIs

from homeassistant.components.repairs import RepairsFlow
from homeassistant.config_entries import ConfigEntry, ConfigSubentryFlow, OptionsFlow
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .account import (
    binary_sensor as account_binary_sensor,
    button as account_button,
    camera as account_camera,
    event as account_event,
    image as account_image,
    lock as account_lock,
    sensor as account_sensor,
)
from .account.coordinator import CommunityConfigEntry
from .account.diagnostics import account_diagnostics
from .account.entry import (
    async_migrate_entry as migrate_account,
    async_remove_entry as remove_account,
    async_setup_entry as setup_account,
    async_unload_entry as unload_account,
)
from .account.options_flow import CommunityOptionsFlow
from .account.parking_flow import PARKING_SUBENTRY_FLOWS
from .account.repairs import account_fix_flow
from .bluetooth_lock import (
    binary_sensor as lock_binary_sensor,
    event as lock_event,
    lock as lock_lock,
    number as lock_number,
    sensor as lock_sensor,
    switch as lock_switch,
)
from .bluetooth_lock.entry import (
    async_remove_entry as remove_lock,
    async_setup_entry as setup_lock,
    async_unload_entry as unload_lock,
)
from .bluetooth_lock.options_flow import LockOptionsFlow
from .const import CONF_FAMILY, DOMAIN, Family
from .zigbee_sensors.entry import (
    async_setup_entry as setup_zigbee,
    async_unload_entry as unload_zigbee,
)
from .zigbee_sensors.repairs import zigbee_fix_flow

type PlatformSetup = Callable[
    [HomeAssistant, ConfigEntry, AddConfigEntryEntitiesCallback], Awaitable[None]
]
type FixFlow = Callable[[str, dict[str, str | int | float | None] | None], RepairsFlow | None]


@dataclass(frozen=True, slots=True, kw_only=True)
class Room:
    """What one family brings: the parts of Home Assistant's contract it fills in.

    `unload` runs once the family's platforms are unloaded; `migrate` brings an entry of
    version 1 up to the current minor version (without it, there is nothing to change);
    `remove` deletes what an entry kept outside its configuration. The step ids name the
    config flow's steps (the flow mixes in every family's steps).
    """

    setup: Callable[[HomeAssistant, ConfigEntry], Awaitable[bool]]
    unload: Callable[[HomeAssistant, ConfigEntry], Awaitable[None]]
    migrate: Callable[[HomeAssistant, ConfigEntry], Awaitable[bool]] | None = None
    remove: Callable[[HomeAssistant, ConfigEntry], Awaitable[None]] | None = None
    platforms: Mapping[Platform, PlatformSetup] = field(default_factory=dict)
    reauth_step: str | None = None
    reconfigure_step: str | None = None
    options_flow: type[OptionsFlow] | None = None
    subentry_flows: Mapping[str, type[ConfigSubentryFlow]] = field(default_factory=dict)
    diagnostics: Callable[[ConfigEntry], dict[str, Any]] | None = None
    fix_flow: FixFlow | None = None


ROOMS: Final[Mapping[Family, Room]] = {
    Family.COMMUNITY: Room(
        setup=setup_account,
        unload=unload_account,
        migrate=migrate_account,
        remove=remove_account,
        platforms={
            Platform.BINARY_SENSOR: account_binary_sensor.async_setup_entry,
            Platform.BUTTON: account_button.async_setup_entry,
            Platform.CAMERA: account_camera.async_setup_entry,
            Platform.EVENT: account_event.async_setup_entry,
            Platform.IMAGE: account_image.async_setup_entry,
            Platform.LOCK: account_lock.async_setup_entry,
            Platform.SENSOR: account_sensor.async_setup_entry,
        },
        reauth_step="community_reauth",
        reconfigure_step="community_reconfigure",
        options_flow=CommunityOptionsFlow,
        subentry_flows=PARKING_SUBENTRY_FLOWS,
        diagnostics=account_diagnostics,
        fix_flow=account_fix_flow,
    ),
    Family.LOCK: Room(
        setup=setup_lock,
        unload=unload_lock,
        remove=remove_lock,
        platforms={
            Platform.BINARY_SENSOR: lock_binary_sensor.async_setup_entry,
            Platform.EVENT: lock_event.async_setup_entry,
            Platform.LOCK: lock_lock.async_setup_entry,
            Platform.NUMBER: lock_number.async_setup_entry,
            Platform.SENSOR: lock_sensor.async_setup_entry,
            Platform.SWITCH: lock_switch.async_setup_entry,
        },
        reauth_step="lock_reauth",
        reconfigure_step="lock_reconfigure",
        options_flow=LockOptionsFlow,
    ),
    Family.ZIGBEE: Room(setup=setup_zigbee, unload=unload_zigbee, fix_flow=zigbee_fix_flow),
}


def family_data(family: Family, data: Mapping[str, Any]) -> dict[str, Any]:
    """The data of a new entry of family: what its flow collected, and the family itself."""
    return {CONF_FAMILY: family, **data}


def family_of(entry_data: Mapping[str, Any]) -> Family | None:
    """The family an entry's data records; None for data no version of us wrote."""
    try:
        return Family(entry_data[CONF_FAMILY])
    except KeyError, ValueError:
        return None


def room_of(entry: ConfigEntry) -> Room | None:
    """The room of an entry's family."""
    family = family_of(entry.data)
    return None if family is None else ROOMS[family]


def is_community_entry(entry: ConfigEntry) -> TypeIs[CommunityConfigEntry]:
    """Whether an entry is a community account (its runtime data is then its coordinator)."""
    return family_of(entry.data) is Family.COMMUNITY


def community_entries(hass: HomeAssistant) -> list[CommunityConfigEntry]:
    """The community accounts, loaded or not."""
    return [e for e in hass.config_entries.async_entries(DOMAIN) if is_community_entry(e)]


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Set an entry up the way its family does, then its family's platforms."""
    if (room := room_of(entry)) is None or not await room.setup(hass, entry):
        return False
    await hass.config_entries.async_forward_entry_setups(entry, list(room.platforms))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Unload an entry's platforms, then let its family let go of the rest."""
    # Only loaded entries are unloaded, and an entry without a room never loads.
    room = ROOMS[Family(entry.data[CONF_FAMILY])]
    if not await hass.config_entries.async_unload_platforms(entry, list(room.platforms)):
        return False
    await room.unload(hass, entry)
    return True


async def async_migrate_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Bring an entry saved by an older version up to date; a newer major one is refused."""
    if entry.version > 1:
        return False
    if (room := room_of(entry)) is not None and room.migrate is not None:
        return await room.migrate(hass, entry)
    hass.config_entries.async_update_entry(entry, minor_version=2)
    return True


async def async_remove_entry(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Delete what an entry kept outside its configuration."""
    if (room := room_of(entry)) is not None and room.remove is not None:
        await room.remove(hass, entry)


def platform(name: Platform) -> PlatformSetup:
    """The setup of platform `name`: each entry gets its family's entities of it."""

    async def async_setup_entry(
        hass: HomeAssistant, entry: ConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
    ) -> None:
        room = room_of(entry)
        if room is not None and (setup := room.platforms.get(name)) is not None:
            await setup(hass, entry, async_add_entities)

    return async_setup_entry


def fix_flow(issue_id: str, data: dict[str, str | int | float | None] | None) -> RepairsFlow:
    """The fix flow of a fixable issue, from the family that raised it."""
    for room in ROOMS.values():
        if room.fix_flow is not None and (flow := room.fix_flow(issue_id, data)) is not None:
            return flow
    raise KeyError(issue_id)
