"""A platform that caps how long a login lasts: the resident is asked to sign in again in time."""

from datetime import timedelta

from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.smart_community.const import DOMAIN
from simulator.community import CommunityServer

from .conftest import PASSWORD, add_account


async def _start_fix(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, issue_id: str
) -> dict[str, object]:
    client = await hass_client()
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    assert response.status == 200
    return dict(await response.json())


async def test_capped_login_asks_to_sign_in_again(
    hass: HomeAssistant, server: CommunityServer, hass_client: ClientSessionGenerator
) -> None:
    """A login with days left raises a repair whose fix opens the sign-in dialog."""
    assert await async_setup_component(hass, "repairs", {})
    server.set_login_lifetime(int(timedelta(days=5).total_seconds()))
    entry = await add_account(hass, server.url)
    issue_id = f"login_expiring_{entry.entry_id}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.is_fixable
    assert issue.translation_placeholders == {"account": entry.title, "days": "5"}

    flow = await _start_fix(hass, hass_client, issue_id)
    assert flow["step_id"] == "confirm"
    client = await hass_client()
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    assert (await response.json())["type"] == FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()

    reauth = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [item["context"]["source"] for item in reauth] == [SOURCE_REAUTH]
    server.set_login_lifetime(None)
    result = await hass.config_entries.flow.async_configure(
        reauth[0]["flow_id"], {CONF_PASSWORD: PASSWORD}
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reauth_successful"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_uncapped_login_raises_nothing(hass: HomeAssistant, server: CommunityServer) -> None:
    """With refreshing extending the login, there is nothing to ask."""
    entry = await add_account(hass, server.url)

    assert ir.async_get(hass).async_get_issue(DOMAIN, f"login_expiring_{entry.entry_id}") is None


async def test_fix_for_a_removed_account(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    """A repair left over from a removed account explains itself."""
    assert await async_setup_component(hass, "repairs", {})
    assert await async_setup_component(hass, DOMAIN, {})
    ir.async_create_issue(
        hass,
        DOMAIN,
        "login_expiring_gone",
        data={"entry_id": "gone"},
        is_fixable=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key="login_expiring",
        translation_placeholders={"account": "Old", "days": "1"},
    )

    flow = await _start_fix(hass, hass_client, "login_expiring_gone")
    client = await hass_client()
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})

    answer = await response.json()
    assert answer["reason"] == "account_removed", answer
