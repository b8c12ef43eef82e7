"""Buttons of a community account: open doors and barriers, take calls, call the elevator."""

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
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
from ..const import DOMAIN
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .devices import door_device_info, gate_device_info, home_device_info
from .entity import CommunityEntity, Subject, async_add_as_they_appear, doors, gates, homes
from .state import CallStatus, CommunityState


def _itself(_state: CommunityState, subject: str) -> str | None:
    return subject


def _ringing_call(state: CommunityState, door_id: str) -> str | None:
    call = state.calls.get(door_id)
    return call.call_id if call is not None and call.status is CallStatus.RINGING else None


@dataclass(frozen=True, kw_only=True)
class CommandButtonDescription(ButtonEntityDescription):
    """A button that sends one command to what `target_fn` finds for its door, home or gate.

    `capability` is what a door station must offer for the button to exist; `conflict` the
    error shown when the platform says the moment has passed.
    """

    command: Callable[[CommunityClient, str], Awaitable[str]]
    target_fn: Callable[[CommunityState, str], str | None] = _itself
    capability: DoorCapability | None = None
    conflict: str = "conflict"


OPEN_DOOR = CommandButtonDescription(
    key="open", translation_key="open_door", command=CommunityClient.open_door
)


def _call_button(
    key: str, command: Callable[[CommunityClient, str], Awaitable[str]], capability: DoorCapability
) -> CommandButtonDescription:
    """A button for the call ringing at its door station now."""
    return CommandButtonDescription(
        key=key,
        translation_key=f"{key}_call",
        command=command,
        target_fn=_ringing_call,
        capability=capability,
        conflict="call_taken",
    )


ANSWER_CALL = _call_button("answer", CommunityClient.answer_call, DoorCapability.ANSWER)
DECLINE_CALL = _call_button("decline", CommunityClient.decline_call, DoorCapability.DECLINE)
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
        description = self.entity_description
        target = description.target_fn(self.coordinator.data, self._subject)
        if target is None:
            raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_call")
        command = description.command(self.coordinator.client, target)
        await self.coordinator.async_command(command, description.conflict)


def _door_buttons(coordinator: CommunityCoordinator, door: DoorStation) -> list[CommandButton]:
    subject = Subject(id=door.id, device=door_device_info(coordinator, door))
    momentary = door.release is DoorRelease.MOMENTARY and DoorCapability.OPEN in door.capabilities
    return [
        *([CommandButton(coordinator, OPEN_DOOR, subject)] if momentary else []),
        *(
            CommandButton(coordinator, description, subject)
            for description in (ANSWER_CALL, DECLINE_CALL)
            if description.capability in door.capabilities
        ),
    ]


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
    """Open, answer and decline buttons of doors, open buttons of barriers, elevator calls."""
    async_add_as_they_appear(entry, async_add_entities, doors, _door_buttons)
    async_add_as_they_appear(entry, async_add_entities, homes, _home_buttons)
    async_add_as_they_appear(entry, async_add_entities, gates, _gate_buttons)
