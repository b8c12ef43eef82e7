"""Space occupancy sensors: the resident's own spaces, and spaces or lots watched by subentry."""

from collections.abc import Callable, Iterable

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.config_entries import SIGNAL_CONFIG_ENTRY_CHANGED, ConfigEntry, ConfigSubentry
from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .community import Event, OccupancyChanged, ParkingSpace
from .community_data import CommunityState
from .community_entity import StreamEntity, async_add_as_they_appear
from .const import (
    CONF_PLACE_ID,
    CONF_SPACE_ID,
    SUBENTRY_VISITOR_SPACE,
    SUBENTRY_WATCH_LOT,
    SUBENTRY_WATCH_SPACE,
)
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .parking_devices import area_device_info, space_device_info

SPACE_OCCUPIED = BinarySensorEntityDescription(
    key="occupied",
    translation_key="space_occupied",
    device_class=BinarySensorDeviceClass.OCCUPANCY,
)
# In a watched lot the area is the device, so each sensor is named after its space.
LOT_SPACE_OCCUPIED = BinarySensorEntityDescription(
    key="occupied",
    translation_key="lot_space_occupied",
    device_class=BinarySensorDeviceClass.OCCUPANCY,
)
SPACE_MODELS = {
    SUBENTRY_WATCH_SPACE: "Watched space",
    SUBENTRY_VISITOR_SPACE: "Visitor space",
}
OWN_SPACE_MODEL = "Own space"
SUBENTRY_TYPES = {*SPACE_MODELS, SUBENTRY_WATCH_LOT}


class SpaceOccupied(StreamEntity, BinarySensorEntity):
    """Whether a vehicle stands on one space, and since when."""

    def __init__(
        self,
        coordinator: CommunityCoordinator,
        space: ParkingSpace,
        description: BinarySensorEntityDescription,
        device_info: DeviceInfo,
    ) -> None:
        """The occupancy of one space; only this space's events reach it."""
        super().__init__(coordinator, space.id, description, device_info)
        self._event_key = self._space_id = space.id
        self._attr_translation_placeholders = {"space": space.name}
        self._read_refresh()

    def _read_refresh(self) -> None:
        occupancy = self.coordinator.data.parking.space_occupancy.get(self._space_id)
        if occupancy is not None:
            self._attr_is_on = occupancy.occupied
            self._attr_extra_state_attributes = {
                "since": occupancy.detection_update_time.isoformat()
            }

    @callback
    def _on_event(self, event: Event) -> None:
        if isinstance(event, OccupancyChanged):
            self._attr_is_on = event.occupied
            self._attr_extra_state_attributes = {"since": event.detection_update_time.isoformat()}
            self.async_write_ha_state()


def _own_spaces(state: CommunityState) -> Iterable[ParkingSpace]:
    spaces = state.parking.spaces
    return (spaces[space_id][1] for space_id in state.parking.own_space_ids() if space_id in spaces)


def _own_space_sensor(
    coordinator: CommunityCoordinator, space: ParkingSpace
) -> list[SpaceOccupied]:
    lot, _ = coordinator.data.parking.spaces[space.id]
    device = space_device_info(coordinator, lot, space, OWN_SPACE_MODEL)
    return [SpaceOccupied(coordinator, space, SPACE_OCCUPIED, device)]


def watched_space_ids(entry: ConfigEntry) -> set[str]:
    """Spaces watched one by one, through a subentry."""
    return {
        subentry.data[CONF_SPACE_ID]
        for subentry in entry.subentries.values()
        if subentry.subentry_type in SPACE_MODELS
    }


def _subentry_sensors(
    coordinator: CommunityCoordinator, subentry: ConfigSubentry
) -> list[SpaceOccupied]:
    parking = coordinator.data.parking
    if subentry.subentry_type in SPACE_MODELS:
        if (found := parking.spaces.get(subentry.data[CONF_SPACE_ID])) is None:
            return []
        lot, space = found
        model = SPACE_MODELS[subentry.subentry_type]
        device = space_device_info(coordinator, lot, space, model)
        return [SpaceOccupied(coordinator, space, SPACE_OCCUPIED, device)]
    # A watched lot: every space not already shown as the resident's own or watched alone.
    shown = parking.own_space_ids() | watched_space_ids(coordinator.config_entry)
    return [
        SpaceOccupied(
            coordinator, space, LOT_SPACE_OCCUPIED, area_device_info(coordinator, lot, area)
        )
        for lot, area, space in parking.all_spaces()
        if lot.id == subentry.data[CONF_PLACE_ID] and space.id not in shown
    ]


@callback
def async_add_per_subentry(
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    build: Callable[[CommunityCoordinator, ConfigSubentry], list[SpaceOccupied]],
) -> None:
    """Add each subentry's entities now, and those of subentries the resident adds later.

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
                    build(coordinator, subentry), config_subentry_id=subentry.subentry_id
                )
        known.intersection_update(entry.subentries)

    @callback
    def entry_changed(_change: object, changed: ConfigEntry) -> None:
        if changed is entry:
            add_new()

    add_new()
    entry.async_on_unload(
        async_dispatcher_connect(
            entry.runtime_data.hass, SIGNAL_CONFIG_ENTRY_CHANGED, entry_changed
        )
    )


@callback
def async_add_space_sensors(
    entry: CommunityConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """The resident's own spaces, and what the subentries watch."""
    async_add_as_they_appear(entry, async_add_entities, _own_spaces, _own_space_sensor)
    async_add_per_subentry(entry, async_add_entities, _subentry_sensors)
