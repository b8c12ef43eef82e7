"""Framing, AT registers, device answers and persistence of the virtual coordinator."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.zigbee import (
    CatalogueError,
    FrameError,
    JoinNotPermittedError,
    StateFileError,
    VirtualCoordinator,
    VirtualDevice,
    ZclError,
    xbee_frames as xf,
    zcl,
)
from simulator.zigbee.catalogue import CONTACT_SENSOR
from simulator.zigbee.radio import AtStatus, NetworkSettings, Radio
from simulator.zigbee.vendor_sensors import MANUFACTURER_CODE, VENDOR_CLUSTER, VENDOR_SENSORS
from simulator.zigbee.virtual_device import ApsFrame
from simulator.zigbee.zcl_types import AttributeValue, ZclType, decode_value, encode_value


def test_frames_survive_escaping_noise_and_split_reads() -> None:
    data = bytes([0x08, 0x7E, 0x7D, 0x11, 0x13, 0x41])
    encoded = xf.encode_frame(data)
    decoder = xf.FrameDecoder()

    assert b"\x7e" not in encoded[1:]
    assert decoder.feed(b"noise" + encoded[:4]) == []
    assert decoder.feed(encoded[4:] + encoded) == [data, data]


def test_bad_checksum_and_cut_frames_are_dropped() -> None:
    good = xf.encode_frame(b"\x08\x01MY")
    corrupted = good[:-1] + bytes([good[-1] ^ 0xFF])
    decoder = xf.FrameDecoder()

    assert decoder.feed(corrupted + good[:3] + good) == [b"\x08\x01MY"]


@pytest.mark.parametrize(
    "data", [b"", b"\x42\x01", b"\x08\x01M", b"\x08\x01\xff\xfe", b"\x11\x01\x00"]
)
def test_unusable_host_frames_are_rejected(data: bytes) -> None:
    with pytest.raises(FrameError):
        xf.parse_host_frame(data)


def test_at_register_rules() -> None:
    radio = Radio(NetworkSettings.random())

    assert radio.command("NK", b"", queued=False).value == b""
    assert radio.command("ZZ", b"", queued=False).status is AtStatus.INVALID_COMMAND
    assert radio.command("ZZ", b"\x01", queued=False).status is AtStatus.INVALID_COMMAND
    assert radio.command("MY", b"\x00\x01", queued=False).status is AtStatus.INVALID_PARAMETER
    assert radio.command("NJ", b"\x01\x02", queued=False).status is AtStatus.INVALID_PARAMETER
    assert radio.command("SP", b"\x07", queued=False).status is AtStatus.OK
    assert radio.command("SP", b"", queued=False).value == b"\x00\x07"


def test_zero_extended_pan_id_picks_a_random_one() -> None:
    radio = Radio(NetworkSettings.random())

    radio.command("ID", bytes(8), queued=True)
    radio.command("AC", b"", queued=False)

    assert radio.settings.extended_pan_id != 0


def test_zcl_values_are_checked() -> None:
    assert encode_value(ZclType.INT16, -2) == b"\xfe\xff"
    assert decode_value(ZclType.CHAR_STRING, b"\x02hi!") == ("hi", b"!")
    bad_values: list[tuple[ZclType, AttributeValue]] = [
        (ZclType.UINT8, 256),
        (ZclType.UINT8, "x"),
        (ZclType.CHAR_STRING, 1),
        (ZclType.CHAR_STRING, "x" * 255),
    ]
    for zcl_type, value in bad_values:
        with pytest.raises(ZclError):
            encode_value(zcl_type, value)
    for zcl_type, raw in [
        (ZclType.UINT16, b"\x01"),
        (ZclType.CHAR_STRING, b""),
        (ZclType.CHAR_STRING, b"\x05ab"),
        (ZclType.CHAR_STRING, b"\x01\xff"),
    ]:
        with pytest.raises(ZclError):
            decode_value(zcl_type, raw)


def _request(cluster: int, command: int, payload: bytes, *, specific: bool = False) -> ApsFrame:
    data = zcl.encode_frame(
        tsn=9,
        command=command,
        payload=payload,
        cluster_specific=specific,
        server_to_client=False,
        disable_default_response=False,
    )
    return ApsFrame(1, 1, cluster, 0x0104, data)


def _answer(device: VirtualDevice, request: ApsFrame) -> tuple[int, bytes]:
    (reply,) = device.handle(request)
    frame = zcl.parse_frame(reply.data)
    assert frame.header.tsn == 9
    return frame.header.command, frame.payload


def test_device_reports_zcl_errors() -> None:
    device = VirtualDevice(kind="contact", spec=CONTACT_SENSOR, ieee=1, nwk=2)

    assert _answer(device, _request(0x0000, zcl.READ_ATTRIBUTES, b"\x34\x12")) == (
        zcl.READ_ATTRIBUTES_RESPONSE,
        b"\x34\x12\x86",
    )
    assert _answer(device, _request(0x0006, zcl.READ_ATTRIBUTES, b"\x00\x00")) == (
        zcl.DEFAULT_RESPONSE,
        bytes([zcl.READ_ATTRIBUTES, zcl.UNSUPPORTED_CLUSTER]),
    )
    assert _answer(device, _request(0x0500, 0x11, b"")) == (
        zcl.DEFAULT_RESPONSE,
        bytes([0x11, zcl.UNSUP_GENERAL_COMMAND]),
    )
    assert _answer(device, _request(0x0500, 0x05, b"", specific=True)) == (
        zcl.DEFAULT_RESPONSE,
        bytes([0x05, zcl.UNSUP_CLUSTER_COMMAND]),
    )
    write = b"\x01\x00\x31\x15\x00" + b"\x10\x00\x20\x01" + b"\x99\x00\x20\x01"
    assert _answer(device, _request(0x0500, zcl.WRITE_ATTRIBUTES, write)) == (
        zcl.WRITE_ATTRIBUTES_RESPONSE,
        bytes([zcl.READ_ONLY, 0x01, 0x00, zcl.INVALID_DATA_TYPE, 0x10, 0x00])
        + bytes([zcl.UNSUPPORTED_ATTRIBUTE, 0x99, 0x00]),
    )
    assert device.handle(ApsFrame(1, 1, 0x0500, 0x0104, b"\x00")) == []


def test_device_discovers_attributes_in_pages() -> None:
    device = VirtualDevice(kind="contact", spec=CONTACT_SENSOR, ieee=1, nwk=2)

    command, payload = _answer(device, _request(0x0500, zcl.DISCOVER_ATTRIBUTES, b"\x01\x00\x02"))

    assert command == zcl.DISCOVER_ATTRIBUTES_RESPONSE
    assert payload == b"\x00" + b"\x01\x00\x31" + b"\x02\x00\x19"


def test_manufacturer_cluster_is_reported_under_the_manufacturer_code() -> None:
    device = VirtualDevice(kind="sc-sd01", spec=VENDOR_SENSORS["sc-sd01"], ieee=1, nwk=2)

    vendor = zcl.parse_frame(device.report(1, VENDOR_CLUSTER, {0x0002: 2}).data).header
    standard = zcl.parse_frame(device.report(1, 0x0001, {0x0021: 30}).data).header

    assert (vendor.command, vendor.manufacturer_code) == (zcl.REPORT_ATTRIBUTES, MANUFACTURER_CODE)
    assert standard.manufacturer_code is None


def test_device_keeps_what_it_heard() -> None:
    device = VirtualDevice(kind="contact", spec=CONTACT_SENSOR, ieee=1, nwk=2)
    read = _request(0x0000, zcl.READ_ATTRIBUTES, b"\x05\x00")

    _answer(device, read)

    assert [frame.data for frame in device.received] == [read.data]


def test_device_answers_unknown_zdo_requests_with_not_supported() -> None:
    device = VirtualDevice(kind="contact", spec=CONTACT_SENSOR, ieee=1, nwk=2)

    (reply,) = device.handle(ApsFrame(0, 0, 0x0038, 0, b"\x05\x00"))

    assert (reply.cluster, reply.data) == (0x8038, b"\x05\x84")
    assert device.handle(ApsFrame(0, 0, 0x0004, 0, b"\x05\x02")) == []


async def test_join_needs_an_open_network_and_a_known_kind(
    coordinator: VirtualCoordinator,
) -> None:
    with pytest.raises(JoinNotPermittedError):
        coordinator.join("contact")
    coordinator.permit(60)
    with pytest.raises(CatalogueError):
        coordinator.join("toaster")
    with pytest.raises(CatalogueError):
        coordinator.set_zone_status(0x1234, 1)
    climate = coordinator.join("climate")
    with pytest.raises(CatalogueError):
        coordinator.set_zone_status(climate.ieee, 1)
    coordinator.permit(0)
    assert not coordinator.permit_joining


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"version": 2}',
        '{"version": 1, "network": []}',
        '{"version": 1, "network": {"ieee": "01"}, "devices": []}',
    ],
)
def test_unreadable_state_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(content)

    with pytest.raises(StateFileError):
        VirtualCoordinator(state_path=path)


async def test_state_with_an_unknown_device_kind_is_refused(
    coordinator: VirtualCoordinator, state_path: Path
) -> None:
    coordinator.permit(60)
    coordinator.join("motion")

    with pytest.raises(StateFileError, match="unknown device kind"):
        VirtualCoordinator(state_path=state_path, catalogue={"contact": CONTACT_SENSOR})
