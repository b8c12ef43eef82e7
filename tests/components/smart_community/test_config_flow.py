"""The config flow's first step: the menu of device families."""

from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component

from custom_components.smart_community.const import DOMAIN


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
