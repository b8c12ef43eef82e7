"""Home Assistant's real ESPHome and Bluetooth integrations against the virtual proxy."""

import asyncio
import struct

from bleak.backends.characteristic import BleakGATTCharacteristic
import bleak_retry_connector
from homeassistant.components import bluetooth
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest

from simulator.esphome import DemoCounter, ProxyIdentity, VirtualBluetoothProxy
from simulator.esphome.demo import COMPANY_ID, COUNTER, ECHO, PREFIX

from .conftest import wait_for
from .ha import add_proxy, advertised

pytestmark = pytest.mark.usefixtures("home_assistant")


async def test_esphome_config_flow_adds_the_proxy_and_hass_sees_the_peripheral(
    hass: HomeAssistant, proxy: VirtualBluetoothProxy, counter: DemoCounter
) -> None:
    """The config flow creates an entry and the bluetooth manager hears the demo counter."""
    entry_id = await add_proxy(hass, proxy)
    await advertised(hass, counter.address)

    entry = hass.config_entries.async_get_entry(entry_id)
    assert entry is not None
    assert entry.state is ConfigEntryState.LOADED
    assert entry.unique_id == ProxyIdentity().mac_address.lower()
    info = bluetooth.async_last_service_info(hass, counter.address, connectable=True)
    assert info is not None
    assert info.name == counter.name
    assert info.source == ProxyIdentity().bluetooth_mac_address
    assert info.manufacturer_data == {COMPANY_ID: PREFIX + struct.pack("<I", 0)}
    assert counter.address in {
        i.address for i in bluetooth.async_discovered_service_info(hass, connectable=True)
    }
    assert await hass.config_entries.async_unload(entry_id)


async def test_bleak_client_through_home_assistant_writes_and_gets_notified(
    hass: HomeAssistant, proxy: VirtualBluetoothProxy, counter: DemoCounter
) -> None:
    """A client from HA's bluetooth stack connects through the proxy: write, then notify."""
    entry_id = await add_proxy(hass, proxy)
    await advertised(hass, counter.address)
    device = bluetooth.async_ble_device_from_address(hass, counter.address, connectable=True)
    assert device is not None

    # Looked up now: HA's bluetooth manager swapped in its routing wrapper at setup.
    client_class = bleak_retry_connector.BleakClientWithServiceCache
    client = await bleak_retry_connector.establish_connection(client_class, device, counter.name)
    notified: list[bytes] = []
    changed = asyncio.Event()

    def on_notify(_char: BleakGATTCharacteristic, data: bytearray) -> None:
        notified.append(bytes(data))
        changed.set()

    try:
        await client.start_notify(str(COUNTER), on_notify)
        await client.write_gatt_char(str(ECHO), b"open sesame", response=True)
        await wait_for(lambda: notified == [b"open sesame"], changed)
        assert await client.read_gatt_char(str(COUNTER)) == struct.pack("<I", 1)
    finally:
        await client.disconnect()

    assert counter.writes == [b"open sesame"]
    assert counter.links == []
    assert await hass.config_entries.async_unload(entry_id)
