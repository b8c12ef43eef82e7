"""Raw advertising data as a scanner parses it."""

from bluetooth_data_tools import parse_advertisement_data_bytes
import pytest

from simulator.esphome import Advertisement
from simulator.esphome.advertising import AdvertisementTooLongError, raw_advertising_data

BATTERY = "0000180f-0000-1000-8000-00805f9b34fb"
CUSTOM = "5c0c0001-8d3f-4a4b-9e0a-2f6c6f636b00"


def test_every_field_survives_a_scanner() -> None:
    """Short and long UUIDs, service data of both sizes, manufacturer data and the name."""
    adv = Advertisement(
        local_name="SC",
        manufacturer_data={0x0F5C: b"SC\x01\x09"},
        service_uuids=(CUSTOM, BATTERY),
        service_data={BATTERY: b"\x50", CUSTOM: b"\x01"},
    )

    name, uuids, service_data, manufacturer, tx_power = parse_advertisement_data_bytes(
        raw_advertising_data(adv)
    )

    assert name == "SC"
    assert sorted(uuids) == sorted([CUSTOM, BATTERY])
    assert service_data == {BATTERY: b"\x50", CUSTOM: b"\x01"}
    assert manufacturer == {0x0F5C: b"SC\x01\x09"}
    assert tx_power is None


def test_flags_come_first_and_nothing_else_when_empty() -> None:
    """An empty advertisement is just the discoverable flags."""
    assert raw_advertising_data(Advertisement()) == b"\x02\x01\x06"


def test_more_than_advert_and_scan_response_is_refused() -> None:
    """Over 62 bytes cannot be on the air."""
    with pytest.raises(AdvertisementTooLongError, match="63 bytes"):
        raw_advertising_data(Advertisement(local_name="x" * 58))
