"""Home Assistant side helpers: add the proxy through ESPHome's config flow, await adverts."""

import asyncio
from collections.abc import Callable

from homeassistant.components import bluetooth
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component

from simulator.esphome import ProxyIdentity, VirtualBluetoothProxy

from .conftest import TIMEOUT


async def add_proxy(hass: HomeAssistant, proxy: VirtualBluetoothProxy) -> str:
    """Add the proxy as a user would: ESPHome, host and port. Returns the entry id.

    ESPHome pulls in assist_pipeline, whose conversation agent needs the core
    `homeassistant` integration (exposed entities) set up first, as in a running instance.
    """
    assert await async_setup_component(hass, "homeassistant", {})
    result = await hass.config_entries.flow.async_init("esphome", context={"source": "user"})
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": proxy.port}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == ProxyIdentity().friendly_name
    return str(result["result"].entry_id)


async def advertised(
    hass: HomeAssistant,
    address: str,
    condition: Callable[[bluetooth.BluetoothServiceInfoBleak], bool] = lambda _info: True,
) -> bluetooth.BluetoothServiceInfoBleak:
    """The first advertisement from `address` HA's bluetooth manager hears that fits."""
    found: asyncio.Future[bluetooth.BluetoothServiceInfoBleak] = (
        asyncio.get_running_loop().create_future()
    )

    def on_advert(
        info: bluetooth.BluetoothServiceInfoBleak, _change: bluetooth.BluetoothChange
    ) -> None:
        if condition(info) and not found.done():
            found.set_result(info)

    cancel = bluetooth.async_register_callback(
        hass,
        on_advert,
        bluetooth.BluetoothCallbackMatcher(address=address, connectable=True),
        bluetooth.BluetoothScanningMode.PASSIVE,
    )
    try:
        return await asyncio.wait_for(found, TIMEOUT)
    finally:
        cancel()
