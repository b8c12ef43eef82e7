"""Button entities: open a momentary door station or a barrier, call the elevator to a home."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .community import CommunityClient, DoorCapability, DoorRelease, DoorStation, Gate, Home
from .community_entity import (
    CommunityEntity,
    async_add_as_they_appear,
    door_device_info,
    doors,
    home_device_info,
    homes,
)
from .const import CONF_FAMILY, Family
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .parking_devices import gate_device_info, gates

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class CommandButtonDescription(ButtonEntityDescription):
    """A button that sends one command, identified by the id of its door or home."""

    command: Callable[[CommunityClient, str], Awaitable[str]]


OPEN_DOOR = CommandButtonDescription(
    key="open", translation_key="open_door", command=CommunityClient.open_door
)
CALL_ELEVATOR = CommandButtonDescription(
    key="elevator", translation_key="call_elevator", command=CommunityClient.call_elevator
)
OPEN_BARRIER = CommandButtonDescription(
    key="open", translation_key="open_barrier", command=CommunityClient.open_gate
)


class CommandButton(CommunityEntity, ButtonEntity):
    """Sends its command and returns once the platform confirms it."""

    entity_description: CommandButtonDescription

    def __init__(
        self,
        coordinator: CommunityCoordinator,
        target_id: str,
        description: CommandButtonDescription,
        device_info: DeviceInfo,
    ) -> None:
        """A command button of a door or a home."""
        super().__init__(coordinator, target_id, description, device_info)
        self._target_id = target_id

    async def async_press(self) -> None:
        """Send the command and wait for its result."""
        client = self.coordinator.client
        await self.coordinator.async_command(
            self.entity_description.command(client, self._target_id)
        )


def _door_buttons(coordinator: CommunityCoordinator, door: DoorStation) -> list[CommandButton]:
    if door.release is not DoorRelease.MOMENTARY or DoorCapability.OPEN not in door.capabilities:
        return []
    return [CommandButton(coordinator, door.id, OPEN_DOOR, door_device_info(coordinator, door))]


def _home_buttons(coordinator: CommunityCoordinator, home: Home) -> list[CommandButton]:
    if home.elevator_bank_id is None:
        return []
    return [CommandButton(coordinator, home.id, CALL_ELEVATOR, home_device_info(coordinator, home))]


def _gate_buttons(coordinator: CommunityCoordinator, gate: Gate) -> list[CommandButton]:
    return [CommandButton(coordinator, gate.id, OPEN_BARRIER, gate_device_info(coordinator, gate))]


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the button entities of the entry's family."""
    if entry.data[CONF_FAMILY] == Family.COMMUNITY:
        async_add_as_they_appear(entry, async_add_entities, doors, _door_buttons)
        async_add_as_they_appear(entry, async_add_entities, homes, _home_buttons)
        async_add_as_they_appear(entry, async_add_entities, gates, _gate_buttons)
