"""ZHA's gateway on the simulator's virtual coordinator, and joining its sensors to it.

ZHA reaches the coordinator as a network-attached XBee (`socket://127.0.0.1:PORT`) through
unmodified zigpy-xbee, so every interview, read, write, bind and reporting setup travels as
real frames over loopback TCP.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from zha.application.gateway import DeviceFullInitEvent, DevicePairingStatus, Gateway
from zha.application.helpers import (
    CoordinatorConfiguration,
    QuirksConfiguration,
    ZHAConfiguration,
    ZHAData,
)
from zha.zigbee.device import Device
import zhaquirks
import zigpy.application
import zigpy.config as conf
import zigpy.device
import zigpy.types as t
from zigpy.zcl import foundation

from simulator.zigbee import VirtualCoordinator, VirtualDevice

from .catalog import EntitySpec, ModelSpec

TIMEOUT = 10
JOIN_SECONDS = 60
# The background jobs a real network runs on timers; tests start and stop ZHA quickly.
ZIGPY_CONFIG: dict[str, Any] = {
    conf.CONF_NWK_BACKUP_ENABLED: False,
    conf.CONF_TOPO_SCAN_ENABLED: False,
    conf.CONF_OTA: {conf.CONF_OTA_ENABLED: False},
}


def eui64(ieee: str | int) -> t.EUI64:
    """An IEEE address as zigpy and ZHA key devices."""
    return t.EUI64.convert(ieee if isinstance(ieee, str) else f"{ieee:016x}")


def ieee_number(ieee: str) -> int:
    """An IEEE address as the simulator keys devices."""
    return int(ieee.replace(":", ""), 16)


async def start_gateway(coordinator: VirtualCoordinator, database: Path | None = None) -> Gateway:
    """Start ZHA the way Home Assistant does: zhaquirks first, then the XBee radio."""
    config = ZHAData(
        config=ZHAConfiguration(
            # zigpy's "no flow control", as Home Assistant stores it for a socket.
            coordinator_configuration=CoordinatorConfiguration(
                path=coordinator.url, flow_control=None, radio_type="xbee"
            ),
            quirks_configuration=QuirksConfiguration(setup_function=zhaquirks.setup),
        ),
        zigpy_config={
            **ZIGPY_CONFIG,
            conf.CONF_DATABASE: None if database is None else str(database),
        },
    )
    gateway = await Gateway.async_from_config(config)
    async with asyncio.timeout(TIMEOUT):
        await gateway.async_initialize()
    return gateway


async def join(
    gateway: Gateway, coordinator: VirtualCoordinator, spec: ModelSpec, ieee: str
) -> tuple[VirtualDevice, Device]:
    """Power a sensor of the model on, let zigpy interview it and ZHA configure it."""
    done = asyncio.get_running_loop().create_future()

    def initialized(event: DeviceFullInitEvent) -> None:
        info = event.device_info
        if info.ieee == eui64(ieee) and info.pairing_status is DevicePairingStatus.INITIALIZED:
            done.set_result(None)

    unsubscribe = gateway.on_event(DeviceFullInitEvent.event, initialized)
    try:
        # The adapter's own join button: no need to go through ZHA's permit.
        coordinator.permit(JOIN_SECONDS)
        sensor = coordinator.join(spec.kind, ieee=ieee_number(ieee))
        async with asyncio.timeout(TIMEOUT):
            await done
    finally:
        unsubscribe()
    await gateway.async_block_till_done()
    return sensor, gateway.devices[eui64(ieee)]


class _Heard:
    """A zigpy application listener that resolves on the first frame from one device."""

    def __init__(self, ieee: t.EUI64) -> None:
        self.ieee = ieee
        self.frame: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def handle_message(self, device: zigpy.device.Device, *_frame: object) -> None:
        if device.ieee == self.ieee and not self.frame.done():
            self.frame.set_result(None)


@asynccontextmanager
async def heard_from(
    app: zigpy.application.ControllerApplication, sensor: VirtualDevice
) -> AsyncIterator[None]:
    """On leaving the block, wait until zigpy has handled a frame the sensor sent in it."""
    listener = _Heard(eui64(sensor.ieee))
    app.add_listener(listener)
    try:
        yield
        async with asyncio.timeout(TIMEOUT):
            await listener.frame
    finally:
        app.remove_listener(listener)


async def send(gateway: Gateway, sensor: VirtualDevice, change: Callable[[], None]) -> None:
    """Let the sensor send a frame (`change` calls the simulator) and ZHA handle it."""
    async with heard_from(gateway.application_controller, sensor):
        change()
    await gateway.async_block_till_done()


def received(sensor: VirtualDevice) -> list[tuple[int, foundation.ZCLHeader, bytes]]:
    """The ZCL frames the sensor heard from the coordinator, decoded by zigpy."""
    return [
        (frame.cluster, *foundation.ZCLHeader.deserialize(frame.data))
        for frame in sensor.received
        if frame.dst_ep != 0
    ]


def entity_specs(device: Device) -> set[EntitySpec]:
    """The Home Assistant entities ZHA made for `device`, in the document's terms."""
    return {
        EntitySpec(
            platform=str(platform),
            suffix=entity.unique_id.removeprefix(f"{device.ieee}-"),
            device_class=None if entity.device_class is None else str(entity.device_class),
            category=None if entity.entity_category is None else str(entity.entity_category),
            enabled=entity.entity_registry_enabled_default,
        )
        for (platform, _), entity in device.platform_entities.items()
        if platform != "virtual"
    }


def entity(device: Device, suffix: str) -> Any:
    """The ZHA entity whose unique id ends in `-{suffix}`."""
    (found,) = (
        candidate
        for candidate in device.platform_entities.values()
        if candidate.unique_id == f"{device.ieee}-{suffix}"
    )
    return found
