"""What the proxy needs from a virtual peripheral, and what a peripheral gets from the proxy.

A peripheral is anything that advertises and serves a GATT table. The proxy owns the
radio side: connection slots, notification registrations and CCCDs. A peripheral only
answers reads and writes and pushes notifications through the link it was given.
"""

from collections.abc import Callable, Sequence
from typing import Protocol

from .advertising import Advertisement
from .gatt import Service


class PeripheralLink(Protocol):
    """One connection from the proxy, as the peripheral sees it."""

    def notify(self, handle: int, data: bytes) -> None:
        """Send a notification; dropped unless the central enabled it."""

    def disconnect(self) -> None:
        """Drop the connection from the peripheral's side."""


class VirtualPeripheral(Protocol):
    """A device in range of the proxy.

    `read` and `on_write` raise `gatt.AttError` to refuse an operation.
    """

    @property
    def address(self) -> str:
        """`AA:BB:CC:DD:EE:FF`."""

    @property
    def random_address(self) -> bool:
        """Whether the address is a random one (otherwise public)."""

    @property
    def rssi(self) -> int:
        """How strong it is received, in dBm."""

    @property
    def mtu(self) -> int:
        """The ATT MTU a connection settles on."""

    def advertisement(self) -> Advertisement:
        """What it advertises now."""

    def services(self) -> Sequence[Service]:
        """Its GATT table."""

    def attach(self, announce: Callable[[], None]) -> None:
        """Receive the callback to call whenever its advertisement changes."""

    def on_connect(self, link: PeripheralLink) -> None:
        """A central connected."""

    def on_disconnect(self, link: PeripheralLink) -> None:
        """The connection ended, whichever side ended it."""

    def read(self, handle: int) -> bytes:
        """The value of the characteristic at `handle`."""

    def on_write(self, handle: int, data: bytes, link: PeripheralLink) -> None:
        """A central wrote `data` to the characteristic at `handle`."""
