"""ZDO (endpoint 0) request parsing and response building, little-endian as on air."""

from __future__ import annotations

from dataclasses import dataclass

from .devices import DeviceSpec, EndpointSpec, LogicalType
from .errors import ZclError

ZDO_PROFILE = 0x0000
ZDO_ENDPOINT = 0x00

NWK_ADDR_REQ = 0x0000
IEEE_ADDR_REQ = 0x0001
NODE_DESC_REQ = 0x0002
SIMPLE_DESC_REQ = 0x0004
ACTIVE_EP_REQ = 0x0005
DEVICE_ANNOUNCE = 0x0013
BIND_REQ = 0x0021
UNBIND_REQ = 0x0022
MGMT_LQI_REQ = 0x0031
MGMT_RTG_REQ = 0x0032
MGMT_LEAVE_REQ = 0x0034
MGMT_PERMIT_JOINING_REQ = 0x0036
RESPONSE = 0x8000

SUCCESS = 0x00
INVALID_EP = 0x82
NOT_ACTIVE = 0x83
NOT_SUPPORTED = 0x84

_ALLOCATE_ADDRESS = 0x80
_RX_ON_WHEN_IDLE = 0x08
_MAINS_POWERED = 0x04
_FULL_FUNCTION_DEVICE = 0x02
_FREQUENCY_2400_MHZ = 0x40
_MAX_BUFFER = 82
_ADDRESS_MODE_IEEE = 0x03
_LQI_ENTRIES_PER_FRAME = 3


@dataclass(frozen=True, slots=True)
class ZdoRequest:
    """A ZDO request: transaction sequence number and command-specific body."""

    tsn: int
    body: bytes


@dataclass(frozen=True, slots=True)
class Binding:
    """A binding-table entry pointing at a unicast destination."""

    src_ep: int
    cluster: int
    dst_ieee: int
    dst_ep: int


@dataclass(frozen=True, slots=True)
class Neighbor:
    """A neighbor-table entry as Mgmt_Lqi_rsp reports it."""

    ieee: int
    nwk: int
    logical_type: LogicalType
    rx_on_when_idle: bool


def parse_request(data: bytes) -> ZdoRequest:
    """Split a ZDO frame into sequence number and body."""
    if not data:
        raise ZclError("empty ZDO frame")
    return ZdoRequest(tsn=data[0], body=bytes(data[1:]))


def parse_bind(body: bytes) -> Binding:
    """Parse the body of a Bind_req or Unbind_req with a unicast (IEEE) destination."""
    if len(body) < 21 or body[11] != _ADDRESS_MODE_IEEE:
        raise ZclError(f"unsupported bind request: {body.hex()}")
    return Binding(
        src_ep=body[8],
        cluster=int.from_bytes(body[9:11], "little"),
        dst_ieee=int.from_bytes(body[12:20], "little"),
        dst_ep=body[20],
    )


def capability(spec: DeviceSpec) -> int:
    """MAC capability flags of a device, as in its node descriptor and device announce."""
    flags = _ALLOCATE_ADDRESS
    if spec.logical_type is LogicalType.ROUTER:
        flags |= _FULL_FUNCTION_DEVICE
    if spec.mains_powered:
        flags |= _MAINS_POWERED | _RX_ON_WHEN_IDLE
    return flags


def node_descriptor(spec: DeviceSpec) -> bytes:
    """The 13-byte node descriptor of a device."""
    server_mask = 0
    return (
        bytes([spec.logical_type, _FREQUENCY_2400_MHZ, capability(spec)])
        + spec.manufacturer_code.to_bytes(2, "little")
        + bytes([_MAX_BUFFER])
        + _MAX_BUFFER.to_bytes(2, "little")
        + server_mask.to_bytes(2, "little")
        + _MAX_BUFFER.to_bytes(2, "little")
        + b"\x00"
    )


def simple_descriptor(endpoint: EndpointSpec) -> bytes:
    """The simple descriptor of an endpoint, without its length prefix."""
    inputs = b"".join(c.id.to_bytes(2, "little") for c in endpoint.input_clusters)
    outputs = b"".join(c.to_bytes(2, "little") for c in endpoint.output_clusters)
    return (
        bytes([endpoint.id])
        + endpoint.profile.to_bytes(2, "little")
        + endpoint.device_type.to_bytes(2, "little")
        + b"\x00"
        + bytes([len(endpoint.input_clusters)])
        + inputs
        + bytes([len(endpoint.output_clusters)])
        + outputs
    )


def device_announce(tsn: int, nwk: int, ieee: int, spec: DeviceSpec) -> bytes:
    """Device_annce frame a device broadcasts after joining."""
    return (
        bytes([tsn])
        + nwk.to_bytes(2, "little")
        + ieee.to_bytes(8, "little")
        + bytes([capability(spec)])
    )


def lqi_response(tsn: int, extended_pan_id: int, start: int, neighbors: list[Neighbor]) -> bytes:
    """Mgmt_Lqi_rsp listing up to three neighbors from index start."""
    page = neighbors[start : start + _LQI_ENTRIES_PER_FRAME]
    entries = b"".join(
        extended_pan_id.to_bytes(8, "little")
        + n.ieee.to_bytes(8, "little")
        + n.nwk.to_bytes(2, "little")
        # Device type in bits 0-1, rx-on-when-idle in 2-3, relationship "child" (1) in 4-6.
        + bytes([n.logical_type | (int(n.rx_on_when_idle) << 2) | (1 << 4)])
        + b"\x00"  # not accepting joins
        + b"\x01"  # depth
        + b"\xff"  # link quality
        for n in page
    )
    return bytes([tsn, SUCCESS, len(neighbors), start, len(page)]) + entries
