"""Plates are personal: the resident's own vehicle may show its plate, nobody else's may."""

from datetime import timedelta
import json
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.smart_community.const import DOMAIN
from simulator.community import CommunityServer

from .conftest import PLATE, VEHICLE_STATUS, wait_for_state

VISITOR_PLATE = "粤B·D2468"


def _everything_shown(hass: HomeAssistant, entry: ConfigEntry) -> str:
    """States, registries and repairs of the integration, as one text to search."""
    states = [
        (state.entity_id, state.state, dict(state.attributes)) for state in hass.states.async_all()
    ]
    devices = [
        (device.name, sorted(device.identifiers))
        for device in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    ]
    entities = [
        (entity.entity_id, entity.unique_id, entity.original_name)
        for entity in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    ]
    issues = [
        (issue.issue_id, issue.translation_placeholders)
        for (domain, _), issue in ir.async_get(hass).issues.items()
        if domain == DOMAIN
    ]
    return json.dumps([states, devices, entities, issues], ensure_ascii=False, default=str)


async def _visitor_and_resident_drive_in(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The resident registers a visitor's car; both cars enter the car park."""
    until = (dt_util.now() + timedelta(hours=4)).replace(microsecond=0)
    await hass.services.async_call(
        DOMAIN,
        "register_visitor_vehicle",
        {ATTR_CONFIG_ENTRY_ID: entry.entry_id, "plate": VISITOR_PLATE, "valid_until": until},
        blocking=True,
        return_response=True,
    )
    server.vehicle_enter(VISITOR_PLATE)
    server.vehicle_enter(PLATE)


async def test_other_plates_reach_no_state_registry_repair_or_log(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A visitor's car comes and goes; only the resident's own plate is anywhere to be seen."""
    caplog.set_level(logging.INFO)
    await _visitor_and_resident_drive_in(hass, server, entry)
    await wait_for_state(hass, VEHICLE_STATUS, lambda state: state.state == "parked")
    server.vehicle_exit(VISITOR_PLATE)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()

    shown = _everything_shown(hass, entry)

    assert PLATE in shown
    assert VISITOR_PLATE not in shown
    assert VISITOR_PLATE not in caplog.text


async def test_diagnostics_redact_every_plate(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    server: CommunityServer,
    entry: ConfigEntry,
) -> None:
    """Own and visitors' plates alike are gone from diagnostics, wherever they stand."""
    await _visitor_and_resident_drive_in(hass, server, entry)
    await entry.runtime_data.async_refresh()

    diagnostics = json.dumps(
        await get_diagnostics_for_config_entry(hass, hass_client, entry), ensure_ascii=False
    )

    assert PLATE not in diagnostics
    assert VISITOR_PLATE not in diagnostics
