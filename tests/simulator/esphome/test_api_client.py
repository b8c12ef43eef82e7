"""aioesphomeapi's own client against the virtual proxy: handshake, device info, adverts."""

import asyncio
import struct

from aioesphomeapi import (
    APIClient,
    BluetoothLERawAdvertisementsResponse,
    BluetoothProxyFeature,
    BluetoothScannerMode,
    BluetoothScannerStateResponse,
)
from bluetooth_data_tools import mac_to_int, parse_advertisement_data_bytes

from simulator.esphome import DemoCounter, ProxyIdentity, VirtualBluetoothProxy
from simulator.esphome.demo import COMPANY_ID, PREFIX, SERVICE

from .conftest import TIMEOUT, wait_for

EXPECTED_FEATURES = (
    BluetoothProxyFeature.PASSIVE_SCAN
    | BluetoothProxyFeature.ACTIVE_CONNECTIONS
    | BluetoothProxyFeature.REMOTE_CACHING
    | BluetoothProxyFeature.RAW_ADVERTISEMENTS
    | BluetoothProxyFeature.FEATURE_STATE_AND_MODE
)


async def test_device_info_names_a_bluetooth_proxy(client: APIClient) -> None:
    """The handshake settles on API 1.x and the device info offers proxy features."""
    info = await client.device_info()
    identity = ProxyIdentity()

    assert client.api_version is not None
    assert client.api_version.major == 1
    assert info.name == identity.name
    assert info.friendly_name == identity.friendly_name
    assert info.mac_address == identity.mac_address
    assert info.bluetooth_mac_address == identity.bluetooth_mac_address
    assert not info.uses_password
    flags = info.bluetooth_proxy_feature_flags_compat(client.api_version)
    assert flags & EXPECTED_FEATURES == EXPECTED_FEATURES
    assert not flags & BluetoothProxyFeature.PAIRING
    capabilities = await client.device_capabilities()
    assert capabilities.bluetooth_proxy.feature_flags == flags


async def test_entities_subscriptions_ping_and_time_are_answered(client: APIClient) -> None:
    """What Home Assistant sends on connect is answered or accepted without a word."""
    info, entities, services = await client.device_info_and_list_entities()
    client.subscribe_states(lambda _state: None)
    client.subscribe_logs(lambda _log: None)
    client.subscribe_home_assistant_states_and_services(
        on_state=lambda _state: None,
        on_service_call=lambda _call: None,
        on_state_sub=lambda _entity, _attribute: None,
        on_state_request=lambda _entity, _attribute: None,
    )

    assert info.name == ProxyIdentity().name
    assert entities == []
    assert services == []
    # Still connected and answering after all of it.
    assert (await client.device_info()).name == info.name


async def _raw_packets(
    client: APIClient,
) -> tuple[list[tuple[int, int, int, bytes]], asyncio.Event]:
    seen: list[tuple[int, int, int, bytes]] = []
    changed = asyncio.Event()

    def on_batch(batch: BluetoothLERawAdvertisementsResponse) -> None:
        seen.extend((a.address, a.rssi, a.address_type, a.data) for a in batch.advertisements)
        changed.set()

    client.subscribe_bluetooth_le_raw_advertisements(on_batch)
    return seen, changed


async def test_raw_advertisements_stream_and_follow_changes(
    client: APIClient, counter: DemoCounter
) -> None:
    """A subscription gets the demo counter at once, and again each time it changes."""
    seen, changed = await _raw_packets(client)
    address = mac_to_int(counter.address)

    await wait_for(lambda: any(packet[0] == address for packet in seen), changed)
    _, rssi, address_type, data = seen[0]
    name, uuids, _service_data, manufacturer, _tx = parse_advertisement_data_bytes(data)
    assert (name, uuids, rssi, address_type) == (counter.name, [str(SERVICE)], -55, 0)
    assert manufacturer == {COMPANY_ID: PREFIX + struct.pack("<I", 0)}

    counter.bump()

    def counted_once() -> bool:
        latest = parse_advertisement_data_bytes(seen[-1][3])[3]
        return latest == {COMPANY_ID: PREFIX + struct.pack("<I", 1)}

    await wait_for(counted_once, changed)


async def test_advertisements_repeat_periodically(counter: DemoCounter) -> None:
    """Without changes the proxy still re-advertises, so scanners never go quiet."""
    async with VirtualBluetoothProxy(advertise_interval=0.01) as proxy:
        proxy.add(counter)
        cli = APIClient("127.0.0.1", proxy.port, "")
        await asyncio.wait_for(cli.connect(), TIMEOUT)
        try:
            seen, changed = await _raw_packets(cli)
            await wait_for(lambda: len(seen) >= 3, changed)
        finally:
            await cli.disconnect(force=True)
    assert {packet[0] for packet in seen} == {mac_to_int(counter.address)}


async def test_unsubscribe_stops_the_stream(
    client: APIClient, proxy: VirtualBluetoothProxy, counter: DemoCounter
) -> None:
    """After unsubscribing, a change is no longer sent."""
    seen, changed = await _raw_packets(client)
    unsubscribe = client.subscribe_bluetooth_le_raw_advertisements(lambda _batch: None)
    await wait_for(lambda: bool(seen), changed)
    unsubscribe()
    # A round trip after the unsubscribe guarantees the server has handled it.
    await client.device_info()
    before = len(seen)

    counter.bump()
    await client.device_info()

    assert len(seen) == before
    assert not any(s.wants_advertisements for s in proxy.sessions)


async def test_scanner_state_follows_mode_requests(client: APIClient) -> None:
    """The scanner reports RUNNING on subscription and echoes mode changes."""
    states: list[BluetoothScannerStateResponse] = []
    changed = asyncio.Event()

    def on_state(state: BluetoothScannerStateResponse) -> None:
        states.append(state)
        changed.set()

    client.subscribe_bluetooth_scanner_state(on_state)
    client.subscribe_bluetooth_le_raw_advertisements(lambda _batch: None)
    await wait_for(lambda: bool(states), changed)
    client.bluetooth_scanner_set_mode(BluetoothScannerMode.ACTIVE)
    await wait_for(lambda: states[-1].mode == BluetoothScannerMode.ACTIVE, changed)

    assert states[0].mode == BluetoothScannerMode.PASSIVE
    assert states[-1].configured_mode == BluetoothScannerMode.PASSIVE
