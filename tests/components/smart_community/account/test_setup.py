"""A community account set up through the UI: devices, entities, options and diagnostics."""

from homeassistant.components.diagnostics import REDACTED
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.smart_community.const import (
    CONF_HOMES,
    CONF_PICTURE_DAYS,
    CONF_PICTURE_LIMIT,
    CONF_SNAPSHOT_ON_RING,
    DOMAIN,
)
from simulator.community import CommunityServer
from tests.calendar import on_a_fixed_date
from tests.components.smart_community.entity_set import entity_set

from .conftest import HOME, PASSWORD, USERNAME, fired, wait_for_state


@on_a_fixed_date
async def test_entity_set(
    hass: HomeAssistant, entry: ConfigEntry, snapshot: SnapshotAssertion
) -> None:
    """Every entity of the demo account, its registry entry and its state."""
    assert entity_set(hass, entry.entry_id) == snapshot


async def test_devices(
    hass: HomeAssistant, entry: ConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    """The account is a service device; door stations and the home hang off it."""
    devices = dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    account = next(device for device in devices if device.entry_type is dr.DeviceEntryType.SERVICE)
    children = {device.name: device for device in devices if device is not account}

    assert set(children) == {
        "North gate",
        "South gate",
        "Building 3 Unit 1 lobby",
        "Building 3, Unit 1, Room 1203",
        "Underground car park B1",
        "Underground car park B1 A-001",
        "粤B·12345",
        "B1 entry barrier",
        "B1 exit barrier",
    }
    assert all(device.via_device_id == account.id for device in children.values())
    assert children["North gate"].model


async def test_stale_devices_are_removed(
    hass: HomeAssistant, entry: ConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    """A device the account no longer has disappears at the next refresh."""
    gone = device_registry.async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, f"{entry.unique_id}_door-demolished")},
        name="Old gate",
    )

    await entry.runtime_data.async_refresh()

    assert device_registry.async_get(gone.id) is None


async def test_options_choose_what_to_show(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """With visitor pictures turned off, a ring no longer takes a picture."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    # The picture history's defaults are offered: 30 days, 300 pictures a door station.
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert suggested[CONF_PICTURE_DAYS] == 30
    assert suggested[CONF_PICTURE_LIMIT] == 300
    chosen = {
        CONF_HOMES: [HOME],
        CONF_SNAPSHOT_ON_RING: False,
        CONF_PICTURE_DAYS: 7.0,
        CONF_PICTURE_LIMIT: 50.0,
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], chosen)
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # Number boxes send floats; whole numbers are kept.
    assert entry.options == {**chosen, CONF_PICTURE_DAYS: 7, CONF_PICTURE_LIMIT: 50}
    assert isinstance(entry.options[CONF_PICTURE_DAYS], int)
    assert entry.state is ConfigEntryState.LOADED

    server.ring("door-north-gate", HOME)
    await wait_for_state(hass, "event.north_gate_doorbell", fired)
    await hass.async_block_till_done()

    assert hass.states.get("image.north_gate_last_visitor").state == STATE_UNKNOWN


async def test_options_need_a_connected_account(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Homes come from the platform, so options wait until the account is connected."""
    await hass.config_entries.async_unload(entry.entry_id)

    result = await hass.config_entries.options.async_init(entry.entry_id)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_loaded"


async def test_diagnostics_hold_no_secrets(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, entry: ConfigEntry
) -> None:
    """Diagnostics help a bug report without tokens, the login or personal details."""
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    text = str(diagnostics)
    tokens = entry.data["tokens"]

    assert diagnostics["stream"]["connected"] is True
    assert [door["id"] for door in diagnostics["doors"]]
    for secret in (
        tokens["access_token"],
        tokens["refresh_token"],
        USERNAME,
        PASSWORD,
        "Zhang Wei",
        "138",
        # Together these would locate the flat: platform, community, building, home.
        entry.data["url"],
        "127.0.0.1",
        "comm-lychee-garden",
        "Keyuan Road",
        "North entrance",
        "home-3-1-1203",
        "1203",
        "elev-b3-u1",
        "粤B·12345",
    ):
        assert secret not in text, secret
    home = diagnostics["homes"][0]
    assert {home[key] for key in ("id", "building", "unit", "floor", "room")} == {REDACTED}
