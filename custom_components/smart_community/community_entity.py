"""Base entity of the community family, its devices, and adding entities as devices appear."""

from collections.abc import Callable, Iterable
from typing import Protocol

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .community import DoorCapability, DoorStation, Event, Home
from .community_data import CommunityState
from .const import DOMAIN
from .coordinator import CommunityConfigEntry, CommunityCoordinator

MANUFACTURER = "Smart Community"


def device_identifier(coordinator: CommunityCoordinator, key: str | None = None) -> str:
    """The device identifier of the account (key None) or of one of its doors or homes.

    Two residents of one community share door stations; prefixing the account keeps each
    resident's devices apart, since a device belongs to one config entry.
    """
    account = coordinator.config_entry.unique_id or coordinator.config_entry.entry_id
    return account if key is None else f"{account}_{key}"


def account_device_info(coordinator: CommunityCoordinator) -> DeviceInfo:
    """The community platform account, parent of the doors and homes."""
    community = coordinator.data.account.community
    return DeviceInfo(
        identifiers={(DOMAIN, device_identifier(coordinator))},
        name=community.name,
        manufacturer=MANUFACTURER,
        model=coordinator.data.account.platform.name,
        sw_version=".".join(map(str, coordinator.data.account.platform.api_version)),
        entry_type=DeviceEntryType.SERVICE,
        configuration_url=coordinator.client.url(""),
    )


def door_device_info(coordinator: CommunityCoordinator, door: DoorStation) -> DeviceInfo:
    """A door station of a gate or a building entrance."""
    return DeviceInfo(
        identifiers={(DOMAIN, device_identifier(coordinator, door.id))},
        name=door.name,
        manufacturer=door.manufacturer,
        model=door.model,
        sw_version=door.firmware_version,
        via_device_id=coordinator.account_device_id,
    )


def home_device_info(coordinator: CommunityCoordinator, home: Home) -> DeviceInfo:
    """One of the resident's homes (its elevator call lives here)."""
    return DeviceInfo(
        identifiers={(DOMAIN, device_identifier(coordinator, home.id))},
        name=home.name,
        manufacturer=MANUFACTURER,
        model="Home",
        via_device_id=coordinator.account_device_id,
    )


class CommunityEntity(CoordinatorEntity[CommunityCoordinator]):
    """An entity of a community account; unavailable while the platform cannot be heard."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: CommunityCoordinator,
        key: str,
        description: EntityDescription,
        device_info: DeviceInfo,
    ) -> None:
        """Belong to the device of key (a door or home id)."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{device_identifier(coordinator, key)}_{description.key}"
        self._attr_device_info = device_info

    @property
    def available(self) -> bool:
        """Unavailable while the last read failed or the event stream is lost."""
        return super().available and self.coordinator.stream_up

    def _read_refresh(self) -> None:
        """Take what the last refresh read; entities showing read data override this."""

    @callback
    def _handle_coordinator_update(self) -> None:
        self._read_refresh()
        super()._handle_coordinator_update()


class StreamEntity(CommunityEntity):
    """A community entity that reacts to the events of one door, device or topic."""

    _event_key: str

    async def async_added_to_hass(self) -> None:
        """Receive the events of this entity's key."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.subscribe(self._event_key, self._on_event))

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
    """Add the entities of each item (door, home) now, and of items that appear later."""
    coordinator = entry.runtime_data
    known: set[str] = set()

    @callback
    def add_new() -> None:
        new = [item for item in items(coordinator.data) if item.id not in known]
        known.update(item.id for item in new)
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
