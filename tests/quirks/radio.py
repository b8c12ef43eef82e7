"""A zigpy radio with no hardware behind it, and sensors that answer it over the air.

`VirtualRadio` implements only what zigpy leaves abstract. Every request zigpy sends
goes to `send_packet`, which hands it to the addressed `VirtualSensor`; the sensor's
answers come back through `packet_received`, the same way a real radio delivers them.
So a join is a real zigpy interview and every read, write, bind and reporting setup ZHA
performs travels as encoded ZDO/ZCL frames.
"""

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
import itertools
from typing import Any, ClassVar

import zigpy.application
import zigpy.config as conf
import zigpy.device
import zigpy.endpoint
import zigpy.exceptions
from zigpy.profiles import zha
import zigpy.state
import zigpy.types as t
from zigpy.zcl import foundation
from zigpy.zcl.clusters.security import IasZone
import zigpy.zdo.types as zdo_t

COORDINATOR_IEEE = t.EUI64.convert("00:12:4b:00:1c:a1:b2:c3")
ZCL_TYPES: dict[str, foundation.DataTypeId] = {
    "bool": foundation.DataTypeId.bool_,
    "uint8": foundation.DataTypeId.uint8,
    "uint16": foundation.DataTypeId.uint16,
    "int16": foundation.DataTypeId.int16,
    "enum8": foundation.DataTypeId.enum8,
    "enum16": foundation.DataTypeId.enum16,
    "map16": foundation.DataTypeId.map16,
    "string": foundation.DataTypeId.string,
    "EUI64": foundation.DataTypeId.EUI64,
}


def typed(type_name: str, value: Any) -> foundation.TypeValue:
    """A ZCL value of the named wire type."""
    type_id = ZCL_TYPES[type_name]
    python_type = foundation.DataType.from_type_id(type_id).python_type
    return foundation.TypeValue(type=type_id, value=python_type(value))


def node_descriptor(
    logical_type: zdo_t.LogicalType,
    mac_capabilities: zdo_t.NodeDescriptor.MACCapabilityFlags,
    manufacturer_code: int,
) -> zdo_t.NodeDescriptor:
    """A 2.4 GHz node descriptor with the usual buffer sizes."""
    return zdo_t.NodeDescriptor(
        logical_type=logical_type,
        complex_descriptor_available=0,
        user_descriptor_available=0,
        reserved=0,
        aps_flags=0,
        frequency_band=zdo_t.NodeDescriptor.FrequencyBand.Freq2400MHz,
        mac_capability_flags=mac_capabilities,
        manufacturer_code=manufacturer_code,
        maximum_buffer_size=82,
        maximum_incoming_transfer_size=82,
        server_mask=0,
        maximum_outgoing_transfer_size=82,
        descriptor_capability_field=zdo_t.NodeDescriptor.DescriptorCapability.NONE,
    )


@dataclass(frozen=True, slots=True)
class EndpointSignature:
    """One endpoint as its simple descriptor states it."""

    endpoint_id: int
    profile_id: int
    device_type: int
    in_clusters: tuple[int, ...]
    out_clusters: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Signature:
    """What a sensor tells the coordinator about itself when it is interviewed."""

    manufacturer: str
    model: str
    manufacturer_code: int
    mains_powered: bool
    endpoints: tuple[EndpointSignature, ...]


@dataclass(frozen=True, slots=True)
class Frame:
    """One over-the-air frame, from the sensor's point of view."""

    endpoint_id: int
    cluster_id: int
    data: bytes


@dataclass
class VirtualSensor:
    """A sensor on the air: it answers interview, ZCL and binding requests."""

    ieee: t.EUI64
    nwk: t.NWK
    signature: Signature
    attributes: dict[tuple[int, int, int], foundation.TypeValue] = field(default_factory=dict)
    received: list[tuple[int, foundation.ZCLHeader, bytes]] = field(default_factory=list)
    _tsn: Iterator[int] = field(default_factory=lambda: itertools.cycle(range(256)))

    def set(
        self, endpoint_id: int, cluster_id: int, attribute_id: int, value: foundation.TypeValue
    ) -> None:
        """Change an attribute inside the device, without telling anyone."""
        self.attributes[(endpoint_id, cluster_id, attribute_id)] = value

    def value(self, endpoint_id: int, cluster_id: int, attribute_id: int) -> Any:
        """What the device holds now, e.g. after the coordinator wrote it."""
        return self.attributes[(endpoint_id, cluster_id, attribute_id)].value

    @property
    def node_descriptor(self) -> zdo_t.NodeDescriptor:
        """A router when mains powered, otherwise a sleepy end device."""
        flags = zdo_t.NodeDescriptor.MACCapabilityFlags
        if self.signature.mains_powered:
            return node_descriptor(
                zdo_t.LogicalType.Router,
                flags.FullFunctionDevice | flags.MainsPowered | flags.RxOnWhenIdle,
                self.signature.manufacturer_code,
            )
        return node_descriptor(
            zdo_t.LogicalType.EndDevice, flags.AllocateAddress, self.signature.manufacturer_code
        )

    def next_tsn(self) -> int:
        """The sequence number of the next frame the device starts."""
        return next(self._tsn)

    def answer(self, packet: t.ZigbeePacket) -> list[Frame]:
        """Answer one request from the coordinator."""
        if packet.dst_ep == 0:
            return self._answer_zdo(packet.cluster_id, packet.data.serialize())
        return self._answer_zcl(packet.dst_ep, packet.cluster_id, packet.data.serialize())

    def _answer_zdo(self, cluster_id: int, data: bytes) -> list[Frame]:
        tsn, payload = t.uint8_t.deserialize(data)
        command = zdo_t.ZDOCmd(cluster_id)
        _, schema = zdo_t.CLUSTERS[command]
        args, _ = t.deserialize(payload, schema)
        success = zdo_t.Status.SUCCESS
        match command:
            case zdo_t.ZDOCmd.Node_Desc_req:
                reply = [success, self.nwk, self.node_descriptor]
            case zdo_t.ZDOCmd.Active_EP_req:
                endpoints = [ep.endpoint_id for ep in self.signature.endpoints]
                reply = [success, self.nwk, endpoints]
            case zdo_t.ZDOCmd.Simple_Desc_req:
                endpoint = next(ep for ep in self.signature.endpoints if ep.endpoint_id == args[1])
                descriptor = zdo_t.SizePrefixedSimpleDescriptor(
                    endpoint=endpoint.endpoint_id,
                    profile=endpoint.profile_id,
                    device_type=endpoint.device_type,
                    device_version=1,
                    input_clusters=list(endpoint.in_clusters),
                    output_clusters=list(endpoint.out_clusters),
                )
                reply = [success, self.nwk, descriptor]
            case zdo_t.ZDOCmd.Bind_req | zdo_t.ZDOCmd.Unbind_req:
                reply = [success]
            case _:
                return []
        response = zdo_t.ZDOCmd(command | 0x8000)
        _, response_schema = zdo_t.CLUSTERS[response]
        return [
            Frame(0, response, t.uint8_t(tsn).serialize() + t.serialize(reply, response_schema))
        ]

    def _answer_zcl(self, endpoint_id: int, cluster_id: int, data: bytes) -> list[Frame]:
        header, payload = foundation.ZCLHeader.deserialize(data)
        self.received.append((cluster_id, header, payload))
        if header.frame_control.is_cluster:
            if header.frame_control.disable_default_response:
                return []
            reply: foundation.CommandSchema = foundation.DefaultResponse(
                command_id=header.command_id, status=foundation.Status.SUCCESS
            )
            return [
                self._reply(
                    endpoint_id,
                    cluster_id,
                    header,
                    foundation.GeneralCommand.Default_Response,
                    reply,
                )
            ]
        command = foundation.GeneralCommand(header.command_id)
        request, _ = foundation.GENERAL_COMMANDS[command].schema.deserialize(payload)
        match command:
            case foundation.GeneralCommand.Read_Attributes:
                records = [
                    self._read(endpoint_id, cluster_id, attribute_id)
                    for attribute_id in request.attribute_ids
                ]
                reply = foundation.ReadAttributesResponse(status_records=records)
                rsp = foundation.GeneralCommand.Read_Attributes_rsp
            case foundation.GeneralCommand.Write_Attributes:
                for record in request.attributes:
                    self.attributes[(endpoint_id, cluster_id, record.attrid)] = record.value
                status = foundation.WriteAttributesStatusRecord(status=foundation.Status.SUCCESS)
                reply = foundation.WriteAttributesResponseSchema(
                    status_records=foundation.WriteAttributesResponse([status])
                )
                rsp = foundation.GeneralCommand.Write_Attributes_rsp
            case foundation.GeneralCommand.Configure_Reporting:
                status_record = foundation.ConfigureReportingResponseRecord(
                    status=foundation.Status.SUCCESS
                )
                schema = foundation.GENERAL_COMMANDS[
                    foundation.GeneralCommand.Configure_Reporting_rsp
                ].schema
                reply = schema(
                    status_records=foundation.ConfigureReportingResponse([status_record])
                )
                rsp = foundation.GeneralCommand.Configure_Reporting_rsp
            case _:
                return []
        return [self._reply(endpoint_id, cluster_id, header, rsp, reply)]

    def _read(
        self, endpoint_id: int, cluster_id: int, attribute_id: int
    ) -> foundation.ReadAttributeRecord:
        value = self.attributes.get((endpoint_id, cluster_id, attribute_id))
        if value is None:
            return foundation.ReadAttributeRecord(
                attrid=attribute_id, status=foundation.Status.UNSUPPORTED_ATTRIBUTE
            )
        return foundation.ReadAttributeRecord(
            attrid=attribute_id, status=foundation.Status.SUCCESS, value=value
        )

    def _reply(
        self,
        endpoint_id: int,
        cluster_id: int,
        request: foundation.ZCLHeader,
        command: foundation.GeneralCommand,
        payload: foundation.CommandSchema,
    ) -> Frame:
        header = foundation.ZCLHeader.general(
            request.tsn, command, request.manufacturer, request.direction.flip()
        )
        return Frame(endpoint_id, cluster_id, header.serialize() + payload.serialize())

    def report(
        self, endpoint_id: int, cluster_id: int, attribute_id: int, value: foundation.TypeValue
    ) -> Frame:
        """Store a new value and report it, as a configured attribute report does."""
        self.set(endpoint_id, cluster_id, attribute_id, value)
        # Attributes of manufacturer-specific clusters are reported under the vendor's code.
        manufacturer = self.signature.manufacturer_code if cluster_id >= 0xFC00 else None
        header = foundation.ZCLHeader.general(
            self.next_tsn(),
            foundation.GeneralCommand.Report_Attributes,
            manufacturer,
            foundation.Direction.Server_to_Client,
        )
        reports = t.List[foundation.Attribute](
            [foundation.Attribute(attrid=attribute_id, value=value)]
        )
        return Frame(endpoint_id, cluster_id, header.serialize() + reports.serialize())

    def zone_status_change(self, endpoint_id: int, zone_status: IasZone.ZoneStatus) -> Frame:
        """An IAS Zone Status Change Notification, as the sensor sends on every change."""
        self.set(endpoint_id, IasZone.cluster_id, 0x0002, typed("map16", zone_status))
        header = foundation.ZCLHeader.cluster(
            self.next_tsn(),
            IasZone.ClientCommandDefs.status_change_notification.id,
            direction=foundation.Direction.Server_to_Client,
        )
        payload = (
            IasZone.ZoneStatus(zone_status).serialize()
            + t.bitmap8(0).serialize()
            + t.uint8_t(0).serialize()
            + t.uint16_t(0).serialize()
        )
        return Frame(endpoint_id, IasZone.cluster_id, header.serialize() + payload)


class Air:
    """The sensors in range, shared by every radio instance ZHA creates over time."""

    def __init__(self) -> None:
        """Start with an empty network."""
        self.sensors: dict[t.NWK, VirtualSensor] = {}
        self.radio: VirtualRadio | None = None
        self._nwk = itertools.count(0x1001)

    def add(self, signature: Signature, ieee: str) -> VirtualSensor:
        """Power a sensor on; it joins when `join` is called."""
        sensor = VirtualSensor(t.EUI64.convert(ieee), t.NWK(next(self._nwk)), signature)
        self.sensors[sensor.nwk] = sensor
        return sensor

    def join(self, sensor: VirtualSensor) -> None:
        """The sensor announces itself; zigpy interviews it."""
        assert self.radio is not None
        self.radio.handle_join(sensor.nwk, sensor.ieee, t.NWK(0x0000))

    def send(self, sensor: VirtualSensor, frame: Frame) -> None:
        """Deliver a frame from the sensor to whichever radio is running."""
        assert self.radio is not None
        self.radio.packet_received(
            t.ZigbeePacket(
                src=t.AddrModeAddress(addr_mode=t.AddrMode.NWK, address=sensor.nwk),
                src_ep=frame.endpoint_id,
                dst=t.AddrModeAddress(addr_mode=t.AddrMode.NWK, address=t.NWK(0x0000)),
                dst_ep=0 if frame.endpoint_id == 0 else 1,
                tsn=frame.data[0]
                if frame.endpoint_id == 0
                else foundation.ZCLHeader.deserialize(frame.data)[0].tsn,
                profile_id=0 if frame.endpoint_id == 0 else zha.PROFILE_ID,
                cluster_id=frame.cluster_id,
                data=t.SerializableBytes(frame.data),
                lqi=200,
                rssi=-40,
            )
        )


class VirtualRadio(zigpy.application.ControllerApplication):
    """A coordinator whose radio is `air`; subclass it with `air` set per test."""

    air: ClassVar[Air]

    def __init__(self, config: dict[str, Any]) -> None:
        """Switch off the background jobs a real network runs on timers."""
        super().__init__(
            {
                **config,
                conf.CONF_NWK_BACKUP_ENABLED: False,
                conf.CONF_TOPO_SCAN_ENABLED: False,
                conf.CONF_OTA: {conf.CONF_OTA_ENABLED: False},
                conf.CONF_WATCHDOG_ENABLED: False,
            }
        )

    async def connect(self) -> None:
        """Take over the air."""
        self.air.radio = self

    async def disconnect(self) -> None:
        """Let go of the air."""
        if self.air.radio is self:
            self.air.radio = None

    async def load_network_info(self, *, load_devices: bool = False) -> None:
        """A network that is always formed."""
        self.state.node_info = zigpy.state.NodeInfo(
            nwk=t.NWK(0x0000),
            ieee=COORDINATOR_IEEE,
            logical_type=zdo_t.LogicalType.Coordinator,
            model="Virtual radio",
            manufacturer="Smart Community tests",
            version="1.0",
        )
        self.state.network_info = zigpy.state.NetworkInfo(
            extended_pan_id=t.ExtendedPanId.convert("aa:bb:cc:dd:ee:ff:00:11"),
            pan_id=t.PanId(0x1A2B),
            channel=t.uint8_t(15),
            channel_mask=t.Channels.from_channel_list([15]),
            network_key=zigpy.state.Key(key=t.KeyData(range(16))),
        )

    async def write_network_info(
        self, *, network_info: zigpy.state.NetworkInfo, node_info: zigpy.state.NodeInfo
    ) -> None:
        """Nothing to persist."""

    async def reset_network_info(self) -> None:
        """Nothing to erase."""

    async def start_network(self) -> None:
        """Put the coordinator itself on the network, already interviewed."""
        coordinator = self.add_device(COORDINATOR_IEEE, t.NWK(0x0000))
        coordinator.node_desc = node_descriptor(
            zdo_t.LogicalType.Coordinator,
            zdo_t.NodeDescriptor.MACCapabilityFlags.AlternatePanCoordinator,
            manufacturer_code=0x0000,
        )
        endpoint = coordinator.add_endpoint(1)
        endpoint.status = zigpy.endpoint.Status.ZDO_INIT
        endpoint.profile_id = zha.PROFILE_ID
        endpoint.device_type = zha.DeviceType.IAS_CONTROL
        endpoint.add_input_cluster(0x0000)
        endpoint.add_output_cluster(IasZone.cluster_id)
        coordinator.model = "Virtual radio"
        coordinator.manufacturer = "Smart Community tests"
        coordinator.status = zigpy.device.Status.ENDPOINTS_INIT

    async def force_remove(self, dev: zigpy.device.Device) -> None:
        """Nothing to tell the radio."""

    async def add_endpoint(self, descriptor: zdo_t.SimpleDescriptor) -> None:
        """The virtual coordinator accepts any endpoint."""

    async def permit_ncp(self, time_s: int = 60) -> None:
        """Joins are always possible on the virtual network."""

    async def permit_with_link_key(
        self, node: t.EUI64, link_key: t.KeyData, time_s: int = 60
    ) -> None:
        """Joins are always possible on the virtual network."""

    async def send_packet(self, packet: t.ZigbeePacket) -> None:
        """Hand the frame to the addressed sensor and deliver its answers afterwards."""
        if packet.dst.addr_mode != t.AddrMode.NWK or packet.dst.address == 0x0000:
            return
        sensor = self.air.sensors.get(packet.dst.address)
        if sensor is None:
            raise zigpy.exceptions.DeliveryError("No such device on the air")
        loop = asyncio.get_running_loop()
        for frame in sensor.answer(packet):
            loop.call_soon(self.air.send, sensor, frame)
