"""Bluetooth lock coordinator: advertisements drive state; connect only when they say so.

It holds one immutable `LockData`, replaced by each advertisement, reply and pushed event;
entities only render it.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
import logging
from typing import Final, override

from bleak.backends.device import BLEDevice
from homeassistant.components.bluetooth import (
    BluetoothChange,
    BluetoothScanningMode,
    BluetoothServiceInfoBleak,
)
from homeassistant.components.bluetooth.active_update_coordinator import (
    ActiveBluetoothDataUpdateCoordinator,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, CoreState, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.device_registry import CONNECTION_BLUETOOTH, DeviceInfo
from homeassistant.helpers.storage import Store

from ..blelock import (
    COMPANY_ID,
    ActivityEntry,
    AdvertisementError,
    AdvertisementMacError,
    AdvertisementVerifier,
    BadKeyError,
    DoorState,
    ErrorCode,
    LockAdvertisement,
    LockClient,
    LockConnectionError,
    LockError,
    LockRefusedError,
    LockSettings,
    LockState,
    LockStatus,
    PairedKey,
)
from ..const import DOMAIN
from .enrolment import EnrolmentStatus

_LOGGER = logging.getLogger(__name__)

type LockConfigEntry = ConfigEntry[LockCoordinator]

# Where the next unread activity entry is remembered, so a restart neither loses what
# happened meanwhile nor takes it for history.
CONF_NEXT_LOG_INDEX: Final = "next_log_index"

# The last advertisement accepted is kept across restarts, so one recorded before a restart
# cannot pass for the lock's state after it. It is what the lock broadcast (nothing secret) and
# is checked again at start: after pairing again under a new advertising key it no longer
# verifies and is dropped, rather than making the lock's restarted counter look old.
_STORAGE_VERSION: Final = 1
_SAVE_DELAY: Final = 10.0
_STORED_ADVERTISEMENT: Final = "advertisement"

_REFUSALS: Final = {
    ErrorCode.JAMMED: "lock_jammed",
    ErrorCode.BUSY: "lock_busy",
    ErrorCode.LOW_BATTERY: "lock_low_battery",
    ErrorCode.DUPLICATE: "duplicate_credential",
    ErrorCode.TABLE_FULL: "table_full",
    ErrorCode.NOT_FOUND: "user_not_found",
    ErrorCode.TIMED_OUT: "enrolment_timed_out",
    ErrorCode.PASSAGE_MODE: "passage_mode_on",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class LockData:
    """What Home Assistant knows about the lock now."""

    lock_state: LockState = LockState.UNKNOWN
    door_state: DoorState = DoorState.UNKNOWN
    battery: int | None = None
    rssi: int | None = None
    settings: LockSettings | None = None
    passage_mode: bool | None = None
    enrolment: EnrolmentStatus = field(default_factory=EnrolmentStatus)

    def with_state(self, state: LockAdvertisement | LockStatus) -> LockData:
        """This, with the fields both advertisements and status replies carry."""
        return replace(
            self, lock_state=state.lock_state, door_state=state.door_state, battery=state.battery
        )


def advertisement_store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, str]]:
    """Where a lock entry keeps its last accepted advertisement."""
    return Store(hass, _STORAGE_VERSION, f"{DOMAIN}.lock_advertisement.{entry_id}")


def _stored(advertisement: bytes) -> dict[str, str]:
    return {_STORED_ADVERTISEMENT: advertisement.hex()}


class LockCoordinator(ActiveBluetoothDataUpdateCoordinator[None]):
    """One lock: state from advertisements, a connection only for commands and new activity."""

    def __init__(
        self, hass: HomeAssistant, entry: LockConfigEntry, ble_device: BLEDevice, key: PairedKey
    ) -> None:
        super().__init__(
            hass,
            _LOGGER,
            address=ble_device.address,
            mode=BluetoothScanningMode.PASSIVE,
            needs_poll_method=self._needs_poll,
            poll_method=self._poll,
            connectable=True,
        )
        self.entry = entry
        self.client = LockClient(ble_device, key, on_event=self.handle_lock_event)
        self.data_now = LockData()
        self.device_info = DeviceInfo(
            connections={(CONNECTION_BLUETOOTH, ble_device.address)},
            name=entry.title,
            manufacturer="Smart Community",
            model="Bluetooth door lock",
        )
        self._verifier = AdvertisementVerifier(key.advertising_key, ble_device.address)
        self._refused_advertisements: set[type[AdvertisementError]] = set()
        self._store = advertisement_store(hass, entry.entry_id)
        self._accepted: bytes | None = None
        self._advertised_counter: int | None = None
        self._polled_counter: int | None = None
        self._next_log_index: int | None = entry.data.get(CONF_NEXT_LOG_INDEX)
        self._activity_listeners: list[Callable[[ActivityEntry], None]] = []
        self._poll_failed = False

    async def async_restore(self) -> None:
        """Take up the advertisement counter where the last run left it."""
        if (stored := await self._store.async_load()) is None:
            return
        try:
            payload = bytes.fromhex(stored[_STORED_ADVERTISEMENT])
            self._verifier.accept({COMPANY_ID: payload})
        except (KeyError, TypeError, ValueError, AdvertisementError) as err:
            _LOGGER.debug("%s: remembered advertisement dropped: %s", self.entry.title, err)
            return
        self._accepted = payload

    async def async_save(self) -> None:
        """Write the last accepted advertisement now (the entry is unloading)."""
        if self._accepted is not None:
            await self._store.async_save(_stored(self._accepted))

    @callback
    def async_subscribe_activity(self, listener: Callable[[ActivityEntry], None]) -> CALLBACK_TYPE:
        """Call `listener` with each new activity-log entry."""
        self._activity_listeners.append(listener)
        return lambda: self._activity_listeners.remove(listener)

    @callback
    def handle_lock_event(self, status: LockStatus) -> None:
        """A state change pushed over a kept connection (stay-connected mode)."""
        self._show(self.data_now.with_state(status))

    @callback
    def show_enrolment(self, enrolment: EnrolmentStatus) -> None:
        """How the card or fingerprint enrolment running now is going."""
        self._show(replace(self.data_now, enrolment=enrolment))

    @callback
    def _show(self, data: LockData) -> None:
        self.data_now = data
        self.async_update_listeners()

    async def run[T](self, command: Callable[[LockClient], Awaitable[T]]) -> T:
        """Run a command, turning the lock's errors into messages for the resident."""
        try:
            return await command(self.client)
        except BadKeyError as err:
            self.entry.async_start_reauth(self.hass)
            raise HomeAssistantError(translation_domain=DOMAIN, translation_key="bad_key") from err
        except LockRefusedError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key=_REFUSALS.get(err.code, "lock_refused"),
                translation_placeholders={"code": err.code.name.lower()},
            ) from err
        except LockError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="lock_unreachable",
                translation_placeholders={"name": self.entry.title},
            ) from err

    async def apply_status(self, command: Callable[[LockClient], Awaitable[LockStatus]]) -> None:
        """Run a motor command and show the state it reports."""
        status = await self.run(command)
        self._show(self.data_now.with_state(status))

    async def apply_settings(
        self, command: Callable[[LockClient], Awaitable[LockSettings]]
    ) -> None:
        """Run a settings command and show the settings it reports."""
        settings = await self.run(command)
        self._show(replace(self.data_now, settings=settings))

    async def apply_passage_mode(self, enabled: bool) -> None:
        """Turn passage mode on or off and show what the lock says it is now."""
        passage_mode = await self.run(lambda client: client.set_passage_mode(enabled))
        self._show(replace(self.data_now, passage_mode=passage_mode))

    @callback
    @override
    def _async_handle_bluetooth_event(
        self, service_info: BluetoothServiceInfoBleak, change: BluetoothChange
    ) -> None:
        try:
            advertisement = self._verifier.accept(service_info.manufacturer_data)
        except AdvertisementError as err:
            # Forged, replayed or not ours: never state. Said once per kind, not per packet.
            if type(err) not in self._refused_advertisements:
                self._refused_advertisements.add(type(err))
                _LOGGER.debug("%s: advertisement ignored: %s", self.entry.title, err)
            if isinstance(err, AdvertisementMacError):
                self._read_to_verify(service_info)
            return
        self._refused_advertisements.clear()
        if (payload := advertisement.signed + advertisement.mac) != self._accepted:
            self._accepted = payload
            self._store.async_delay_save(lambda: _stored(payload), _SAVE_DELAY)
        self.client.set_ble_device(service_info.device)
        # The base class tells the entities once this returns.
        self.data_now = replace(self.data_now.with_state(advertisement), rssi=service_info.rssi)
        self._advertised_counter = advertisement.change_counter
        super()._async_handle_bluetooth_event(service_info, change)

    def _read_to_verify(self, service_info: BluetoothServiceInfoBleak) -> None:
        # Under a key we do not hold: forged, or the lock was reset and forgot ours. Only an
        # authenticated read tells (a reset lock refuses the key); the poll's cooldown keeps
        # a forger from making us connect more than every few seconds.
        if self.hass.state is CoreState.running and service_info.connectable:
            self._last_service_info = service_info
            self._debounced_poll.async_schedule_call()

    def _needs_poll(self, service_info: BluetoothServiceInfoBleak, _age: float | None) -> bool:
        # Lock, door and battery are in the advertisement; only a moved counter means
        # there is something (activity, settings) that needs a connection.
        return (
            self.hass.state is CoreState.running
            and service_info.connectable
            and self._advertised_counter != self._polled_counter
        )

    async def _poll(self, _service_info: BluetoothServiceInfoBleak) -> None:
        try:
            await self._fetch()
        except BadKeyError:
            self.entry.async_start_reauth(self.hass)
        except LockConnectionError as err:
            if not self._poll_failed:
                _LOGGER.info("%s: could not reach the lock: %s", self.entry.title, err)
            self._poll_failed = True
        except LockError as err:
            _LOGGER.warning("%s: reading the lock failed: %s", self.entry.title, err)
        else:
            if self._poll_failed:
                _LOGGER.info("%s: the lock is reachable again", self.entry.title)
            self._poll_failed = False

    async def _fetch(self) -> None:
        status = await self.client.status()
        next_index = status.next_log_index
        # The first poll after pairing starts the log here: history is not replayed as
        # events. A lock whose log restarted (factory reset) starts it again.
        if self._next_log_index is not None and self._next_log_index <= next_index:
            for entry in await self.client.activity_since(self._next_log_index):
                next_index = max(next_index, entry.index + 1)
                for listener in list(self._activity_listeners):
                    listener(entry)
        self._remember_log_index(next_index)
        settings = await self.client.get_settings()
        passage_mode = await self.client.get_passage_mode()
        # The base class tells the entities once the poll returns.
        self.data_now = replace(
            self.data_now.with_state(status), settings=settings, passage_mode=passage_mode
        )
        self._polled_counter = status.change_counter

    def _remember_log_index(self, index: int) -> None:
        self._next_log_index = index
        if self.entry.data.get(CONF_NEXT_LOG_INDEX) != index:
            self.hass.config_entries.async_update_entry(
                self.entry, data={**self.entry.data, CONF_NEXT_LOG_INDEX: index}
            )
