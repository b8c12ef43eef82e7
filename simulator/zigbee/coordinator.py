"""The virtual XBee coordinator: a TCP server speaking XBee API mode 2 to zigpy-xbee.

Radio libraries open it like a network-attached adapter, `socket://127.0.0.1:PORT`. The
Python methods below (join, report_attributes, set_zone_status) are the control API.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
import contextlib
import logging
import math
from pathlib import Path
import secrets

from . import store, xbee_frames as xf, zdo
from .catalogue import DEMO_CATALOGUE
from .devices import DeviceSpec, LogicalType
from .errors import CatalogueError, FrameError, JoinNotPermittedError
from .radio import Effect, NetworkSettings, Radio
from .virtual_device import ApsFrame, VirtualDevice
from .zcl_types import AttributeValue

_LOGGER = logging.getLogger(__name__)

_TX_SUCCESS = 0x00
_TX_ADDRESS_NOT_FOUND = 0x24
_REMOTE_AT_TRANSMISSION_FAILURE = 0x04
_MODEM_COORDINATOR_STARTED = 0x06
_GROUP_ADDRESSING = 0x08
_BROADCAST_IEEE = 0xFFFF
_FIRST_BROADCAST_NWK = 0xFFF8
_JOIN_ALWAYS = 0xFF
_READ_SIZE = 4096
# Virtual devices get IEEE addresses under a locally administered prefix.
_DEVICE_IEEE_PREFIX = 0x0AF0_0000_0000_0000


class VirtualCoordinator:
    """A Zigbee coordinator with virtual devices, reachable over loopback TCP."""

    def __init__(
        self,
        *,
        state_path: Path | None = None,
        catalogue: Mapping[str, DeviceSpec] = DEMO_CATALOGUE,
    ) -> None:
        self._state_path = state_path
        self._catalogue = dict(catalogue)
        saved = store.load(state_path, self._catalogue) if state_path else None
        self._radio = Radio(saved.network if saved else NetworkSettings.random())
        self._devices = {d.ieee: d for d in saved.devices} if saved else {}
        self._join_deadline = 0.0
        self._server: asyncio.Server | None = None
        self._hosts: set[asyncio.StreamWriter] = set()
        if saved is None:
            self._persist()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen for the radio library; port 0 picks a free port."""
        self._server = await asyncio.start_server(self._serve_host, host, port)

    async def stop(self) -> None:
        """Close the listening socket and every host connection."""
        if self._server is not None:
            self._server.close()
        for writer in list(self._hosts):
            writer.close()
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    @property
    def port(self) -> int:
        """The TCP port radio libraries connect to."""
        if self._server is None:
            raise RuntimeError("the coordinator is not started")
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    @property
    def url(self) -> str:
        """The radio path to configure in zigpy or ZHA."""
        if self._server is None:
            raise RuntimeError("the coordinator is not started")
        host, port = self._server.sockets[0].getsockname()[:2]
        return f"socket://{host}:{port}"

    @property
    def network(self) -> NetworkSettings:
        """The network the coordinator currently runs."""
        return self._radio.settings

    @property
    def devices(self) -> dict[int, VirtualDevice]:
        """Joined devices by IEEE address."""
        return dict(self._devices)

    @property
    def permit_joining(self) -> bool:
        """Whether a device may join now."""
        return asyncio.get_running_loop().time() < self._join_deadline

    def permit(self, seconds: int) -> None:
        """Open (or with 0 close) the network for joining, like the adapter's own button."""
        self._join_deadline = asyncio.get_running_loop().time() + seconds

    def join(self, kind: str, *, ieee: int | None = None) -> VirtualDevice:
        """Let a device of a catalogue kind join (or rejoin) and announce itself."""
        spec = self._catalogue.get(kind)
        if spec is None:
            raise CatalogueError(f"unknown device kind {kind!r}")
        if not self.permit_joining:
            raise JoinNotPermittedError("the network is not open for joining")
        device = self._devices.get(ieee) if ieee is not None else None
        if device is None:
            device = VirtualDevice(
                kind=kind,
                spec=spec,
                ieee=ieee if ieee is not None else _DEVICE_IEEE_PREFIX | secrets.randbits(40),
                nwk=self._free_nwk(),
            )
            self._devices[device.ieee] = device
            self._persist()
        self._send_from(device, device.announce())
        return device

    def report_attributes(
        self, ieee: int, endpoint: int, cluster: int, values: Mapping[int, AttributeValue]
    ) -> None:
        """Change a device's attributes and send the attribute report."""
        device = self._device(ieee)
        frame = device.report(endpoint, cluster, dict(values))
        self._persist()
        self._send_from(device, frame)

    def set_zone_status(self, ieee: int, zone_status: int, *, endpoint: int | None = None) -> None:
        """Change a device's IAS zone status and send the zone status change notification."""
        device = self._device(ieee)
        frame = device.zone_status_change(endpoint or device.ias_endpoint(), zone_status)
        self._persist()
        self._send_from(device, frame)

    def _device(self, ieee: int) -> VirtualDevice:
        try:
            return self._devices[ieee]
        except KeyError:
            raise CatalogueError(f"no joined device {ieee:016x}") from None

    def _free_nwk(self) -> int:
        used = {d.nwk for d in self._devices.values()}
        while (nwk := 1 + secrets.randbelow(_FIRST_BROADCAST_NWK - 1)) in used:
            pass
        return nwk

    def _persist(self) -> None:
        if self._state_path is not None:
            state = store.CoordinatorState(self._radio.settings, tuple(self._devices.values()))
            store.save(self._state_path, state)

    # Host connections

    async def _serve_host(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._hosts.add(writer)
        decoder = xf.FrameDecoder()
        try:
            while data := await reader.read(_READ_SIZE):
                for frame in decoder.feed(data):
                    self._handle_host_frame(writer, frame)
        except ConnectionError:
            _LOGGER.debug("Host connection dropped")
        finally:
            self._hosts.discard(writer)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    def _handle_host_frame(self, writer: asyncio.StreamWriter, data: bytes) -> None:
        try:
            frame = xf.parse_host_frame(data)
        except FrameError as err:
            _LOGGER.debug("Ignoring frame from host: %s", err)
            return
        match frame:
            case xf.AtCommand():
                self._at_command(writer, frame)
            case xf.ExplicitTransmit():
                self._transmit(writer, frame)
            case xf.RemoteAtCommand():
                writer.write(
                    xf.encode_frame(
                        xf.remote_at_response(
                            frame.frame_id,
                            frame.ieee,
                            frame.nwk,
                            frame.command,
                            _REMOTE_AT_TRANSMISSION_FAILURE,
                        )
                    )
                )
            case xf.RegisterJoiningDevice():
                writer.write(xf.encode_frame(xf.registration_status(frame.frame_id, 0)))

    def _at_command(self, writer: asyncio.StreamWriter, frame: xf.AtCommand) -> None:
        result = self._radio.command(frame.command, frame.parameter, queued=frame.queued)
        if frame.frame_id:
            writer.write(
                xf.encode_frame(
                    xf.at_response(frame.frame_id, frame.command, result.status, result.value)
                )
            )
        if Effect.NETWORK_REPLACED in result.effects:
            self._devices.clear()
        if Effect.JOIN_WINDOW in result.effects:
            seconds = self._radio.join_seconds
            limit = math.inf if seconds == _JOIN_ALWAYS else seconds
            self._join_deadline = asyncio.get_running_loop().time() + limit
        if result.effects & {Effect.PERSIST, Effect.NETWORK_REPLACED}:
            self._persist()
        if Effect.NETWORK_STARTED in result.effects:
            self._broadcast(xf.modem_status(_MODEM_COORDINATOR_STARTED))

    def _transmit(self, writer: asyncio.StreamWriter, frame: xf.ExplicitTransmit) -> None:
        settings = self._radio.settings
        request = ApsFrame(frame.src_ep, frame.dst_ep, frame.cluster, frame.profile, frame.data)
        if (
            frame.options & _GROUP_ADDRESSING
            or frame.ieee == _BROADCAST_IEEE
            or frame.nwk >= _FIRST_BROADCAST_NWK
        ):
            self._tx_status(writer, frame, frame.nwk, _TX_SUCCESS)
            return
        if frame.ieee == settings.ieee or frame.nwk == 0x0000:
            self._tx_status(writer, frame, 0x0000, _TX_SUCCESS)
            for reply in self._coordinator_zdo(request):
                writer.write(
                    xf.encode_frame(
                        xf.explicit_receive(
                            ieee=settings.ieee,
                            nwk=0x0000,
                            src_ep=reply.src_ep,
                            dst_ep=reply.dst_ep,
                            cluster=reply.cluster,
                            profile=reply.profile,
                            data=reply.data,
                        )
                    )
                )
            return
        device = self._find(frame.ieee, frame.nwk)
        if device is None:
            self._tx_status(writer, frame, frame.nwk, _TX_ADDRESS_NOT_FOUND)
            return
        before = (dict(device.attributes), list(device.bindings))
        replies = device.handle(request)
        self._tx_status(writer, frame, device.nwk, _TX_SUCCESS)
        for reply in replies:
            self._send_from(device, reply)
        if frame.dst_ep == zdo.ZDO_ENDPOINT and frame.cluster == zdo.MGMT_LEAVE_REQ:
            del self._devices[device.ieee]
            self._persist()
        elif before != (device.attributes, device.bindings):
            self._persist()

    def _find(self, ieee: int, nwk: int) -> VirtualDevice | None:
        if ieee != xf.UNKNOWN_IEEE:
            return self._devices.get(ieee)
        return next((d for d in self._devices.values() if d.nwk == nwk), None)

    def _coordinator_zdo(self, request: ApsFrame) -> list[ApsFrame]:
        """Answer the ZDO requests zigpy's topology scan sends to the coordinator itself."""
        if request.dst_ep != zdo.ZDO_ENDPOINT or request.cluster & zdo.RESPONSE:
            return []
        parsed = zdo.parse_request(request.data)
        if request.cluster == zdo.MGMT_LQI_REQ and parsed.body:
            neighbors = [
                zdo.Neighbor(
                    ieee=d.ieee,
                    nwk=d.nwk,
                    logical_type=d.spec.logical_type,
                    rx_on_when_idle=d.spec.mains_powered
                    or d.spec.logical_type is LogicalType.ROUTER,
                )
                for d in self._devices.values()
            ]
            body = zdo.lqi_response(
                parsed.tsn, self._radio.settings.extended_pan_id, parsed.body[0], neighbors
            )
        else:
            body = bytes([parsed.tsn, zdo.NOT_SUPPORTED])
        cluster = request.cluster | zdo.RESPONSE
        return [ApsFrame(zdo.ZDO_ENDPOINT, request.src_ep, cluster, zdo.ZDO_PROFILE, body)]

    def _tx_status(
        self, writer: asyncio.StreamWriter, frame: xf.ExplicitTransmit, nwk: int, status: int
    ) -> None:
        if frame.frame_id:
            writer.write(xf.encode_frame(xf.transmit_status(frame.frame_id, nwk, status)))

    def _send_from(self, device: VirtualDevice, frame: ApsFrame) -> None:
        self._broadcast(
            xf.explicit_receive(
                ieee=device.ieee,
                nwk=device.nwk,
                src_ep=frame.src_ep,
                dst_ep=frame.dst_ep,
                cluster=frame.cluster,
                profile=frame.profile,
                data=frame.data,
            )
        )

    def _broadcast(self, data: bytes) -> None:
        encoded = xf.encode_frame(data)
        for writer in self._hosts:
            writer.write(encoded)
