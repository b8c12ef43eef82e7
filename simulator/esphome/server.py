"""The virtual ESPHome Bluetooth proxy: a native-API server carrying virtual peripherals."""

import asyncio
from collections.abc import Callable, Iterable
import contextlib
import logging
from types import TracebackType
from typing import Self

from bluetooth_data_tools import mac_to_int

from . import replies
from .advertising import raw_advertising_data
from .frames import Frame
from .identity import ProxyIdentity
from .links import Link
from .peripheral import VirtualPeripheral
from .session import ApiSession

_LOGGER = logging.getLogger(__name__)

DEFAULT_PORT = 6053
# Home Assistant marks a remote scanner quiet after 90 s without advertisements.
DEFAULT_ADVERTISE_INTERVAL = 10.0
# BLEConnectionError.ESP_GATT_CONN_FAIL_ESTABLISH: nothing at that address, or no free slot.
FAIL_ESTABLISH = 0x3E


class VirtualBluetoothProxy:
    """Answers Home Assistant's ESPHome integration like a Bluetooth proxy would."""

    def __init__(
        self,
        identity: ProxyIdentity | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        advertise_interval: float = DEFAULT_ADVERTISE_INTERVAL,
    ) -> None:
        self.identity = identity or ProxyIdentity()
        self.host = host
        self._requested_port = port
        self.advertise_interval = advertise_interval
        self.peripherals: dict[int, VirtualPeripheral] = {}
        self._links: dict[int, tuple[Link, ApiSession]] = {}
        self.sessions: set[ApiSession] = set()
        self._server: asyncio.Server | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._session_tasks: set[asyncio.Task[None]] = set()
        self._changed = asyncio.Event()

    @property
    def port(self) -> int:
        """The TCP port it listens on (known once started)."""
        if self._server is None:
            msg = "proxy not started"
            raise RuntimeError(msg)
        return int(self._server.sockets[0].getsockname()[1])

    # Peripherals and advertisements.

    def add(self, peripheral: VirtualPeripheral) -> None:
        """Bring a peripheral into range; it is advertised at once."""
        address = mac_to_int(peripheral.address)
        self.peripherals[address] = peripheral
        peripheral.attach(lambda: self.announce([address]))
        self.announce([address])

    def remove(self, address: str) -> None:
        """Take a peripheral out of range, dropping its link if any."""
        number = mac_to_int(address)
        if number in self._links:
            self._links[number][0].disconnect()
        del self.peripherals[number]

    def advertisements_frame(self, addresses: Iterable[int] | None = None) -> Frame:
        """One raw batch with what the peripherals at `addresses` (default all) advertise."""
        chosen = self.peripherals if addresses is None else addresses
        batch = []
        for address in chosen:
            if (peripheral := self.peripherals.get(address)) is not None:
                raw = raw_advertising_data(peripheral.advertisement())
                kind = 1 if peripheral.random_address else 0
                batch.append((address, peripheral.rssi, kind, raw))
        return replies.raw_advertisements(batch)

    def announce(self, addresses: Iterable[int] | None = None) -> None:
        """Send current advertisements to every subscribed client."""
        receivers = [s for s in self.sessions if s.wants_advertisements]
        if receivers:
            frame = self.advertisements_frame(addresses)
            for session in receivers:
                session.send(frame)

    # Connection slots.

    def slots_frame(self) -> Frame:
        """Free and allocated connection slots."""
        limit = self.identity.connection_slots
        return replies.connections_free(limit - len(self._links), limit, self._links)

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Return once `condition` holds, checking after each change of clients or links."""
        while not condition():
            self._changed.clear()
            await self._changed.wait()

    def _slots_changed(self) -> None:
        self._changed.set()
        frame = self.slots_frame()
        for session in self.sessions:
            if session.wants_slots:
                session.send(frame)

    def connect(self, address: int, session: ApiSession) -> None:
        """Open a link from `session` to the peripheral at `address`, if possible."""
        if (current := self._links.get(address)) is not None and current[1] is session:
            session.send(replies.connection(address, connected=True, mtu=current[0].peripheral.mtu))
            return
        peripheral = self.peripherals.get(address)
        if (
            peripheral is None
            or current is not None
            or len(self._links) >= self.identity.connection_slots
        ):
            session.send(replies.connection(address, connected=False, error=FAIL_ESTABLISH))
            return
        link = Link(address, peripheral, session.send, self._release)
        self._links[address] = (link, session)
        peripheral.on_connect(link)
        session.send(replies.connection(address, connected=True, mtu=peripheral.mtu))
        self._slots_changed()

    def _release(self, link: Link) -> None:
        if self._links.get(link.address, (None,))[0] is link:
            del self._links[link.address]
            self._slots_changed()

    def link_of(self, session: ApiSession, address: int) -> Link | None:
        """The open link `session` has to `address`."""
        entry = self._links.get(address)
        return entry[0] if entry is not None and entry[1] is session else None

    def links_of(self, session: ApiSession) -> list[Link]:
        """All open links of `session`."""
        return [link for link, owner in self._links.values() if owner is session]

    # Serving.

    async def start(self) -> None:
        """Listen for API clients and start advertising."""
        self._server = await asyncio.start_server(self._on_client, self.host, self._requested_port)
        self._ticker = asyncio.create_task(self._advertise_periodically())
        _LOGGER.info("Virtual Bluetooth proxy listening on %s:%s", self.host, self.port)

    async def stop(self) -> None:
        """Hang up on every client and stop listening."""
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        for session in list(self.sessions):
            session.close()
        if self._session_tasks:
            await asyncio.gather(*self._session_tasks)
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = ApiSession(self, reader, writer)
        self.sessions.add(session)
        self._changed.set()
        task = asyncio.current_task()
        if task is not None:
            self._session_tasks.add(task)
        try:
            await session.run()
        finally:
            self.sessions.discard(session)
            self._changed.set()
            if task is not None:
                self._session_tasks.discard(task)

    async def _advertise_periodically(self) -> None:
        while True:
            await asyncio.sleep(self.advertise_interval)
            self.announce()
