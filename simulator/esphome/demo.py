"""A generic demo peripheral: a counter that echoes what is written to it."""

from collections.abc import Callable, Sequence
import struct
from uuid import UUID

from .advertising import Advertisement
from .gatt import (
    AttError,
    CharacteristicSpec,
    Property,
    Service,
    ServiceSpec,
    build_table,
)
from .peripheral import PeripheralLink

SERVICE = UUID("5c0de000-5c0d-4e5c-8c0d-5c0de5c0de00")
COUNTER = UUID("5c0de001-5c0d-4e5c-8c0d-5c0de5c0de00")
ECHO = UUID("5c0de002-5c0d-4e5c-8c0d-5c0de5c0de00")
# The vendor's company ID, with a prefix other than the locks' so that no integration's
# Bluetooth matcher (ours included) starts a discovery flow for the demo counter.
COMPANY_ID = 0x0F5C
PREFIX = b"SD"

_TABLE = build_table(
    [
        ServiceSpec(
            SERVICE,
            (
                CharacteristicSpec(COUNTER, Property.READ | Property.NOTIFY),
                CharacteristicSpec(ECHO, Property.WRITE | Property.WRITE_WITHOUT_RESPONSE),
            ),
        )
    ]
)
COUNTER_HANDLE = _TABLE[0].characteristics[0].handle
ECHO_HANDLE = _TABLE[0].characteristics[1].handle


class DemoCounter:
    """Each write to ECHO bumps the counter and comes back as a COUNTER notification.

    The counter is also in the advertisement, so every change is advertised at once.
    """

    def __init__(
        self,
        address: str = "02:5C:DE:00:00:01",
        name: str = "SC-Demo-Counter",
        *,
        rssi: int = -55,
        mtu: int = 247,
    ) -> None:
        self.address = address
        self.name = name
        self.random_address = False
        self.rssi = rssi
        self.mtu = mtu
        self.count = 0
        self.links: list[PeripheralLink] = []
        self.writes: list[bytes] = []
        self._announce: Callable[[], None] = lambda: None

    def advertisement(self) -> Advertisement:
        """Name, service and the counter as manufacturer data."""
        return Advertisement(
            local_name=self.name,
            manufacturer_data={COMPANY_ID: PREFIX + struct.pack("<I", self.count)},
            service_uuids=(str(SERVICE),),
        )

    def services(self) -> Sequence[Service]:
        """One service: COUNTER (read, notify) and ECHO (write)."""
        return _TABLE

    def attach(self, announce: Callable[[], None]) -> None:
        """Keep the callback that re-advertises."""
        self._announce = announce

    def on_connect(self, link: PeripheralLink) -> None:
        """Remember the link to notify on."""
        self.links.append(link)

    def on_disconnect(self, link: PeripheralLink) -> None:
        """Forget the link."""
        self.links.remove(link)

    def read(self, handle: int) -> bytes:
        """The counter, little-endian."""
        if handle != COUNTER_HANDLE:
            raise AttError(AttError.READ_NOT_PERMITTED)
        return struct.pack("<I", self.count)

    def on_write(self, handle: int, data: bytes, link: PeripheralLink) -> None:
        """Count the write and echo it to the writer."""
        if not data:
            raise AttError(AttError.UNLIKELY, "empty write")
        self.writes.append(data)
        self.bump()
        link.notify(COUNTER_HANDLE, data)

    def bump(self) -> None:
        """Count one more, as if a button on the device were pressed."""
        self.count += 1
        self._announce()
