"""The virtual lock behind the virtual proxy, driven by our lock client through Home Assistant."""

from homeassistant.components import bluetooth
from homeassistant.core import HomeAssistant
import pytest

from custom_components.smart_community.blelock import LockClient, LockState
from simulator.blelock import VirtualLock
from simulator.esphome import VirtualBluetoothProxy
from simulator.esphome.lock_adapter import LockPeripheral

from .ha import add_proxy, advertised

ADDRESS = "02:5C:10:CC:00:01"
SETUP_CODE = "11223344"


pytestmark = pytest.mark.usefixtures("home_assistant")


async def test_lock_pairs_and_unlocks_through_the_proxy(
    hass: HomeAssistant, proxy: VirtualBluetoothProxy
) -> None:
    """Advertisement, pairing with the setup code and an unlock all cross the proxy."""
    lock = VirtualLock(ADDRESS, SETUP_CODE)
    proxy.add(LockPeripheral(lock))
    entry_id = await add_proxy(hass, proxy)
    info = await advertised(hass, ADDRESS)
    assert info.name == "SC-Lock-0001"
    assert info.manufacturer_data == lock.manufacturer_data()

    device = bluetooth.async_ble_device_from_address(hass, ADDRESS, connectable=True)
    assert device is not None
    client = LockClient(device)
    lock.press_pairing_button()
    try:
        await client.pair(SETUP_CODE)
        status = await client.unlock()
    finally:
        await client.disconnect()

    assert status.lock_state is LockState.UNLOCKED
    assert lock.lock_state == LockState.UNLOCKED
    # The change counter moved, so the proxy advertised the new state at once.
    expected = lock.manufacturer_data()
    await advertised(hass, ADDRESS, lambda latest: latest.manufacturer_data == expected)
    assert await hass.config_entries.async_unload(entry_id)
