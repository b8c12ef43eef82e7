"""Base entities of a community account, and adding entities as their subjects appear."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from homeassistant.core import Context, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from ..community import DoorCapability, DoorStation, Event, Gate, Home, ParkingPlace
from .coordinator import NOTICES_KEY, CommunityConfigEntry, CommunityCoordinator
from .devices import account_device_info, device_identifier
from .parking import Vehicle
from .state import CommunityState


@dataclass(frozen=True, slots=True, kw_only=True)
class Subject:
    """What an entity is about: the id its value functions read, and where it belongs.

    `device_key` names its device in the unique id (the subject's own id unless said);
    `keys` are the event keys whose events change what it shows (its own id unless said).
    """

    id: str
    device: DeviceInfo
    device_key: str | None = None
    keys: tuple[str, ...] | None = None
    placeholders: Mapping[str, str] = field(default_factory=dict)


class CommunityEntity(CoordinatorEntity[CommunityCoordinator]):
    """An entity of a community account; unavailable while the platform cannot be heard."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: CommunityCoordinator, description: EntityDescription, subject: Subject
    ) -> None:
        """Belong to the subject's device."""
        super().__init__(coordinator)
        self.entity_description = description
        self._subject = subject.id
        key = subject.device_key or subject.id
        self._attr_unique_id = f"{device_identifier(coordinator, key)}_{description.key}"
        self._attr_device_info = subject.device
        if subject.placeholders:
            self._attr_translation_placeholders = subject.placeholders
        self._keys = subject.keys if subject.keys is not None else (subject.id,)

    @property
    def available(self) -> bool:
        """Unavailable while the last read failed or the event stream is lost."""
        return super().available and self.coordinator.stream_up


class SnapshotEntity(CommunityEntity):
    """Renders the snapshot: again at every full read, and at each event for its keys."""

    async def async_added_to_hass(self) -> None:
        """Listen to the keys of this entity's subject."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.coordinator.async_add_key_listener(self._keys, self._handle_event_update)
        )

    @callback
    def _handle_event_update(self, context: Context) -> None:
        """Write what an event changed under the event's context.

        A service call's context set moments ago stays: the event is then its answer.
        """
        if self._context is not None:
            self._handle_coordinator_update()
            return
        self.async_set_context(context)
        try:
            self._handle_coordinator_update()
        finally:
            # Or a full read within the next seconds would pass for the event's doing.
            self._context = None
            self._context_set = None


class StreamEntity(CommunityEntity):
    """Reacts to the events of its keys themselves (a ring, a passage), not to state."""

    async def async_added_to_hass(self) -> None:
        """Receive the events of this entity's keys."""
        await super().async_added_to_hass()
        for key in self._keys:
            self.async_on_remove(self.coordinator.subscribe(key, self._on_event))

    @callback
    def _on_event(self, event: Event) -> None:
        raise NotImplementedError


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


@callback
def async_add_as_they_appear[T: _Identified](
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    items: Callable[[CommunityState], Iterable[T]],
    build: Callable[[CommunityCoordinator, T], Iterable[Entity]],
) -> None:
    """Add the entities of each item (door, home, lot) now, and of items that appear later.

    An item that goes away loses its device and entities (stale-device removal); when it
    comes back, its entities are added again.
    """
    coordinator = entry.runtime_data
    shown: set[str] = set()

    @callback
    def add_new() -> None:
        current = {item.id: item for item in items(coordinator.data)}
        new = [item for item_id, item in current.items() if item_id not in shown]
        shown.intersection_update(current)
        shown.update(item.id for item in new)
        async_add_entities([entity for item in new for entity in build(coordinator, item)])

    add_new()
    entry.async_on_unload(coordinator.async_add_listener(add_new))


def doors(state: CommunityState) -> Iterable[DoorStation]:
    """The door stations of the shown homes."""
    return state.doors.values()


def snapshot_doors(state: CommunityState) -> Iterable[DoorStation]:
    """The door stations of the shown homes that can take a picture."""
    return (door for door in state.doors.values() if DoorCapability.SNAPSHOT in door.capabilities)


def homes(state: CommunityState) -> Iterable[Home]:
    """The shown homes."""
    return state.homes


def lots(state: CommunityState) -> Iterable[ParkingPlace]:
    """The parking lots of the account's community."""
    return state.parking.lots


def vehicles(state: CommunityState) -> Iterable[Vehicle]:
    """The resident's own vehicles."""
    return state.parking.vehicles()


def gates(state: CommunityState) -> Iterable[Gate]:
    """The barrier gates of the lots."""
    return state.parking.gates


def notices(coordinator: CommunityCoordinator) -> Subject:
    """The community's notices, shown on the account's device."""
    return Subject(id=NOTICES_KEY, device=account_device_info(coordinator))
