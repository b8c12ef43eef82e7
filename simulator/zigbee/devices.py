"""Virtual Zigbee devices described as data: what a device is, not how it talks.

A catalogue maps a kind name to a DeviceSpec; the vendor's sensor line is added by writing
more specs, without touching the coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from .errors import CatalogueError
from .zcl_types import AttributeValue, ZclType, check_value

HA_PROFILE = 0x0104
BASIC_CLUSTER = 0x0000
IAS_ZONE_CLUSTER = 0x0500
BASIC_MANUFACTURER = 0x0004
BASIC_MODEL = 0x0005
IAS_ZONE_STATE = 0x0000
IAS_ZONE_TYPE = 0x0001
IAS_ZONE_STATUS = 0x0002
IAS_CIE_ADDRESS = 0x0010
IAS_ZONE_ID = 0x0011


class LogicalType(IntEnum):
    """Zigbee logical device type as carried in the node descriptor."""

    ROUTER = 1
    END_DEVICE = 2


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    """An attribute with its type, initial value and whether the controller may write it."""

    id: int
    zcl_type: ZclType
    value: AttributeValue
    writable: bool = False

    def __post_init__(self) -> None:
        check_value(self.zcl_type, self.value)


@dataclass(frozen=True, slots=True)
class ClusterSpec:
    """A server (input) cluster and its attributes."""

    id: int
    attributes: tuple[AttributeSpec, ...] = ()

    def attribute(self, attribute_id: int) -> AttributeSpec | None:
        """Return the attribute with this id, if the cluster has it."""
        return next((a for a in self.attributes if a.id == attribute_id), None)


@dataclass(frozen=True, slots=True)
class EndpointSpec:
    """An application endpoint as its simple descriptor describes it."""

    id: int
    device_type: int
    input_clusters: tuple[ClusterSpec, ...]
    output_clusters: tuple[int, ...] = ()
    profile: int = HA_PROFILE

    def cluster(self, cluster_id: int) -> ClusterSpec | None:
        """Return the server cluster with this id, if the endpoint has it."""
        return next((c for c in self.input_clusters if c.id == cluster_id), None)


@dataclass(frozen=True, slots=True)
class DeviceSpec:
    """A kind of device: identity, radio role and endpoints.

    The Basic cluster's manufacturer and model attributes come from the fields here, so a
    spec cannot contradict itself.
    """

    manufacturer: str
    model: str
    manufacturer_code: int
    endpoints: tuple[EndpointSpec, ...]
    logical_type: LogicalType = LogicalType.END_DEVICE
    mains_powered: bool = False

    def __post_init__(self) -> None:
        if not self.endpoints:
            raise CatalogueError(f"{self.model} has no endpoints")
        ids = [endpoint.id for endpoint in self.endpoints]
        if len(set(ids)) != len(ids) or not all(1 <= i <= 240 for i in ids):
            raise CatalogueError(f"{self.model} has invalid endpoint ids {ids}")

    def endpoint(self, endpoint_id: int) -> EndpointSpec | None:
        """Return the endpoint with this id, if the device has it."""
        return next((e for e in self.endpoints if e.id == endpoint_id), None)

    def initial_attributes(self) -> dict[tuple[int, int, int], AttributeValue]:
        """Attribute values of a factory-new device, keyed by (endpoint, cluster, attribute)."""
        values: dict[tuple[int, int, int], AttributeValue] = {}
        for endpoint in self.endpoints:
            for cluster in endpoint.input_clusters:
                for attribute in cluster.attributes:
                    values[endpoint.id, cluster.id, attribute.id] = attribute.value
                if cluster.id == BASIC_CLUSTER:
                    values[endpoint.id, cluster.id, BASIC_MANUFACTURER] = self.manufacturer
                    values[endpoint.id, cluster.id, BASIC_MODEL] = self.model
        return values

    def attribute_type(self, endpoint_id: int, cluster_id: int, attribute_id: int) -> ZclType:
        """Return the data type of an attribute, or raise CatalogueError."""
        if (
            cluster_id == BASIC_CLUSTER
            and attribute_id in (BASIC_MANUFACTURER, BASIC_MODEL)
            and self._cluster(endpoint_id, cluster_id) is not None
        ):
            return ZclType.CHAR_STRING
        return self._attribute(endpoint_id, cluster_id, attribute_id).zcl_type

    def is_writable(self, endpoint_id: int, cluster_id: int, attribute_id: int) -> bool:
        """Whether the controller may write this attribute."""
        try:
            return self._attribute(endpoint_id, cluster_id, attribute_id).writable
        except CatalogueError:
            return False

    def _cluster(self, endpoint_id: int, cluster_id: int) -> ClusterSpec | None:
        endpoint = self.endpoint(endpoint_id)
        return None if endpoint is None else endpoint.cluster(cluster_id)

    def _attribute(self, endpoint_id: int, cluster_id: int, attribute_id: int) -> AttributeSpec:
        cluster = self._cluster(endpoint_id, cluster_id)
        attribute = None if cluster is None else cluster.attribute(attribute_id)
        if attribute is None:
            raise CatalogueError(
                f"{self.model} has no attribute 0x{attribute_id:04X} in cluster "
                f"0x{cluster_id:04X} on endpoint {endpoint_id}"
            )
        return attribute
