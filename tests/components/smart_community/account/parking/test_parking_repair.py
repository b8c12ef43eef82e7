"""An expiring monthly pass raises a repair issue and a vehicle event; renewal clears it."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from custom_components.smart_community.const import DOMAIN
from simulator.community import CommunityServer
from simulator.community.records import RightRecord
from tests.calendar import on_a_fixed_date

from .conftest import HOME, PASS_EXPIRY, PLATE, VEHICLE_EVENT, fired, wait_for_state

PASS = "right-0001"


def _pass_issues(issue_registry: ir.IssueRegistry) -> list[ir.IssueEntry]:
    return [
        issue
        for (domain, _), issue in issue_registry.issues.items()
        if domain == DOMAIN and issue.translation_key == "parking_pass_expiring"
    ]


@on_a_fixed_date
async def test_expiring_pass_raises_a_repair(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """The platform's warning becomes an issue naming the vehicle, and the vehicle's event."""
    assert hass.states.get(PASS_EXPIRY).state == "2027-01-01T00:00:00+00:00"

    server.right_expiring(PASS)

    state = await wait_for_state(hass, VEHICLE_EVENT, fired)
    assert state.attributes["event_type"] == "pass_expiring"
    assert state.attributes["valid_until"] == "2027-01-01T00:00:00+00:00"
    (issue,) = _pass_issues(issue_registry)
    assert issue.severity is ir.IssueSeverity.WARNING
    assert not issue.is_fixable
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["vehicle"] == PLATE

    # The resident renews at the management office: a new pass that ends later.
    with server.state.change():
        renewal = RightRecord(
            "right-renewed",
            "monthly_pass",
            HOME,
            PLATE,
            "lot-B1",
            "space-B1-A-001",
            "2027-01-01T00:00:00Z",
            "2027-02-01T00:00:00Z",
        )
        server.state.rights[renewal.id] = renewal
        server.state.save("right", renewal)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()

    assert _pass_issues(issue_registry) == []
    assert hass.states.get(PASS_EXPIRY).state == "2027-02-01T00:00:00+00:00"


async def test_other_rights_raise_nothing(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """A neighbour's pass, or a visitor permit running out, is not the resident's repair."""
    server.emit(
        "parking.right_expiring",
        {
            "right_id": "right-of-a-neighbour",
            "kind": "monthly_pass",
            "plate": "粤B·99999",
            "valid_until": "2026-12-01T00:00:00Z",
        },
    )
    server.emit(
        "parking.right_expiring",
        {
            "right_id": PASS,
            "kind": "visitor_permit",
            "plate": PLATE,
            "valid_until": "2026-12-01T00:00:00Z",
        },
    )
    server.publish_notice("Marker", "Sent after the rights", "general", important=False)
    await wait_for_state(hass, "event.lychee_garden_li_zhi_yuan_notice", fired)
    await hass.async_block_till_done()

    assert _pass_issues(issue_registry) == []
    assert not fired(hass.states.get(VEHICLE_EVENT))
