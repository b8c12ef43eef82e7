"""Buttons of a community account: open a momentary door or a barrier, call the elevator home."""

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..community import (
    CommunityClient,
    DoorCapability,
    DoorRelease,
    DoorStation,
    ElevatorBank,
    ElevatorDirection,
    Gate,
    Home,
)
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .devices import door_device_info, gate_device_info, home_device_info
from .entity import CommunityEntity, Subject, async_add_as_they_appear, doors, gates, homes


@dataclass(frozen=True, kw_only=True)
class CommandButtonDescription(ButtonEntityDescription):
    """A button that sends one command, identified by the id of its door, home or gate."""

    command: Callable[[CommunityClient, str], Awaitable[str]]


OPEN_DOOR = CommandButtonDescription(
    key="open", translation_key="open_door", command=CommunityClient.open_door
)
# The key of going down stays "elevator": it was the only call before up was offered.
CALL_ELEVATOR = {
    ElevatorDirection.DOWN: CommandButtonDescription(
        key="elevator",
        translation_key="call_elevator_down",
        command=partial(CommunityClient.call_elevator, direction=ElevatorDirection.DOWN),
    ),
    ElevatorDirection.UP: CommandButtonDescription(
        key="elevator_up",
        translation_key="call_elevator_up",
        command=partial(CommunityClient.call_elevator, direction=ElevatorDirection.UP),
    ),
}
OPEN_BARRIER = CommandButtonDescription(
    key="open", translation_key="open_barrier", command=CommunityClient.open_gate
)


class CommandButton(CommunityEntity, ButtonEntity):
    """Sends its command and returns once the platform confirms it."""

    entity_description: CommandButtonDescription

    async def async_press(self) -> None:
        """Send the command and wait for its result."""
        command = self.entity_description.command(self.coordinator.client, self._subject)
        await self.coordinator.async_command(command)


def _door_buttons(coordinator: CommunityCoordinator, door: DoorStation) -> list[CommandButton]:
    if door.release is not DoorRelease.MOMENTARY or DoorCapability.OPEN not in door.capabilities:
        return []
    subject = Subject(id=door.id, device=door_device_info(coordinator, door))
    return [CommandButton(coordinator, OPEN_DOOR, subject)]


def elevator_directions(home: Home, banks: Iterable[ElevatorBank]) -> list[ElevatorDirection]:
    """Which ways the home's elevator bank goes from its floor (down only if it is unknown)."""
    if home.elevator_bank_id is None:
        return []
    bank = next((bank for bank in banks if bank.id == home.elevator_bank_id), None)
    if bank is None:
        return [ElevatorDirection.DOWN]
    return [
        *([ElevatorDirection.UP] if home.floor < bank.highest_floor else []),
        *([ElevatorDirection.DOWN] if home.floor > bank.lowest_floor else []),
    ]


def _home_buttons(coordinator: CommunityCoordinator, home: Home) -> list[CommandButton]:
    subject = Subject(id=home.id, device=home_device_info(coordinator, home))
    return [
        CommandButton(coordinator, CALL_ELEVATOR[direction], subject)
        for direction in elevator_directions(
            home, coordinator.data.account.community.elevator_banks
        )
    ]


def _gate_buttons(coordinator: CommunityCoordinator, gate: Gate) -> list[CommandButton]:
    subject = Subject(id=gate.id, device=gate_device_info(coordinator, gate))
    return [CommandButton(coordinator, OPEN_BARRIER, subject)]


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Open buttons of momentary doors and barriers, elevator calls of homes."""
    async_add_as_they_appear(entry, async_add_entities, doors, _door_buttons)
    async_add_as_they_appear(entry, async_add_entities, homes, _home_buttons)
    async_add_as_they_appear(entry, async_add_entities, gates, _gate_buttons)
