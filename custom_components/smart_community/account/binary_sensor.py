"""Binary sensors of a community account: door stations and gates online, spaces taken.

Spaces shown are the resident's own, and those that subentries watch (one space, or a whole
lot with an area device each).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.config_entries import SIGNAL_CONFIG_ENTRY_CHANGED, ConfigEntry, ConfigSubentry
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..community import DoorStation, Gate, ParkingSpace
from ..const import (
    CONF_PLACE_ID,
    CONF_SPACE_ID,
    SUBENTRY_VISITOR_SPACE,
    SUBENTRY_WATCH_LOT,
    SUBENTRY_WATCH_SPACE,
)
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .devices import area_device_info, door_device_info, gate_device_info, space_device_info
from .entity import SnapshotEntity, Subject, async_add_as_they_appear, doors, gates
from .state import CommunityState

SPACE_MODELS = {
    SUBENTRY_WATCH_SPACE: "Watched space",
    SUBENTRY_VISITOR_SPACE: "Visitor space",
}
OWN_SPACE_MODEL = "Own space"
SUBENTRY_TYPES = {*SPACE_MODELS, SUBENTRY_WATCH_LOT}


@dataclass(frozen=True, kw_only=True)
class AccountBinarySensorDescription(BinarySensorEntityDescription):
    """A binary sensor and how it reads its subject (a door, a space) from the snapshot."""

    is_on_fn: Callable[[CommunityState, str], bool | None]
    attrs_fn: Callable[[CommunityState, str], Mapping[str, object] | None] = lambda _s, _i: None


class AccountBinarySensor(SnapshotEntity, BinarySensorEntity):
    """A binary sensor of the account, as the snapshot says."""

    entity_description: AccountBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """On or off now."""
        return self.entity_description.is_on_fn(self.coordinator.data, self._subject)

    @property
    def extra_state_attributes(self) -> Mapping[str, object] | None:
        """Details of the subject now."""
        return self.entity_description.attrs_fn(self.coordinator.data, self._subject)


def _door_online(state: CommunityState, door_id: str) -> bool | None:
    door = state.doors.get(door_id)
    return None if door is None else door.online


def _gate_online(state: CommunityState, gate_id: str) -> bool | None:
    gate = state.parking.gate(gate_id)
    return None if gate is None else gate.online


def _space_occupied(state: CommunityState, space_id: str) -> bool | None:
    occupancy = state.parking.space_occupancy.get(space_id)
    return None if occupancy is None else occupancy.occupied


def _space_since(state: CommunityState, space_id: str) -> Mapping[str, object] | None:
    occupancy = state.parking.space_occupancy.get(space_id)
    return None if occupancy is None else {"since": occupancy.detection_update_time.isoformat()}


def _online(
    translation_key: str, is_on_fn: Callable[[CommunityState, str], bool | None]
) -> AccountBinarySensorDescription:
    """The diagnostic of whether a device of the community is connected."""
    return AccountBinarySensorDescription(
        key="online",
        translation_key=translation_key,
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        is_on_fn=is_on_fn,
    )


DOOR_ONLINE = _online("door_online", _door_online)
GATE_ONLINE = _online("gate_online", _gate_online)
SPACE_OCCUPIED = AccountBinarySensorDescription(
    key="occupied",
    translation_key="space_occupied",
    device_class=BinarySensorDeviceClass.OCCUPANCY,
    is_on_fn=_space_occupied,
    attrs_fn=_space_since,
)
# In a watched lot the area is the device, so each sensor is named after its space.
LOT_SPACE_OCCUPIED = AccountBinarySensorDescription(
    key="occupied",
    translation_key="lot_space_occupied",
    device_class=BinarySensorDeviceClass.OCCUPANCY,
    is_on_fn=_space_occupied,
    attrs_fn=_space_since,
)


def _door_sensors(
    coordinator: CommunityCoordinator, door: DoorStation
) -> list[AccountBinarySensor]:
    subject = Subject(id=door.id, device=door_device_info(coordinator, door))
    return [AccountBinarySensor(coordinator, DOOR_ONLINE, subject)]


def _gate_sensors(coordinator: CommunityCoordinator, gate: Gate) -> list[AccountBinarySensor]:
    subject = Subject(id=gate.id, device=gate_device_info(coordinator, gate))
    return [AccountBinarySensor(coordinator, GATE_ONLINE, subject)]


def _space_sensor(
    coordinator: CommunityCoordinator,
    space: ParkingSpace,
    description: AccountBinarySensorDescription,
    device: DeviceInfo,
) -> AccountBinarySensor:
    subject = Subject(id=space.id, device=device, placeholders={"space": space.name})
    return AccountBinarySensor(coordinator, description, subject)


def _own_spaces(state: CommunityState) -> Iterable[ParkingSpace]:
    spaces = state.parking.spaces
    return (spaces[space_id][1] for space_id in state.parking.own_space_ids() if space_id in spaces)


def _own_space_sensor(
    coordinator: CommunityCoordinator, space: ParkingSpace
) -> list[AccountBinarySensor]:
    lot, _ = coordinator.data.parking.spaces[space.id]
    device = space_device_info(coordinator, lot, space, OWN_SPACE_MODEL)
    return [_space_sensor(coordinator, space, SPACE_OCCUPIED, device)]


def watched_space_ids(entry: ConfigEntry) -> set[str]:
    """Spaces watched one by one, through a subentry."""
    return {
        subentry.data[CONF_SPACE_ID]
        for subentry in entry.subentries.values()
        if subentry.subentry_type in SPACE_MODELS
    }


def _subentry_sensors(
    coordinator: CommunityCoordinator, subentry: ConfigSubentry
) -> list[AccountBinarySensor]:
    parking = coordinator.data.parking
    if subentry.subentry_type in SPACE_MODELS:
        if (found := parking.spaces.get(subentry.data[CONF_SPACE_ID])) is None:
            return []
        lot, space = found
        device = space_device_info(coordinator, lot, space, SPACE_MODELS[subentry.subentry_type])
        return [_space_sensor(coordinator, space, SPACE_OCCUPIED, device)]
    # A watched lot: every space not already shown as the resident's own or watched alone.
    place_id = subentry.data[CONF_PLACE_ID]
    shown = parking.own_space_ids() | watched_space_ids(coordinator.config_entry)
    # One device info per area, shared by its spaces' sensors: a lot has thousands.
    areas = {
        area.id: area_device_info(coordinator, lot, area)
        for lot in parking.lots
        if lot.id == place_id
        for area in lot.areas
    }
    return [
        _space_sensor(coordinator, space, LOT_SPACE_OCCUPIED, areas[area.id])
        for lot, area, space in parking.all_spaces()
        if lot.id == place_id and space.id not in shown
    ]


@callback
def _async_add_per_subentry(
    entry: CommunityConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add each subentry's sensors now, and those of subentries the resident adds later.

    Removing a subentry removes its devices and entities through the registries.
    """
    coordinator = entry.runtime_data
    known: set[str] = set()

    @callback
    def add_new() -> None:
        for subentry in entry.subentries.values():
            if subentry.subentry_id not in known and subentry.subentry_type in SUBENTRY_TYPES:
                known.add(subentry.subentry_id)
                async_add_entities(
                    _subentry_sensors(coordinator, subentry),
                    config_subentry_id=subentry.subentry_id,
                )
        known.intersection_update(entry.subentries)

    @callback
    def entry_changed(_change: object, changed: ConfigEntry) -> None:
        if changed is entry:
            add_new()

    add_new()
    entry.async_on_unload(
        async_dispatcher_connect(coordinator.hass, SIGNAL_CONFIG_ENTRY_CHANGED, entry_changed)
    )


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Door stations' and gates' connectivity, the resident's own spaces, what subentries watch."""
    async_add_as_they_appear(entry, async_add_entities, doors, _door_sensors)
    async_add_as_they_appear(entry, async_add_entities, gates, _gate_sensors)
    async_add_as_they_appear(entry, async_add_entities, _own_spaces, _own_space_sensor)
    _async_add_per_subentry(entry, async_add_entities)
