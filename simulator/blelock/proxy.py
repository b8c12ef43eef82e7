"""A Bluetooth proxy carrying virtual locks, the way an ESPHome proxy feeds Home Assistant."""

from bleak.backends.scanner import AdvertisementData
from bluetooth_data_tools import monotonic_time_coarse
from habluetooth import BaseHaRemoteScanner, HaBluetoothConnector

from .radio import VirtualRadio


class VirtualProxy(BaseHaRemoteScanner):
    """A connectable remote scanner: advertisements of the radio's locks in, connections out."""

    def __init__(self, radio: VirtualRadio, source: str, name: str = "Virtual lock proxy") -> None:
        connector = HaBluetoothConnector(
            client=radio.backend(), source=source, can_connect=lambda: True
        )
        super().__init__(source, name, connector, connectable=True)
        self.radio = radio

    def advertise(self, address: str, rssi: int = -60) -> None:
        """Pass on what the lock at `address` advertises now."""
        self._pass_on(address, self.radio.advertisement(address, rssi))

    def advertise_data(
        self, address: str, manufacturer_data: dict[int, bytes], rssi: int = -60
    ) -> None:
        """Pass on an advertisement from `address` carrying `manufacturer_data`, whoever sent
        it: the lock, or someone in radio range posing as it."""
        adv = self.radio.advertisement(address, rssi)
        self._pass_on(address, adv._replace(manufacturer_data=manufacturer_data))

    def _pass_on(self, address: str, adv: AdvertisementData) -> None:
        self._async_on_advertisement(
            address.upper(),
            adv.rssi,
            adv.local_name,
            adv.service_uuids,
            adv.service_data,
            adv.manufacturer_data,
            adv.tx_power,
            {},
            monotonic_time_coarse(),
        )
