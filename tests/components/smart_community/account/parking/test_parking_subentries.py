"""Subentries of the account: watch a space, add a visitor space, watch a whole lot."""

from homeassistant.config_entries import SOURCE_USER, ConfigEntry
from homeassistant.const import STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from simulator.community import CommunityServer

from .conftest import AREA_B_FREE, FREE, OCCUPANCY, changed_entities, wait_for_state

SPACE = "space-B1-B-010"
SPACE_SENSOR = "binary_sensor.underground_car_park_b1_b_010_occupied"


async def _add_subentry(
    hass: HomeAssistant, entry: ConfigEntry, subentry_type: str, data: dict[str, str]
) -> str:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, subentry_type), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], data)
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    await hass.async_block_till_done()
    return next(
        subentry.subentry_id
        for subentry in entry.subentries.values()
        if subentry.subentry_type == subentry_type
    )


def _subentry_devices(
    device_registry: dr.DeviceRegistry, entry: ConfigEntry, subentry_id: str
) -> list[dr.DeviceEntry]:
    return [
        device
        for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
        if device.config_subentry_id == subentry_id
    ]


@pytest.mark.parametrize(
    ("subentry_type", "model"),
    [("watch_space", "Watched space"), ("visitor_space", "Visitor space")],
)
async def test_watch_a_space(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    subentry_type: str,
    model: str,
) -> None:
    """A watched space gets a device and an occupancy sensor; removing it removes both."""
    device_registry = dr.async_get(hass)
    subentry_id = await _add_subentry(hass, entry, subentry_type, {"space_id": SPACE})

    (device,) = _subentry_devices(device_registry, entry, subentry_id)
    assert device.model == model
    assert device.name == "Underground car park B1 B-010"
    server.set_space(SPACE, occupied=True)
    await wait_for_state(hass, SPACE_SENSOR, lambda state: state.state == STATE_ON)

    # The space is shown now, so it is offered no more.
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "watch_space"), context={"source": SOURCE_USER}
    )
    options = result["data_schema"].schema["space_id"].config["options"]
    assert SPACE not in {option["value"] for option in options}
    assert "space-B1-A-001" not in {option["value"] for option in options}  # the resident's own
    hass.config_entries.subentries.async_abort(result["flow_id"])

    assert hass.config_entries.async_remove_subentry(entry, subentry_id)
    await hass.async_block_till_done()

    assert device_registry.async_get(device.id) is None
    assert er.async_get(hass).async_get(SPACE_SENSOR) is None
    assert hass.states.get(SPACE_SENSOR) is None


async def test_watch_the_whole_lot(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Every space gets a sensor on its area's device; a change still writes only its own."""
    subentry_id = await _add_subentry(hass, entry, "watch_lot", {"place_id": "lot-B1"})

    devices = _subentry_devices(device_registry, entry, subentry_id)
    assert sorted(device.name for device in devices) == [
        "Underground car park B1 Area A",
        "Underground car park B1 Area B",
    ]
    sensors = [
        entity
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if entity.config_subentry_id == subentry_id
    ]
    # 200 spaces, less the resident's own, which is already shown on its own device.
    assert len(sensors) == 199
    sensor = "binary_sensor.underground_car_park_b1_area_b_space_b_010"
    assert hass.states.get(sensor).attributes["friendly_name"] == (
        "Underground car park B1 Area B Space B-010"
    )
    assert hass.states.get(sensor).state == "off"

    with changed_entities(hass) as changed:
        server.set_space(SPACE, occupied=True)
        await wait_for_state(hass, sensor, lambda state: state.state == STATE_ON)
        await hass.async_block_till_done()
    assert sorted(changed) == sorted([sensor, FREE, OCCUPANCY, AREA_B_FREE])

    # One lot, already watched: nothing more to offer.
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "watch_lot"), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"

    assert hass.config_entries.async_remove_subentry(entry, subentry_id)
    await hass.async_block_till_done()

    assert _subentry_devices(device_registry, entry, subentry_id) == []
    assert hass.states.get(sensor) is None


async def test_subentries_survive_a_restart_of_the_entry(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """After a reload the watched space is there again, and still follows its events."""
    await _add_subentry(hass, entry, "watch_space", {"space_id": SPACE})

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()

    server.set_space(SPACE, occupied=True)
    await wait_for_state(hass, SPACE_SENSOR, lambda state: state.state == STATE_ON)


async def test_not_offered_while_the_account_is_not_loaded(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """Without a connected account there is no list of spaces to choose from."""
    await hass.config_entries.async_unload(entry.entry_id)

    for subentry_type in ("watch_space", "watch_lot"):
        result = await hass.config_entries.subentries.async_init(
            (entry.entry_id, subentry_type), context={"source": SOURCE_USER}
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "entry_not_loaded"
