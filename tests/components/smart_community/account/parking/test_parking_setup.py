"""The parking entity set of the demo account, and what its diagnostics leave out."""

import json
from types import MappingProxyType

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from simulator.community import CommunityServer
from tests.calendar import on_a_fixed_date
from tests.components.smart_community.entity_set import entity_set

from .conftest import PLATE

PARKING_KEYS = ("lot-B1", "space-", "vehicle-", "gate-")


@on_a_fixed_date
async def test_parking_entity_set(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, snapshot: SnapshotAssertion
) -> None:
    """Lot, own space, vehicle and gates, plus a watched space and a visitor space."""
    for subentry_type, space_id in (
        ("watch_space", "space-B1-B-010"),
        ("visitor_space", "space-B1-B-020"),
    ):
        hass.config_entries.async_add_subentry(
            entry,
            ConfigSubentry(
                data=MappingProxyType({"space_id": space_id}),
                subentry_type=subentry_type,
                title=space_id,
                unique_id=space_id,
            ),
        )
    await hass.async_block_till_done()

    parking = [
        item
        for item in entity_set(hass, entry.entry_id)
        if any(key in item["unique_id"] for key in PARKING_KEYS)
    ]

    assert parking == snapshot


async def test_diagnostics_leave_out_plates(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    server: CommunityServer,
    entry: ConfigEntry,
) -> None:
    """Rights and sessions are in the diagnostics; the plates inside them are not."""
    server.vehicle_enter(PLATE)
    await entry.runtime_data.async_refresh()

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    parking = diagnostics["parking"]
    assert parking["own_spaces"] == ["space-B1-A-001"]
    assert parking["rights"][0]["plate"] == "**REDACTED**"
    assert parking["sessions"][0]["plate"] == "**REDACTED**"
    assert parking["lots"] == [
        {"id": "lot-B1", "capacity": 200, "areas": {"area-B1-A": 100, "area-B1-B": 100}}
    ]
    assert PLATE not in json.dumps(diagnostics, ensure_ascii=False)
