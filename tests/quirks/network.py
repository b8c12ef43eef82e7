"""ZHA's gateway on the virtual radio, and joining the document's models to it."""

import asyncio
from pathlib import Path
from typing import Any, ClassVar

from zha.application.gateway import DeviceFullInitEvent, DevicePairingStatus, Gateway
from zha.application.helpers import (
    CoordinatorConfiguration,
    QuirksConfiguration,
    ZHAConfiguration,
    ZHAData,
)
from zha.zigbee.device import Device
import zhaquirks
import zigpy.config as conf

from .catalog import EntitySpec, ModelSpec
from .radio import Air, VirtualRadio, VirtualSensor

JOIN_TIMEOUT = 10


def radio_for(air: Air) -> type[VirtualRadio]:
    """A radio class bound to `air`, for code that instantiates radios itself."""
    return type("BoundVirtualRadio", (VirtualRadio,), {"air": air})


class VirtualGateway(Gateway):
    """ZHA's gateway with the virtual radio in place of the configured radio type."""

    radio: ClassVar[type[VirtualRadio]]

    def get_application_controller_data(self) -> tuple[Any, dict[str, Any]]:
        """Keep ZHA's own radio configuration, swap only the radio class."""
        _, config = super().get_application_controller_data()
        return self.radio, config


async def start_gateway(air: Air, database: Path | None = None) -> Gateway:
    """Start ZHA the way Home Assistant does: zhaquirks first, then the radio."""
    gateway_class = type("BoundGateway", (VirtualGateway,), {"radio": radio_for(air)})
    config = ZHAData(
        config=ZHAConfiguration(
            coordinator_configuration=CoordinatorConfiguration(path="/dev/virtual"),
            quirks_configuration=QuirksConfiguration(setup_function=zhaquirks.setup),
        ),
        zigpy_config={conf.CONF_DATABASE: None if database is None else str(database)},
    )
    gateway = await gateway_class.async_from_config(config)
    await gateway.async_initialize()
    return gateway


async def join(
    gateway: Gateway, air: Air, spec: ModelSpec, ieee: str
) -> tuple[VirtualSensor, Device]:
    """Power a sensor of the model on, let zigpy interview it and ZHA configure it."""
    sensor = spec.build(air.add(spec.signature, ieee))
    done = asyncio.get_running_loop().create_future()

    def initialized(event: DeviceFullInitEvent) -> None:
        info = event.device_info
        if info.ieee == sensor.ieee and info.pairing_status is DevicePairingStatus.INITIALIZED:
            done.set_result(None)

    unsubscribe = gateway.on_event(DeviceFullInitEvent.event, initialized)
    try:
        air.join(sensor)
        async with asyncio.timeout(JOIN_TIMEOUT):
            await done
    finally:
        unsubscribe()
    await gateway.async_block_till_done()
    return sensor, gateway.devices[sensor.ieee]


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
