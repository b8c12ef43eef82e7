"""The simulator's sensors are the document's models, so the tests exercise what it states."""

import pytest

from simulator.zigbee.devices import DeviceSpec
from simulator.zigbee.vendor_sensors import VENDOR_SENSORS
from simulator.zigbee.zcl_types import ZclType

from .catalog import EndpointSignature, Signature, models

# The document's type names as the simulator's ZCL data types.
ZCL_TYPES = {
    "bool": ZclType.BOOL,
    "uint8": ZclType.UINT8,
    "uint16": ZclType.UINT16,
    "int16": ZclType.INT16,
    "enum8": ZclType.ENUM8,
    "enum16": ZclType.ENUM16,
    "map16": ZclType.BITMAP16,
    "string": ZclType.CHAR_STRING,
    "EUI64": ZclType.IEEE_ADDRESS,
}


def _signature(spec: DeviceSpec) -> Signature:
    return Signature(
        manufacturer=spec.manufacturer,
        model=spec.model,
        manufacturer_code=spec.manufacturer_code,
        mains_powered=spec.mains_powered,
        endpoints=tuple(
            EndpointSignature(
                endpoint_id=endpoint.id,
                profile_id=endpoint.profile,
                device_type=endpoint.device_type,
                in_clusters=tuple(sorted(cluster.id for cluster in endpoint.input_clusters)),
                out_clusters=tuple(sorted(endpoint.output_clusters)),
            )
            for endpoint in spec.endpoints
        ),
    )


def test_the_simulator_has_exactly_the_documented_models() -> None:
    """Every documented model can join, and the simulator adds none of its own."""
    assert sorted(VENDOR_SENSORS) == sorted(spec.kind for spec in models().values())


@pytest.mark.parametrize("model", list(models()))
def test_simulated_sensor_has_the_documented_signature(model: str) -> None:
    """Identity, power, endpoint and clusters, as zigpy's interview reads them."""
    spec = models()[model]

    assert _signature(VENDOR_SENSORS[spec.kind]) == spec.signature


@pytest.mark.parametrize("model", list(models()))
def test_simulated_sensor_holds_the_documented_attributes(model: str) -> None:
    """Every documented attribute, with its wire type and its value at join."""
    spec = models()[model]
    device = VENDOR_SENSORS[spec.kind]
    held = device.initial_attributes()

    types = {
        (1, a.cluster_id, a.attribute_id): device.attribute_type(1, a.cluster_id, a.attribute_id)
        for a in spec.attributes
    }
    assert types == {
        (1, a.cluster_id, a.attribute_id): ZCL_TYPES[a.type_name] for a in spec.attributes
    }
    assert {key: held[key] for key in spec.initial_values()} == {
        key: value for key, (_, value) in spec.initial_values().items()
    }
