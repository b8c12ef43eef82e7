"""Persist the coordinator's network and joined devices in a JSON file.

This is the virtual radio's non-volatile memory: a restart keeps the same network, keys
and joined devices.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
import os
from pathlib import Path
from typing import cast

from .devices import DeviceSpec
from .errors import StateFileError, VirtualZigbeeError
from .radio import NetworkSettings
from .virtual_device import AttributeKey, VirtualDevice
from .zcl_types import AttributeValue
from .zdo import Binding

_VERSION = 1

type Json = dict[str, object]


@dataclass(frozen=True, slots=True)
class CoordinatorState:
    """Everything the coordinator keeps across restarts."""

    network: NetworkSettings
    devices: tuple[VirtualDevice, ...]


def save(path: Path, state: CoordinatorState) -> None:
    """Write the state atomically, readable only by its owner since it holds the key."""
    network = state.network
    document = {
        "version": _VERSION,
        "network": {
            "ieee": f"{network.ieee:016x}",
            "pan_id": network.pan_id,
            "extended_pan_id": f"{network.extended_pan_id:016x}",
            "channel": network.channel,
            "network_key": network.network_key.hex(),
            "link_key": network.link_key.hex(),
        },
        "devices": [
            {
                "kind": device.kind,
                "ieee": f"{device.ieee:016x}",
                "nwk": device.nwk,
                "attributes": [[*key, value] for key, value in device.attributes.items()],
                "bindings": [
                    [b.src_ep, b.cluster, f"{b.dst_ieee:016x}", b.dst_ep] for b in device.bindings
                ],
            }
            for device in state.devices
        ],
    }
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(document, file, indent=2)
    temporary.replace(path)


def load(path: Path, catalogue: dict[str, DeviceSpec]) -> CoordinatorState | None:
    """Read the state, or None when there is none yet."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise StateFileError(f"cannot read {path.name}: {err}") from err
    try:
        root = _object(document)
        if root.get("version") != _VERSION:
            raise StateFileError(f"unsupported state version {root.get('version')!r}")
        network = _network(_object(root["network"]))
        devices = tuple(_device(_object(d), catalogue) for d in _list(root["devices"]))
    except (KeyError, ValueError, TypeError, VirtualZigbeeError) as err:
        raise StateFileError(f"invalid state in {path.name}: {err}") from err
    return CoordinatorState(network=network, devices=devices)


def _object(value: object) -> Json:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {value!r}")
    return cast(Json, value)


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {value!r}")
    return cast(list[object], value)


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {value!r}")
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value


def _hex_int(value: object) -> int:
    return int(_str(value), 16)


def _network(raw: Json) -> NetworkSettings:
    return NetworkSettings(
        ieee=_hex_int(raw["ieee"]),
        pan_id=_int(raw["pan_id"]),
        extended_pan_id=_hex_int(raw["extended_pan_id"]),
        channel=_int(raw["channel"]),
        network_key=bytes.fromhex(_str(raw["network_key"])),
        link_key=bytes.fromhex(_str(raw["link_key"])),
    )


def _attribute(raw: object) -> tuple[AttributeKey, AttributeValue]:
    endpoint, cluster, attribute, value = _list(raw)
    if not isinstance(value, str):
        value = _int(value)
    return (_int(endpoint), _int(cluster), _int(attribute)), value


def _binding(raw: object) -> Binding:
    src_ep, cluster, dst_ieee, dst_ep = _list(raw)
    return Binding(
        src_ep=_int(src_ep), cluster=_int(cluster), dst_ieee=_hex_int(dst_ieee), dst_ep=_int(dst_ep)
    )


def _device(raw: Json, catalogue: dict[str, DeviceSpec]) -> VirtualDevice:
    kind = _str(raw["kind"])
    if kind not in catalogue:
        raise StateFileError(f"unknown device kind {kind!r}")
    return VirtualDevice(
        kind=kind,
        spec=catalogue[kind],
        ieee=_hex_int(raw["ieee"]),
        nwk=_int(raw["nwk"]),
        attributes=dict(_attribute(a) for a in _list(raw["attributes"])),
        bindings=tuple(_binding(b) for b in _list(raw["bindings"])),
    )
