"""The config flow's first step: the menu of device families."""

from homeassistant.config_entries import SOURCE_REAUTH, SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.const import CONF_FAMILY, DOMAIN, Family


async def test_menu_offers_every_family(hass: HomeAssistant) -> None:
    """The resident first chooses what to add."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})

    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "user"
    assert result["menu_options"] == ["community", "lock", "zigbee"]


async def test_integration_loads(hass: HomeAssistant) -> None:
    """Home Assistant can load the integration before any entry exists."""
    assert await async_setup_component(hass, DOMAIN, {})
    assert DOMAIN in hass.config.components


async def test_zigbee_entries_have_no_sign_in_or_subentries(hass: HomeAssistant) -> None:
    """The Zigbee entry holds no credentials and watches nothing."""
    entry = MockConfigEntry(domain=DOMAIN, data={CONF_FAMILY: Family.ZIGBEE})
    entry.add_to_hass(hass)

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_REAUTH, "entry_id": entry.entry_id}, data=entry.data
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_supported"
    assert entry.supported_subentry_types == {}
