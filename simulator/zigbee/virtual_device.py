"""A joined virtual device: its live attribute values and how it answers ZDO and ZCL."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
import logging

from . import zcl, zdo
from .devices import (
    IAS_CIE_ADDRESS,
    IAS_ZONE_CLUSTER,
    IAS_ZONE_ID,
    IAS_ZONE_STATE,
    IAS_ZONE_STATUS,
    IAS_ZONE_TYPE,
    DeviceSpec,
    EndpointSpec,
)
from .errors import CatalogueError, ZclError
from .zcl_types import AttributeValue, ZclType, check_value, encode_value

_LOGGER = logging.getLogger(__name__)

_CONTROLLER_ENDPOINT = 1
_ZONE_STATUS_CHANGE = 0x00
_ZONE_ENROLL_REQUEST = 0x01
_ZONE_ENROLL_RESPONSE = 0x00
_ZONE_ENROLLED = 0x01
_IDENTIFY_CLUSTER = 0x0003
_IDENTIFY = 0x00
_MANUFACTURER_CLUSTERS = 0xFC00
# Attributes of client (output) clusters a controller reads: the OTA client's current file
# version, which zigpy asks every device with an OTA client for while interviewing it.
_CLIENT_ATTRIBUTES: dict[tuple[int, int], tuple[ZclType, int]] = {
    (0x0019, 0x0002): (ZclType.UINT32, 0x0000_0001),
}
_WRITE_COMMANDS = (
    zcl.WRITE_ATTRIBUTES,
    zcl.WRITE_ATTRIBUTES_UNDIVIDED,
    zcl.WRITE_ATTRIBUTES_NO_RESPONSE,
)

# Enough for a whole interview and configuration by ZHA, bounded for a long-running demo.
_RECEIVED_KEPT = 512

type AttributeKey = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class ApsFrame:
    """One application frame between the coordinator and a device."""

    src_ep: int
    dst_ep: int
    cluster: int
    profile: int
    data: bytes


class VirtualDevice:
    """A device of some kind that has joined the network."""

    def __init__(
        self,
        *,
        kind: str,
        spec: DeviceSpec,
        ieee: int,
        nwk: int,
        attributes: dict[AttributeKey, AttributeValue] | None = None,
        bindings: tuple[zdo.Binding, ...] = (),
    ) -> None:
        self.kind = kind
        self.spec = spec
        self.ieee = ieee
        self.nwk = nwk
        self.attributes = spec.initial_attributes()
        for key, value in (attributes or {}).items():
            self.attributes[key] = check_value(spec.attribute_type(*key), value)
        self.bindings = list(bindings)
        # What the device heard from the coordinator, newest last, so a test or a script
        # can check how it was configured (e.g. under which manufacturer code).
        self.received: deque[ApsFrame] = deque(maxlen=_RECEIVED_KEPT)
        self._tsn = 0

    def announce(self) -> ApsFrame:
        """The Device_annce the device sends right after joining."""
        data = zdo.device_announce(self._next_tsn(), self.nwk, self.ieee, self.spec)
        return self._zdo(zdo.DEVICE_ANNOUNCE, 0, data)

    def handle(self, frame: ApsFrame) -> list[ApsFrame]:
        """Answer a frame from the coordinator; malformed frames are dropped as on air."""
        self.received.append(frame)
        try:
            if frame.dst_ep == zdo.ZDO_ENDPOINT:
                return self._handle_zdo(frame)
            return self._handle_zcl(frame)
        except ZclError as err:
            _LOGGER.debug("%s dropped a malformed frame: %s", self.spec.model, err)
            return []

    def report(self, endpoint: int, cluster: int, values: dict[int, AttributeValue]) -> ApsFrame:
        """Change attributes and return the Report Attributes frame announcing them."""
        records = b""
        for attribute, value in values.items():
            zcl_type = self._set(endpoint, cluster, attribute, value)
            records += zcl.encode_attribute(attribute, zcl_type, value)
        data = zcl.encode_frame(
            tsn=self._next_tsn(),
            command=zcl.REPORT_ATTRIBUTES,
            payload=records,
            # A manufacturer's own cluster is reported under its code, as real devices do;
            # without it the controller cannot tell the attributes from standard ones.
            manufacturer_code=self.spec.manufacturer_code
            if cluster >= _MANUFACTURER_CLUSTERS
            else None,
        )
        return self._to_controller(endpoint, cluster, data)

    def zone_status_change(self, endpoint: int, zone_status: int) -> ApsFrame:
        """Change the IAS zone status and return the Zone Status Change Notification."""
        self._set(endpoint, IAS_ZONE_CLUSTER, IAS_ZONE_STATUS, zone_status)
        zone_id = self._number(endpoint, IAS_ZONE_CLUSTER, IAS_ZONE_ID)
        payload = zone_status.to_bytes(2, "little") + bytes([0, zone_id]) + bytes(2)
        return self._ias_command(endpoint, _ZONE_STATUS_CHANGE, payload)

    def ias_endpoint(self) -> int:
        """The endpoint carrying the IAS Zone cluster."""
        for endpoint in self.spec.endpoints:
            if endpoint.cluster(IAS_ZONE_CLUSTER) is not None:
                return endpoint.id
        raise CatalogueError(f"{self.spec.model} has no IAS Zone cluster")

    def _set(self, endpoint: int, cluster: int, attribute: int, value: AttributeValue) -> ZclType:
        zcl_type = self.spec.attribute_type(endpoint, cluster, attribute)
        self.attributes[endpoint, cluster, attribute] = check_value(zcl_type, value)
        return zcl_type

    def _next_tsn(self) -> int:
        self._tsn = (self._tsn + 1) & 0xFF
        return self._tsn

    def _zdo(self, cluster: int, dst_ep: int, data: bytes) -> ApsFrame:
        return ApsFrame(zdo.ZDO_ENDPOINT, dst_ep, cluster, zdo.ZDO_PROFILE, data)

    def _to_controller(self, endpoint: int, cluster: int, data: bytes) -> ApsFrame:
        dst_ep = next(
            (b.dst_ep for b in self.bindings if b.src_ep == endpoint and b.cluster == cluster),
            _CONTROLLER_ENDPOINT,
        )
        spec = self.spec.endpoint(endpoint)
        if spec is None:
            raise CatalogueError(f"{self.spec.model} has no endpoint {endpoint}")
        return ApsFrame(endpoint, dst_ep, cluster, spec.profile, data)

    def _number(self, endpoint: int, cluster: int, attribute: int) -> int:
        value = self.attributes.get((endpoint, cluster, attribute))
        if not isinstance(value, int):
            raise CatalogueError(f"{self.spec.model} lacks numeric attribute 0x{attribute:04X}")
        return value

    # ZDO

    def _handle_zdo(self, frame: ApsFrame) -> list[ApsFrame]:
        if frame.cluster & zdo.RESPONSE:
            return []
        request = zdo.parse_request(frame.data)
        body = self._zdo_response_body(frame.cluster, request.body)
        return [self._zdo(frame.cluster | zdo.RESPONSE, frame.src_ep, bytes([request.tsn]) + body)]

    def _zdo_response_body(self, cluster: int, body: bytes) -> bytes:
        handlers = {
            zdo.NWK_ADDR_REQ: self._zdo_address,
            zdo.IEEE_ADDR_REQ: self._zdo_address,
            zdo.NODE_DESC_REQ: self._zdo_node_descriptor,
            zdo.ACTIVE_EP_REQ: self._zdo_active_endpoints,
            zdo.SIMPLE_DESC_REQ: self._zdo_simple_descriptor,
            zdo.BIND_REQ: self._zdo_bind,
            zdo.UNBIND_REQ: self._zdo_unbind,
            zdo.MGMT_LEAVE_REQ: self._zdo_leave,
        }
        handler = handlers.get(cluster)
        return bytes([zdo.NOT_SUPPORTED]) if handler is None else handler(body)

    def _zdo_address(self, _body: bytes) -> bytes:
        return bytes([zdo.SUCCESS]) + self.ieee.to_bytes(8, "little") + self._nwk_bytes()

    def _zdo_node_descriptor(self, _body: bytes) -> bytes:
        return bytes([zdo.SUCCESS]) + self._nwk_bytes() + zdo.node_descriptor(self.spec)

    def _zdo_active_endpoints(self, _body: bytes) -> bytes:
        endpoints = bytes(e.id for e in self.spec.endpoints)
        return bytes([zdo.SUCCESS]) + self._nwk_bytes() + bytes([len(endpoints)]) + endpoints

    def _zdo_simple_descriptor(self, body: bytes) -> bytes:
        if len(body) < 3:
            raise ZclError(f"short Simple_Desc_req: {body.hex()}")
        endpoint = self.spec.endpoint(body[2])
        if endpoint is None:
            return bytes([zdo.NOT_ACTIVE]) + self._nwk_bytes() + b"\x00"
        descriptor = zdo.simple_descriptor(endpoint)
        return bytes([zdo.SUCCESS]) + self._nwk_bytes() + bytes([len(descriptor)]) + descriptor

    def _zdo_bind(self, body: bytes) -> bytes:
        binding = zdo.parse_bind(body)
        if binding not in self.bindings:
            self.bindings.append(binding)
        return bytes([zdo.SUCCESS])

    def _zdo_unbind(self, body: bytes) -> bytes:
        binding = zdo.parse_bind(body)
        if binding in self.bindings:
            self.bindings.remove(binding)
        return bytes([zdo.SUCCESS])

    def _zdo_leave(self, _body: bytes) -> bytes:
        return bytes([zdo.SUCCESS])

    def _nwk_bytes(self) -> bytes:
        return self.nwk.to_bytes(2, "little")

    # ZCL

    def _handle_zcl(self, frame: ApsFrame) -> list[ApsFrame]:
        endpoint = self.spec.endpoint(frame.dst_ep)
        request = zcl.parse_frame(frame.data)
        header = request.header
        if endpoint is None or header.command == zcl.DEFAULT_RESPONSE:
            return []
        if header.server_to_client:
            if frame.cluster not in endpoint.output_clusters:
                return []
            return self._client_cluster(frame, header, request.payload)
        return self._server_cluster(endpoint, frame, request)

    def _server_cluster(
        self, endpoint: EndpointSpec, frame: ApsFrame, request: zcl.ZclFrame
    ) -> list[ApsFrame]:
        """Answer the controller acting as the client of one of the device's server clusters."""
        header = request.header
        if endpoint.cluster(frame.cluster) is None:
            return self._default_response(frame, header, zcl.UNSUPPORTED_CLUSTER)
        if header.cluster_specific:
            return self._cluster_command(frame, header, request.payload)
        if header.command in _WRITE_COMMANDS:
            return self._write(frame, header, request.payload)
        handlers = {
            zcl.READ_ATTRIBUTES: (zcl.READ_ATTRIBUTES_RESPONSE, self._read),
            zcl.CONFIGURE_REPORTING: (zcl.CONFIGURE_REPORTING_RESPONSE, self._configure),
            zcl.DISCOVER_ATTRIBUTES: (zcl.DISCOVER_ATTRIBUTES_RESPONSE, self._discover),
        }
        if header.command not in handlers:
            return self._default_response(frame, header, zcl.UNSUP_GENERAL_COMMAND)
        response, handler = handlers[header.command]
        payload = handler(frame.dst_ep, frame.cluster, request.payload)
        return self._reply(frame, header, response, payload)

    def _read(self, endpoint: int, cluster: int, payload: bytes) -> bytes:
        return b"".join(
            self._read_record(endpoint, cluster, attribute)
            for attribute in zcl.parse_attribute_ids(payload)
        )

    def _configure(self, _endpoint: int, _cluster: int, _payload: bytes) -> bytes:
        # Reports go out whenever the control API changes a value, so every reporting
        # configuration is accepted as is.
        return bytes([zcl.SUCCESS])

    def _read_record(self, endpoint: int, cluster: int, attribute: int) -> bytes:
        value = self.attributes.get((endpoint, cluster, attribute))
        if value is None:
            return attribute.to_bytes(2, "little") + bytes([zcl.UNSUPPORTED_ATTRIBUTE])
        zcl_type = self.spec.attribute_type(endpoint, cluster, attribute)
        return (
            attribute.to_bytes(2, "little")
            + bytes([zcl.SUCCESS, zcl_type])
            + encode_value(zcl_type, value)
        )

    def _discover(self, endpoint: int, cluster: int, payload: bytes) -> bytes:
        if len(payload) < 3:
            raise ZclError(f"short Discover Attributes: {payload.hex()}")
        start = int.from_bytes(payload[:2], "little")
        ids = sorted(a for (e, c, a) in self.attributes if e == endpoint and c == cluster)
        found = [a for a in ids if a >= start]
        page = found[: payload[2]]
        records = b"".join(
            a.to_bytes(2, "little") + bytes([self.spec.attribute_type(endpoint, cluster, a)])
            for a in page
        )
        return bytes([len(page) == len(found)]) + records

    def _write(self, frame: ApsFrame, header: zcl.ZclHeader, payload: bytes) -> list[ApsFrame]:
        failures = b""
        enrolling = False
        for record in zcl.parse_write_records(payload):
            key = (frame.dst_ep, frame.cluster, record.attribute)
            status = self._write_status(key, record)
            if status != zcl.SUCCESS:
                failures += bytes([status]) + record.attribute.to_bytes(2, "little")
                continue
            self.attributes[key] = record.value
            enrolling |= (frame.cluster, record.attribute) == (IAS_ZONE_CLUSTER, IAS_CIE_ADDRESS)
        replies: list[ApsFrame] = []
        if header.command != zcl.WRITE_ATTRIBUTES_NO_RESPONSE:
            replies += self._reply(
                frame, header, zcl.WRITE_ATTRIBUTES_RESPONSE, failures or bytes([zcl.SUCCESS])
            )
        if enrolling:
            replies.append(self._enroll_request(frame.dst_ep))
        return replies

    def _write_status(self, key: AttributeKey, record: zcl.WriteRecord) -> int:
        try:
            zcl_type = self.spec.attribute_type(*key)
        except CatalogueError:
            return zcl.UNSUPPORTED_ATTRIBUTE
        if not self.spec.is_writable(*key):
            return zcl.READ_ONLY
        if zcl_type is not record.zcl_type:
            return zcl.INVALID_DATA_TYPE
        return zcl.SUCCESS

    def _enroll_request(self, endpoint: int) -> ApsFrame:
        zone_type = self._number(endpoint, IAS_ZONE_CLUSTER, IAS_ZONE_TYPE)
        payload = zone_type.to_bytes(2, "little") + self.spec.manufacturer_code.to_bytes(
            2, "little"
        )
        return self._ias_command(endpoint, _ZONE_ENROLL_REQUEST, payload)

    def _ias_command(self, endpoint: int, command: int, payload: bytes) -> ApsFrame:
        data = zcl.encode_frame(
            tsn=self._next_tsn(), command=command, payload=payload, cluster_specific=True
        )
        return self._to_controller(endpoint, IAS_ZONE_CLUSTER, data)

    def _cluster_command(
        self, frame: ApsFrame, header: zcl.ZclHeader, payload: bytes
    ) -> list[ApsFrame]:
        command = (frame.cluster, header.command)
        if command == (IAS_ZONE_CLUSTER, _ZONE_ENROLL_RESPONSE):
            if len(payload) < 2:
                raise ZclError(f"short Zone Enroll Response: {payload.hex()}")
            if payload[0] == zcl.SUCCESS:
                self.attributes[frame.dst_ep, IAS_ZONE_CLUSTER, IAS_ZONE_STATE] = _ZONE_ENROLLED
                self.attributes[frame.dst_ep, IAS_ZONE_CLUSTER, IAS_ZONE_ID] = payload[1]
            return self._default_response(frame, header, zcl.SUCCESS)
        if command == (_IDENTIFY_CLUSTER, _IDENTIFY):
            return self._default_response(frame, header, zcl.SUCCESS)
        return self._default_response(frame, header, zcl.UNSUP_CLUSTER_COMMAND)

    def _client_cluster(
        self, frame: ApsFrame, header: zcl.ZclHeader, payload: bytes
    ) -> list[ApsFrame]:
        """Answer the controller acting as the server of one of the device's client clusters."""
        if header.cluster_specific or header.command != zcl.READ_ATTRIBUTES:
            return self._default_response(frame, header, zcl.SUCCESS)
        records = b""
        for attribute in zcl.parse_attribute_ids(payload):
            known = _CLIENT_ATTRIBUTES.get((frame.cluster, attribute))
            records += attribute.to_bytes(2, "little")
            if known is None:
                records += bytes([zcl.UNSUPPORTED_ATTRIBUTE])
            else:
                zcl_type, value = known
                records += bytes([zcl.SUCCESS, zcl_type]) + encode_value(zcl_type, value)
        return self._reply(frame, header, zcl.READ_ATTRIBUTES_RESPONSE, records)

    def _reply(
        self, frame: ApsFrame, header: zcl.ZclHeader, command: int, payload: bytes
    ) -> list[ApsFrame]:
        # An answer travels the other way from the request it answers.
        data = zcl.encode_frame(
            tsn=header.tsn,
            command=command,
            payload=payload,
            manufacturer_code=header.manufacturer_code,
            server_to_client=not header.server_to_client,
        )
        return [ApsFrame(frame.dst_ep, frame.src_ep, frame.cluster, frame.profile, data)]

    def _default_response(
        self, frame: ApsFrame, header: zcl.ZclHeader, status: int
    ) -> list[ApsFrame]:
        # Errors are always reported; success only when the sender asked for it.
        if status == zcl.SUCCESS and header.disable_default_response:
            return []
        return self._reply(frame, header, zcl.DEFAULT_RESPONSE, bytes([header.command, status]))
