"""The demo's own pieces, without Home Assistant: state files, ports and flow answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.blelock import VirtualLock
from simulator.demo import lock_store
from simulator.demo.flows import FlowError, pick_option
from simulator.demo.ha_client import Json
from simulator.demo.layout import DemoPorts, LayoutError
from simulator.demo.provision import zha_ieee
from simulator.demo.stack import demo_lock
from simulator.zigbee.catalogue import DEMO_CATALOGUE
from simulator.zigbee.vendor_sensors import MANUFACTURER_CODE, VENDOR_CLUSTER, VENDOR_SENSORS


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Nothing here needs Home Assistant."""


def test_ports_round_trip(tmp_path: Path) -> None:
    """What the demo saves is what `ctl` and the provisioning read."""
    ports = DemoPorts(community=1, control=2, zigbee=3, zigbee_control=4, esphome=5)
    ports.save(tmp_path)
    assert DemoPorts.load(tmp_path) == ports
    assert DemoPorts.load(tmp_path).zigbee_path == "socket://127.0.0.1:3"


@pytest.mark.parametrize(
    "content", ["", "[]", '{"community": 1}', '{"community": 0, "control": 2, "zigbee": 3}']
)
def test_ports_refused(tmp_path: Path, content: str) -> None:
    """A missing or damaged ports file means no demo is running there."""
    if content:
        (tmp_path / "ports.json").write_text(content)
    with pytest.raises(LayoutError):
        DemoPorts.load(tmp_path)


def test_lock_remembers_its_key_across_restarts(tmp_path: Path) -> None:
    """A paired lock comes back paired and out of pairing mode; a new one waits to pair."""
    first = demo_lock(tmp_path)
    assert first.pairing_mode
    first.store_key(bytes(range(16)))
    first.operate(2, 1, 3)
    again = demo_lock(tmp_path)
    assert not again.pairing_mode
    assert again.keys == {1: bytes(range(16))}
    assert (again.lock_state, again.next_log_index) == (first.lock_state, 1)
    assert again.log == first.log


def test_damaged_lock_state_is_refused(tmp_path: Path) -> None:
    """A damaged file is an error, not a factory reset behind the resident's back."""
    path = tmp_path / "lock.json"
    path.write_text(json.dumps({"keys": {}, "log": [[1, 2, 3]]}))
    with pytest.raises(lock_store.LockStoreError):
        lock_store.restore(VirtualLock("02:00:00:00:00:01"), path)


def test_pick_option_chooses_the_listed_radio() -> None:
    """ZHA lists radio types by description; the answer picks XBee's."""
    step: Json = {
        "step_id": "manual_pick_radio_type",
        "data_schema": [{"name": "radio_type", "options": ["EZSP = ...", "XBee = Digi XBee"]}],
    }
    assert pick_option("radio_type", "XBee")(step) == {"radio_type": "XBee = Digi XBee"}
    with pytest.raises(FlowError):
        pick_option("radio_type", "ZiGate")(step)


def test_zha_ieee_format() -> None:
    """ZHA writes IEEE addresses as colon-separated pairs."""
    assert zha_ieee("0af0000000000001") == "0a:f0:00:00:00:00:00:01"


def test_vendor_sensors_follow_the_device_document() -> None:
    """Every model of docs/protocols/zigbee-devices.md joins the demo with its signature."""
    assert {spec.model for spec in VENDOR_SENSORS.values()} == {
        "SC-DW01",
        "SC-PIR01",
        "SC-WL01",
        "SC-SD01",
        "SC-GS01",
        "SC-TH01",
        "SC-SOS01",
        "SC-SR01",
    }
    for kind, spec in VENDOR_SENSORS.items():
        assert DEMO_CATALOGUE[kind] is spec
        assert (spec.manufacturer, spec.manufacturer_code) == ("SmartCommunity", MANUFACTURER_CODE)
        (endpoint,) = spec.endpoints
        assert endpoint.cluster(VENDOR_CLUSTER) is not None
        assert endpoint.output_clusters == (0x0019,)
