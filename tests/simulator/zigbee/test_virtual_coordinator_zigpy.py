"""zigpy-xbee, unmodified, drives the virtual coordinator over loopback TCP."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import zigpy.config as zigpy_config
import zigpy.device
from zigpy.types import EUI64, ExtendedPanId
from zigpy.zcl import AttributeReportedEvent, Cluster
from zigpy.zcl.clusters.general import PowerConfiguration
from zigpy.zcl.clusters.measurement import TemperatureMeasurement
from zigpy.zcl.clusters.security import IasZone
from zigpy.zcl.foundation import Status
import zigpy.zdo.types as zdo_t
from zigpy_xbee.zigbee.application import ControllerApplication

from simulator.zigbee import VirtualCoordinator, VirtualDevice

from .conftest import TIMEOUT, AppFactory, DeviceJoined

ZONE_STATUS_CHANGE = 0x00


def eui64(ieee: int) -> EUI64:
    return EUI64.convert(f"{ieee:016x}")


async def join(
    app: ControllerApplication, virtual: VirtualCoordinator, kind: str
) -> tuple[VirtualDevice, zigpy.device.Device]:
    listener = DeviceJoined()
    app.add_listener(listener)
    await app.permit(60)
    device = virtual.join(kind)
    joined = await asyncio.wait_for(listener.initialized, TIMEOUT)
    app.remove_listener(listener)
    return device, joined


class ClusterEvents:
    """Queues a cluster's commands and attribute reports as zigpy delivers them."""

    def __init__(self, cluster: Cluster) -> None:
        self.commands: asyncio.Queue[tuple[int, list[Any]]] = asyncio.Queue()
        self.reports: asyncio.Queue[tuple[int, Any]] = asyncio.Queue()
        cluster.add_listener(self)
        cluster.on_event(AttributeReportedEvent.event_type, self._attribute_reported)

    def cluster_command(self, _tsn: int, command_id: int, args: list[Any]) -> None:
        self.commands.put_nowait((command_id, args))

    def _attribute_reported(self, event: AttributeReportedEvent) -> None:
        self.reports.put_nowait((event.attribute_id, event.value))


async def test_probe_and_start_on_the_coordinators_network(
    coordinator: VirtualCoordinator, start_app: AppFactory
) -> None:
    device_config = {zigpy_config.CONF_DEVICE_PATH: coordinator.url}
    assert await ControllerApplication.probe(device_config)

    app = await start_app(coordinator)

    network = coordinator.network
    assert app.state.network_info.pan_id == network.pan_id
    assert app.state.network_info.extended_pan_id == ExtendedPanId(
        network.extended_pan_id.to_bytes(8, "little")
    )
    assert app.state.network_info.channel == network.channel
    assert app.state.node_info.ieee == eui64(network.ieee)
    assert app.state.node_info.nwk == 0x0000


async def test_forming_a_network_writes_the_settings(
    coordinator: VirtualCoordinator, start_app: AppFactory
) -> None:
    network_key = bytes(range(16))
    extended_pan_id = "01:02:03:04:05:06:07:08"
    app = await start_app(
        coordinator,
        {
            zigpy_config.CONF_NWK_KEY: list(network_key),
            zigpy_config.CONF_NWK_EXTENDED_PAN_ID: extended_pan_id,
            zigpy_config.CONF_NWK_CHANNEL: 20,
        },
    )
    await join(app, coordinator, "contact")

    await asyncio.wait_for(app.form_network(), TIMEOUT)

    network = coordinator.network
    assert network.network_key == network_key
    # XBee's ID register holds the extended PAN id as a big-endian number.
    assert network.extended_pan_id == 0x0102030405060708
    assert app.state.network_info.extended_pan_id == ExtendedPanId.convert(extended_pan_id)
    assert network.channel == 20
    # Devices of the old network do not belong to the new one.
    assert coordinator.devices == {}


async def test_contact_sensor_joins_and_is_interviewed(
    coordinator: VirtualCoordinator, start_app: AppFactory
) -> None:
    app = await start_app(coordinator)

    virtual, device = await join(app, coordinator, "contact")

    assert device.ieee == eui64(virtual.ieee)
    assert device.nwk == virtual.nwk
    assert device.manufacturer == "Virtual Zigbee"
    assert device.model == "VZ-CONTACT"
    assert device.node_desc is not None
    assert device.node_desc.is_end_device
    assert device.node_desc.manufacturer_code == 0x1234
    assert list(device.endpoints) == [0, 1]
    endpoint = device.endpoints[1]
    assert endpoint.profile_id == 0x0104
    assert endpoint.device_type == 0x0402
    assert sorted(endpoint.in_clusters) == [0x0000, 0x0001, 0x0003, 0x0500]


async def test_ias_enrollment_bind_and_reporting_configuration(
    coordinator: VirtualCoordinator, start_app: AppFactory
) -> None:
    app = await start_app(coordinator)
    virtual, device = await join(app, coordinator, "motion")
    ias_zone = device.endpoints[1].in_clusters[IasZone.cluster_id]

    await ias_zone.bind()
    await ias_zone.write_attributes({"cie_addr": app.state.node_info.ieee})
    await ias_zone.enroll_response(IasZone.EnrollResponse.Success, 7)
    reporting = await ias_zone.configure_reporting("zone_status", 0, 300, 1)
    values, failures = await ias_zone.read_attributes(["zone_type", "zone_state", "zone_id"])

    assert list(reporting.values()) == [Status.SUCCESS]
    assert values == {"zone_type": 0x000D, "zone_state": 1, "zone_id": 7}
    assert not failures
    stored = coordinator.devices[virtual.ieee]
    assert stored.attributes[1, IasZone.cluster_id, 0x0010] == int(
        str(app.state.node_info.ieee).replace(":", ""), 16
    )
    assert [(b.src_ep, b.cluster) for b in stored.bindings] == [(1, IasZone.cluster_id)]


async def test_zone_status_and_attribute_reports_reach_zigpy(
    coordinator: VirtualCoordinator, start_app: AppFactory
) -> None:
    app = await start_app(coordinator)
    contact, contact_device = await join(app, coordinator, "contact")
    climate, climate_device = await join(app, coordinator, "climate")
    ias_events = ClusterEvents(contact_device.endpoints[1].in_clusters[IasZone.cluster_id])
    power_events = ClusterEvents(
        contact_device.endpoints[1].in_clusters[PowerConfiguration.cluster_id]
    )
    temperature_events = ClusterEvents(
        climate_device.endpoints[1].in_clusters[TemperatureMeasurement.cluster_id]
    )

    coordinator.set_zone_status(contact.ieee, 0x0001)
    coordinator.report_attributes(contact.ieee, 1, PowerConfiguration.cluster_id, {0x0021: 30})
    coordinator.report_attributes(
        climate.ieee, 1, TemperatureMeasurement.cluster_id, {0x0000: -1250}
    )

    command, args = await asyncio.wait_for(ias_events.commands.get(), TIMEOUT)
    assert command == ZONE_STATUS_CHANGE
    assert args[0] == IasZone.ZoneStatus.Alarm_1
    assert await asyncio.wait_for(power_events.reports.get(), TIMEOUT) == (0x0021, 30)
    assert await asyncio.wait_for(temperature_events.reports.get(), TIMEOUT) == (0, -1250)


async def test_restart_keeps_network_and_devices(state_path: Path, start_app: AppFactory) -> None:
    first = VirtualCoordinator(state_path=state_path)
    await first.start()
    app = await start_app(first)
    contact, _ = await join(app, first, "contact")
    network = first.network
    await app.shutdown()
    await first.stop()

    second = VirtualCoordinator(state_path=state_path)
    await second.start()
    try:
        assert second.network == network
        assert list(second.devices) == [contact.ieee]
        restarted = await start_app(second)
        assert restarted.state.network_info.pan_id == network.pan_id
        device = restarted.get_device(ieee=eui64(contact.ieee))
        events = ClusterEvents(device.endpoints[1].in_clusters[IasZone.cluster_id])
        second.set_zone_status(contact.ieee, 0x0004)
        command, args = await asyncio.wait_for(events.commands.get(), TIMEOUT)
        assert (command, args[0]) == (ZONE_STATUS_CHANGE, IasZone.ZoneStatus.Tamper)
    finally:
        await second.stop()


async def test_topology_scan_lists_joined_devices_as_children(
    coordinator: VirtualCoordinator, start_app: AppFactory
) -> None:
    app = await start_app(coordinator)
    contact, _ = await join(app, coordinator, "contact")
    motion, _ = await join(app, coordinator, "motion")

    await asyncio.wait_for(app.topology.scan(), TIMEOUT)

    neighbors = app.topology.neighbors[app.state.node_info.ieee]
    assert {n.ieee for n in neighbors} == {eui64(contact.ieee), eui64(motion.ieee)}
    assert {n.relationship for n in neighbors} == {zdo_t.Neighbor.Relationship.Child}
