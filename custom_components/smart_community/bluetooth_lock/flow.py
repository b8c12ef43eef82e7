"""Config flow steps for a Bluetooth lock: discovery or address, then the setup code."""

import re
from typing import Any

from homeassistant.components.bluetooth import (
    BluetoothServiceInfoBleak,
    async_ble_device_from_address,
)
from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import CONF_ADDRESS
import probatio

from ..blelock import (
    AdvertisementError,
    ErrorCode,
    LockClient,
    LockError,
    LockRefusedError,
    PairedKey,
    PairingError,
    find_advertisement,
)
from ..const import CONF_ADVERTISING_KEY, CONF_KEY_ID, CONF_LONG_TERM_KEY, Family
from ..families import family_data

CONF_SETUP_CODE = "setup_code"
_ADDRESS = re.compile(r"([0-9A-F]{2}:){5}[0-9A-F]{2}")
_PAIR_ERRORS = {
    ErrorCode.NOT_PAIRING: "not_in_pairing_mode",
    ErrorCode.BAD_SETUP_CODE: "invalid_setup_code",
}


class LockFlow(ConfigFlow):
    """Steps of the lock family, mixed into the integration's config flow."""

    _lock_address = ""
    _lock_name = ""

    async def async_step_lock(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Add a Bluetooth lock by its address."""
        errors: dict[str, str] = {}
        if user_input is not None:
            address = user_input[CONF_ADDRESS].strip().upper()
            if _ADDRESS.fullmatch(address):
                await self.async_set_unique_id(address, raise_on_progress=False)
                self._abort_if_unique_id_configured()
                self._lock_address = address
                self._lock_name = "SC-Lock-" + address.replace(":", "")[-4:]
                return await self.async_step_lock_pair()
            errors[CONF_ADDRESS] = "invalid_address"
        return self.async_show_form(
            step_id="lock",
            data_schema=probatio.Schema({probatio.Required(CONF_ADDRESS): str}),
            errors=errors,
        )

    async def async_lock_discovered(
        self, discovery_info: BluetoothServiceInfoBleak
    ) -> ConfigFlowResult:
        """A lock advertised itself: offer it, then ask for its setup code."""
        try:
            find_advertisement(discovery_info.manufacturer_data)
        except AdvertisementError:
            return self.async_abort(reason="not_a_lock")
        self._lock_address = discovery_info.address
        self._lock_name = discovery_info.name
        self.context["title_placeholders"] = {"name": self._lock_name}
        return await self.async_step_lock_pair()

    async def async_step_lock_reauth(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The lock refused our key (it was reset), or the key is from protocol v1: pair again."""
        entry = self._get_reauth_entry()
        self._lock_address = entry.data[CONF_ADDRESS]
        self._lock_name = entry.title
        if CONF_ADVERTISING_KEY not in entry.data:
            return await self.async_step_lock_pair_again()
        return await self.async_step_lock_pair()

    async def async_step_lock_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pair an already added lock again."""
        entry = self._get_reconfigure_entry()
        self._lock_address = entry.data[CONF_ADDRESS]
        self._lock_name = entry.title
        return await self.async_step_lock_pair()

    async def async_step_lock_pair(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the setup code while the lock is in pairing mode, and pair."""
        return await self._lock_pair_step("lock_pair", user_input)

    async def async_step_lock_pair_again(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The same, explaining that a lock paired under protocol v1 must pair once more."""
        return await self._lock_pair_step("lock_pair_again", user_input)

    async def _lock_pair_step(
        self, step_id: str, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        errors: dict[str, str] = {}
        if user_input is not None:
            ble_device = async_ble_device_from_address(
                self.hass, self._lock_address, connectable=True
            )
            if ble_device is None:
                errors["base"] = "lock_not_found"
            else:
                try:
                    async with LockClient(ble_device) as client:
                        key = await client.pair(user_input[CONF_SETUP_CODE].strip())
                except PairingError:
                    errors["base"] = "invalid_setup_code"
                except LockRefusedError as err:
                    errors["base"] = _PAIR_ERRORS.get(err.code, "cannot_connect")
                except LockError:
                    errors["base"] = "cannot_connect"
                else:
                    return self._lock_paired(key)
        return self.async_show_form(
            step_id=step_id,
            data_schema=probatio.Schema({probatio.Required(CONF_SETUP_CODE): str}),
            errors=errors,
            description_placeholders={"name": self._lock_name},
        )

    def _lock_paired(self, key: PairedKey) -> ConfigFlowResult:
        data = family_data(
            Family.LOCK,
            {
                CONF_ADDRESS: self._lock_address,
                CONF_KEY_ID: key.key_id,
                CONF_LONG_TERM_KEY: key.long_term_key.hex(),
                CONF_ADVERTISING_KEY: key.advertising_key.hex(),
            },
        )
        if self.source == SOURCE_REAUTH:
            return self.async_update_reload_and_abort(self._get_reauth_entry(), data_updates=data)
        if self.source == SOURCE_RECONFIGURE:
            return self.async_update_reload_and_abort(
                self._get_reconfigure_entry(), data_updates=data
            )
        return self.async_create_entry(title=self._lock_name, data=data)
