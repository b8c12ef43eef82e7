"""A virtual lock on a virtual radio, and a client for it."""

from collections.abc import AsyncIterator

import pytest

from custom_components.smart_community.blelock import LockClient, LockStatus
from simulator.blelock import VirtualLock, VirtualRadio

ADDRESS = "AA:BB:CC:DD:EE:01"
SETUP_CODE = "27182818"


@pytest.fixture
def radio() -> VirtualRadio:
    """Empty air."""
    return VirtualRadio()


@pytest.fixture
def virtual_lock(radio: VirtualRadio) -> VirtualLock:
    """A lock in range, fresh from the factory."""
    return radio.add(VirtualLock(ADDRESS, SETUP_CODE))


@pytest.fixture
def events() -> list[LockStatus]:
    """Events the client passes on."""
    return []


@pytest.fixture
async def client(
    radio: VirtualRadio, virtual_lock: VirtualLock, events: list[LockStatus]
) -> AsyncIterator[LockClient]:
    """A client paired with the lock, disconnected."""
    lock_client = LockClient(
        radio.ble_device(ADDRESS), client_class=radio.client_class(), on_event=events.append
    )
    virtual_lock.press_pairing_button()
    await lock_client.pair(SETUP_CODE)
    radio.operations.clear()
    yield lock_client
    await lock_client.disconnect()
