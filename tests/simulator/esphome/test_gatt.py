"""GATT through the proxy with aioesphomeapi's Bluetooth calls, as bleak-esphome makes them."""

import asyncio
from dataclasses import dataclass, field
import struct

from aioesphomeapi import (
    APIClient,
    BluetoothLERawAdvertisementsResponse,
    BluetoothProxyFeature,
)
from aioesphomeapi.core import BluetoothGATTAPIError
from bluetooth_data_tools import mac_to_int
import pytest

from simulator.esphome import DemoCounter, ProxyIdentity, VirtualBluetoothProxy
from simulator.esphome.demo import COUNTER, COUNTER_HANDLE, ECHO, ECHO_HANDLE, SERVICE
from simulator.esphome.gatt import CCCD

from .conftest import TIMEOUT, wait_for

FLAGS = BluetoothProxyFeature.ACTIVE_CONNECTIONS | BluetoothProxyFeature.REMOTE_CACHING
CCCD_HANDLE = COUNTER_HANDLE + 1


@dataclass
class Events:
    """What the proxy reported about one peripheral."""

    states: list[tuple[bool, int, int]] = field(default_factory=list)
    notifications: list[bytes] = field(default_factory=list)
    slots: list[tuple[int, int, list[int]]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def on_state(self, connected: bool, mtu: int, error: int) -> None:
        self.states.append((connected, mtu, error))
        self.changed.set()

    def on_notify(self, _handle: int, data: bytearray) -> None:
        self.notifications.append(bytes(data))
        self.changed.set()

    def on_slots(self, free: int, limit: int, allocated: list[int]) -> None:
        self.slots.append((free, limit, list(allocated)))
        self.changed.set()


@pytest.fixture
async def events(client: APIClient) -> Events:
    """Slot updates subscribed before anything connects."""
    seen = Events()
    client.subscribe_bluetooth_connections_free(seen.on_slots)
    await wait_for(lambda: bool(seen.slots), seen.changed)
    return seen


async def _connect(client: APIClient, counter: DemoCounter, events: Events) -> int:
    address = mac_to_int(counter.address)
    await client.bluetooth_device_connect(
        address, events.on_state, timeout=TIMEOUT, feature_flags=FLAGS, address_type=0
    )
    return address


@pytest.fixture
async def connected(client: APIClient, counter: DemoCounter, events: Events) -> int:
    """The demo counter connected, its notifications enabled the way bleak-esphome does."""
    address = await _connect(client, counter, events)
    await client.bluetooth_gatt_get_services(address)
    await client.bluetooth_gatt_start_notify(address, COUNTER_HANDLE, events.on_notify)
    await client.bluetooth_gatt_write_descriptor(address, CCCD_HANDLE, b"\x01\x00")
    return address


async def test_connect_reports_mtu_and_takes_a_slot(
    client: APIClient, counter: DemoCounter, events: Events
) -> None:
    """A connection comes up with the peripheral's MTU and is counted against the slots."""
    assert events.slots == [(3, 3, [])]
    address = await _connect(client, counter, events)

    await wait_for(lambda: events.slots[-1][0] == 2, events.changed)
    assert events.states == [(True, 247, 0)]
    assert events.slots[-1] == (2, 3, [address])
    assert len(counter.links) == 1

    await client.bluetooth_device_disconnect(address)
    await wait_for(lambda: events.slots[-1][0] == 3, events.changed)
    assert events.states[-1][0] is False
    assert counter.links == []


async def test_services_carry_handles_and_the_cccd(
    client: APIClient, counter: DemoCounter, events: Events
) -> None:
    """The GATT table arrives with UUIDs, value handles, properties and the CCCD."""
    address = await _connect(client, counter, events)
    services = (await client.bluetooth_gatt_get_services(address)).services

    assert [s.uuid for s in services] == [str(SERVICE)]
    chars = {c.uuid: c for c in services[0].characteristics}
    assert chars[str(COUNTER)].handle == COUNTER_HANDLE
    assert chars[str(COUNTER)].properties == 0x12
    assert [(d.uuid, d.handle) for d in chars[str(COUNTER)].descriptors] == [
        (str(CCCD), CCCD_HANDLE)
    ]
    assert chars[str(ECHO)].handle == ECHO_HANDLE
    assert chars[str(ECHO)].properties == 0x0C
    assert chars[str(ECHO)].descriptors == []


async def test_write_echoes_as_a_notification(
    client: APIClient, counter: DemoCounter, events: Events, connected: int
) -> None:
    """Writes with and without response reach the peripheral and come back notified."""
    await client.bluetooth_gatt_write(connected, ECHO_HANDLE, b"hello", response=True)
    await wait_for(lambda: events.notifications == [b"hello"], events.changed)

    await client.bluetooth_gatt_write(connected, ECHO_HANDLE, b"again", response=False)
    await wait_for(lambda: events.notifications == [b"hello", b"again"], events.changed)

    assert counter.writes == [b"hello", b"again"]
    value = await client.bluetooth_gatt_read(connected, COUNTER_HANDLE)
    assert value == struct.pack("<I", 2)
    assert await client.bluetooth_gatt_read_descriptor(connected, CCCD_HANDLE) == b"\x01\x00"


async def test_no_notification_before_the_cccd_is_written(
    client: APIClient, counter: DemoCounter, events: Events
) -> None:
    """Registering alone is not enough: the client must also write the CCCD."""
    address = await _connect(client, counter, events)
    await client.bluetooth_gatt_start_notify(address, COUNTER_HANDLE, events.on_notify)

    # The proxy answers in order, so a notification would arrive before this write's answer.
    await client.bluetooth_gatt_write(address, ECHO_HANDLE, b"quiet", response=True)
    assert events.notifications == []
    assert counter.writes == [b"quiet"]


@pytest.mark.parametrize(
    ("operation", "error"),
    [
        ("read_echo", 0x02),
        ("write_counter", 0x03),
        ("write_unknown", 0x01),
        ("notify_echo", 0x06),
        ("write_empty", 0x0E),
        ("write_cccd_short", 0x03),
        ("read_unknown_descriptor", 0x01),
    ],
)
async def test_refused_operations_come_back_as_gatt_errors(
    client: APIClient, connected: int, operation: str, error: int
) -> None:
    """Each refusal arrives as a GATT error with the ATT code."""
    calls = {
        "read_echo": lambda: client.bluetooth_gatt_read(connected, ECHO_HANDLE),
        "write_counter": lambda: client.bluetooth_gatt_write(
            connected, COUNTER_HANDLE, b"x", response=True
        ),
        "write_unknown": lambda: client.bluetooth_gatt_write(connected, 99, b"x", response=True),
        "notify_echo": lambda: client.bluetooth_gatt_start_notify(
            connected, ECHO_HANDLE, lambda _h, _d: None
        ),
        "write_empty": lambda: client.bluetooth_gatt_write(
            connected, ECHO_HANDLE, b"", response=True
        ),
        "write_cccd_short": lambda: client.bluetooth_gatt_write_descriptor(
            connected, CCCD_HANDLE, b"\x01"
        ),
        "read_unknown_descriptor": lambda: client.bluetooth_gatt_read_descriptor(connected, 98),
    }
    with pytest.raises(BluetoothGATTAPIError) as raised:
        await calls[operation]()
    assert raised.value.error.error == error


async def test_operations_without_a_link_report_not_connected(
    client: APIClient, counter: DemoCounter
) -> None:
    """GATT requests for a peripheral that is not connected fail with the firmware's -1."""
    with pytest.raises(BluetoothGATTAPIError) as raised:
        await client.bluetooth_gatt_read(mac_to_int(counter.address), COUNTER_HANDLE)
    assert raised.value.error.error == -1


async def test_peripheral_hanging_up_is_reported(
    client: APIClient, counter: DemoCounter, events: Events, connected: int
) -> None:
    """When the peripheral drops the link the client hears it and the slot frees up."""
    counter.links[0].disconnect()

    await wait_for(lambda: not events.states[-1][0], events.changed)
    await wait_for(lambda: events.slots[-1] == (3, 3, []), events.changed)
    assert events.states[-1] == (False, 0, 0x13)


async def test_unknown_address_and_full_slots_refuse_to_connect(counter: DemoCounter) -> None:
    """Nothing at the address, or no slot left: the connection fails at once."""
    other = DemoCounter("02:5C:DE:00:00:02")
    async with VirtualBluetoothProxy(ProxyIdentity(connection_slots=1)) as proxy:
        proxy.add(counter)
        proxy.add(other)
        cli = APIClient("127.0.0.1", proxy.port, "")
        await asyncio.wait_for(cli.connect(), TIMEOUT)
        try:
            first, second, nobody = Events(), Events(), Events()
            await _connect(cli, counter, first)
            await _connect(cli, other, second)
            await cli.bluetooth_device_connect(
                0x025CDE0000FF, nobody.on_state, feature_flags=FLAGS, address_type=0
            )
        finally:
            await cli.disconnect(force=True)
    assert first.states == [(True, 247, 0)]
    assert second.states == [(False, 0, 0x3E)]
    assert nobody.states == [(False, 0, 0x3E)]
    assert other.links == []


async def test_client_going_away_drops_its_links(
    proxy: VirtualBluetoothProxy, counter: DemoCounter
) -> None:
    """Like the firmware, the proxy disconnects peripherals when their API client leaves."""
    cli = APIClient("127.0.0.1", proxy.port, "")
    await asyncio.wait_for(cli.connect(), TIMEOUT)
    await _connect(cli, counter, Events())
    assert len(counter.links) == 1

    await cli.disconnect()

    await asyncio.wait_for(proxy.wait_until(lambda: not proxy.sessions), TIMEOUT)
    assert counter.links == []


async def test_connection_params_and_reconnect_are_acknowledged(
    client: APIClient, counter: DemoCounter, events: Events, connected: int
) -> None:
    """Connection parameters are accepted; connecting again to a linked peer is a no-op."""
    await client.bluetooth_device_set_connection_params(connected, 24, 40, 0, 500)
    await client.bluetooth_device_connect(
        connected, events.on_state, timeout=TIMEOUT, feature_flags=FLAGS, address_type=0
    )
    assert events.states[-1] == (True, 247, 0)
    assert len(counter.links) == 1


async def test_removed_peripheral_drops_its_link_and_leaves_the_air(
    client: APIClient,
    proxy: VirtualBluetoothProxy,
    counter: DemoCounter,
    events: Events,
    connected: int,
) -> None:
    """Taking a peripheral out of range ends its link and its advertisements."""
    proxy.remove(counter.address)

    await wait_for(lambda: events.states[-1] == (False, 0, 0x13), events.changed)
    assert counter.links == []
    assert connected not in proxy.peripherals
    batches: list[int] = []
    done = asyncio.Event()

    def on_batch(batch: BluetoothLERawAdvertisementsResponse) -> None:
        batches.append(len(batch.advertisements))
        done.set()

    client.subscribe_bluetooth_le_raw_advertisements(on_batch)
    await wait_for(lambda: bool(batches), done)
    assert batches == [0]
