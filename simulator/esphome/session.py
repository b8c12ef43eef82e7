"""One native-API client connected to the proxy: read requests, answer them."""

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from . import replies
from .frames import Frame, FrameError, encode_frame, read_frame
from .gatt import AttError
from .links import LOCAL_HOST_TERMINATED, Link
from .proto import MessageError
from .requests import (
    SUBSCRIBE_RAW,
    Authenticate,
    ConnectionParams,
    DeviceRequest,
    DeviceRequestType,
    GetServices,
    Hello,
    Ignored,
    Notify,
    Query,
    Read,
    Request,
    ScannerMode,
    SetScannerMode,
    Subscribe,
    SubscribeAdvertisements,
    SubscribeConnectionsFree,
    UnsubscribeAdvertisements,
    Write,
    parse_request,
)

if TYPE_CHECKING:
    from .server import VirtualBluetoothProxy

_LOGGER = logging.getLogger(__name__)

# The firmware's "not connected" GATT error, which clients read as a dropped link.
NOT_CONNECTED = -1
_CONNECTS = frozenset(
    {
        DeviceRequestType.CONNECT,
        DeviceRequestType.CONNECT_V3_WITH_CACHE,
        DeviceRequestType.CONNECT_V3_WITHOUT_CACHE,
    }
)
_EMPTY_ANSWERS = {
    "PingRequest": "PingResponse",
    "ListEntitiesRequest": "ListEntitiesDoneResponse",
    "DisconnectRequest": "DisconnectResponse",
}


class ApiSession:
    """The proxy's side of one API connection."""

    def __init__(
        self,
        proxy: VirtualBluetoothProxy,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        self.proxy = proxy
        self._reader = reader
        self._writer = writer
        self.client_info = ""
        self.wants_advertisements = False
        self.wants_slots = False
        self.scanner_mode = ScannerMode.PASSIVE

    def send(self, frame: Frame) -> None:
        """Queue one message to the client, unless the connection is going away."""
        if not self._writer.is_closing():
            self._writer.write(encode_frame(frame))

    def close(self) -> None:
        """Hang up on the client."""
        self._writer.close()

    async def run(self) -> None:
        """Serve requests until the client hangs up or breaks the protocol."""
        try:
            while True:
                request = parse_request(await read_frame(self._reader))
                if self._handle(request):
                    await self._writer.drain()
                    break
                await self._writer.drain()
        except asyncio.IncompleteReadError, ConnectionError:
            _LOGGER.debug("API client %r hung up", self.client_info)
        except (FrameError, MessageError) as err:
            _LOGGER.warning("Dropping API client %r: %s", self.client_info, err)
        finally:
            self.wants_advertisements = self.wants_slots = False
            self._writer.close()
            for link in self.proxy.links_of(self):
                link.close(LOCAL_HOST_TERMINATED)
            with contextlib.suppress(ConnectionError):
                await self._writer.wait_closed()

    def _handle(self, request: Request) -> bool:
        """Answer one request; True when the client asked to end the session."""
        match request:
            case Hello(client_info=info):
                self.client_info = info
                self.send(replies.hello(self.proxy.identity))
            case Authenticate():
                # No password is set: the client expects silence, not a refusal.
                pass
            case Query(name=name):
                self._answer(name)
                return name == "DisconnectRequest"
            case Subscribe() | Ignored():
                _LOGGER.debug("Nothing to do for %s", request)
            case SubscribeAdvertisements(flags=flags):
                self._subscribe_advertisements(flags)
            case UnsubscribeAdvertisements():
                self.wants_advertisements = False
            case SubscribeConnectionsFree():
                self.wants_slots = True
                self.send(self.proxy.slots_frame())
            case SetScannerMode(mode=mode):
                self.scanner_mode = mode
                self.send(replies.scanner_state(mode))
            case DeviceRequest():
                self._device_request(request)
            case GetServices() | Read() | Write() | Notify() | ConnectionParams():
                self._gatt(request)
        return False

    def _answer(self, name: str) -> None:
        identity = self.proxy.identity
        if name == "DeviceInfoRequest":
            self.send(replies.device_info(identity))
        elif name == "DeviceCapabilitiesRequest":
            self.send(replies.capabilities(identity))
        elif name == "GetTimeRequest":
            self.send(replies.time_now())
        else:
            self.send(replies.empty(_EMPTY_ANSWERS[name]))

    def _subscribe_advertisements(self, flags: int) -> None:
        if not flags & SUBSCRIBE_RAW:
            # Every client of the installed API version asks for raw batches.
            _LOGGER.warning("API client %r asked for parsed advertisements", self.client_info)
            return
        self.wants_advertisements = True
        # The firmware confirms a subscription with its scanner state.
        self.send(replies.scanner_state(self.scanner_mode))
        self.send(self.proxy.advertisements_frame())

    def _device_request(self, request: DeviceRequest) -> None:
        address = request.address
        if request.request_type in _CONNECTS:
            self.proxy.connect(address, self)
        elif request.request_type is DeviceRequestType.DISCONNECT:
            if (link := self.proxy.link_of(self, address)) is not None:
                link.close(LOCAL_HOST_TERMINATED)
            else:
                self.send(replies.connection(address, connected=False))
        else:
            _LOGGER.warning("Unsupported device request %s", request.request_type.name)

    def _gatt(self, request: GetServices | Read | Write | Notify | ConnectionParams) -> None:
        handle = request.handle if isinstance(request, Read | Write | Notify) else 0
        if (link := self.proxy.link_of(self, request.address)) is None:
            self.send(replies.gatt_error(request.address, handle, NOT_CONNECTED))
            return
        try:
            self._on_link(link, request)
        except AttError as err:
            self.send(replies.gatt_error(request.address, handle, err.code))

    def _on_link(
        self, link: Link, request: GetServices | Read | Write | Notify | ConnectionParams
    ) -> None:
        address = link.address
        match request:
            case GetServices():
                for frame in replies.services(address, link.table):
                    self.send(frame)
            case Read(handle=handle, descriptor=descriptor):
                self.send(replies.read(address, handle, link.read(handle, descriptor=descriptor)))
            case Write(handle=handle, data=data, response=response, descriptor=descriptor):
                link.write(handle, data, descriptor=descriptor)
                if response:
                    self.send(replies.written(address, handle))
            case Notify(handle=handle, enable=enable):
                link.register(handle, enable=enable)
                if enable:
                    self.send(replies.notify_registered(address, handle))
            case ConnectionParams():
                self.send(replies.connection_params(address))
