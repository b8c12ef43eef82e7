"""Lot sensors: capacity, free spaces and occupancy of each lot, and free spaces per area."""

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE
from homeassistant.core import callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .community import Event, OccupancyChanged, ParkingArea, ParkingPlace
from .community_data import CommunityState
from .community_entity import CommunityEntity, StreamEntity, async_add_as_they_appear
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .parking_devices import lot_device_info

# Past these sizes a lot has too many areas for every count to be useful by default.
LONG_AREA_LIST = 10
LARGE_LOT = 500


@dataclass(frozen=True, kw_only=True)
class LotSensorDescription(SensorEntityDescription):
    """A figure of a lot, from its capacity and its free spaces."""

    value: Callable[[int, int], float]


def _occupancy(capacity: int, free: int) -> float:
    return round(100 * (capacity - free) / capacity, 1) if capacity else 0.0


LOT_SENSORS = (
    LotSensorDescription(
        key="free_spaces",
        translation_key="free_spaces",
        state_class=SensorStateClass.MEASUREMENT,
        value=lambda _capacity, free: free,
    ),
    LotSensorDescription(
        key="occupancy",
        translation_key="lot_occupancy",
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        value=_occupancy,
    ),
    LotSensorDescription(
        key="capacity",
        translation_key="lot_capacity",
        value=lambda capacity, _free: capacity,
    ),
)


class LotSensor(StreamEntity, SensorEntity):
    """One figure of a lot; each space change carries the lot's new counts."""

    entity_description: LotSensorDescription

    def __init__(
        self,
        coordinator: CommunityCoordinator,
        lot: ParkingPlace,
        description: LotSensorDescription,
    ) -> None:
        """A sensor of the lot's device."""
        super().__init__(coordinator, lot.id, description, lot_device_info(coordinator, lot))
        self._event_key = self._lot_id = lot.id
        self._read_refresh()

    def _show(self, capacity: int, free: int) -> None:
        self._attr_native_value = self.entity_description.value(capacity, free)

    def _read_refresh(self) -> None:
        if (lot := self.coordinator.data.parking.lot_occupancy.get(self._lot_id)) is not None:
            self._show(lot.capacity, lot.free)

    @callback
    def _on_event(self, event: Event) -> None:
        if isinstance(event, OccupancyChanged):
            self._show(event.lot_occupied + event.lot_free, event.lot_free)
            self.async_write_ha_state()


class AreaFreeSpaces(CommunityEntity, SensorEntity):
    """Free spaces in one area; it follows its own spaces' events, no others."""

    def __init__(self, coordinator: CommunityCoordinator, lot: ParkingPlace, area: ParkingArea):
        """The free count of an area, shown on its lot's device."""
        description = SensorEntityDescription(
            key=f"{area.id}_free_spaces",
            translation_key="area_free_spaces",
            state_class=SensorStateClass.MEASUREMENT,
            entity_registry_enabled_default=(
                len(lot.areas) <= LONG_AREA_LIST and lot.capacity <= LARGE_LOT
            ),
        )
        super().__init__(coordinator, lot.id, description, lot_device_info(coordinator, lot))
        self._attr_translation_placeholders = {"area": area.name}
        self._space_ids = tuple(space.id for space in area.spaces)
        self._occupied: set[str] = set()
        self._read_refresh()

    def _read_refresh(self) -> None:
        occupancy = self.coordinator.data.parking.space_occupancy
        self._occupied = {
            space_id
            for space_id in self._space_ids
            if (space := occupancy.get(space_id)) is not None and space.occupied
        }
        self._attr_native_value = len(self._space_ids) - len(self._occupied)

    async def async_added_to_hass(self) -> None:
        """Receive the events of this area's spaces."""
        await super().async_added_to_hass()
        for space_id in self._space_ids:
            self.async_on_remove(self.coordinator.subscribe(space_id, self._on_event))

    @callback
    def _on_event(self, event: Event) -> None:
        if isinstance(event, OccupancyChanged):
            if event.occupied:
                self._occupied.add(event.space_id)
            else:
                self._occupied.discard(event.space_id)
            self._attr_native_value = len(self._space_ids) - len(self._occupied)
            self.async_write_ha_state()


def _lots(state: CommunityState) -> tuple[ParkingPlace, ...]:
    return state.parking.lots


def _lot_sensors(coordinator: CommunityCoordinator, lot: ParkingPlace) -> list[SensorEntity]:
    return [
        *(LotSensor(coordinator, lot, description) for description in LOT_SENSORS),
        *(AreaFreeSpaces(coordinator, lot, area) for area in lot.areas),
    ]


@callback
def async_add_lot_sensors(
    entry: CommunityConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Each lot's sensors, for lots as they appear."""
    async_add_as_they_appear(entry, async_add_entities, _lots, _lot_sensors)
