"""Set up the Zigbee family: our quirks in ZHA's registry, and a check of ZHA's devices.

ZHA owns the radio and the entities. This family puts our quirks into ZHA's registry, and
when ZHA loaded vendor sensors before the quirks were there (zigpy applies a quirk only when
it loads or joins a device), it asks the resident to let it reload ZHA once.
"""

from collections.abc import Callable
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.start import async_at_started

from ..const import DOMAIN, ISSUE_RELOAD_ZHA, ZHA_DOMAIN

_LOGGER = logging.getLogger(__name__)


def _quirks_registration() -> Callable[[], None] | None:
    # ZHA's libraries are installed only once ZHA has been set up at least once.
    try:
        from ..quirks import register_quirks  # noqa: PLC0415
    except ImportError:
        return None
    return register_quirks


async def async_register_quirks(hass: HomeAssistant) -> None:
    """Put our quirks into ZHA's registry, if ZHA's libraries are installed."""
    register_quirks = await hass.async_add_import_executor_job(_quirks_registration)
    if register_quirks is None:
        _LOGGER.debug("ZHA is not installed; the Zigbee sensor quirks are not registered")
        return
    register_quirks()


def _sensors_without_quirks(hass: HomeAssistant, zha_entry: ConfigEntry) -> list[str]:
    """Names of the vendor's sensors that ZHA is running without our quirk."""
    # Only called while ZHA is loaded, so these modules are already imported.
    from homeassistant.components.zha.helpers import get_zha_gateway  # noqa: PLC0415
    from zha.quirks import QUIRK_REGISTRY_ENTRY_ATTR  # type: ignore[import-untyped]  # noqa: PLC0415

    from ..quirks import MANUFACTURER, QUIRKS  # noqa: PLC0415

    devices = dr.async_get(hass)
    names = []
    for device in get_zha_gateway(hass).devices.values():
        zigpy_device = device.device
        if zigpy_device.manufacturer != MANUFACTURER:
            continue
        if getattr(zigpy_device, QUIRK_REGISTRY_ENTRY_ATTR, None) in QUIRKS:
            continue
        entry = devices.async_get_device_by_identifier(
            (ZHA_DOMAIN, str(device.ieee)), zha_entry.entry_id
        )
        name = entry and (entry.name_by_user or entry.name)
        names.append(name or str(device.name))
    return sorted(names)


@callback
def async_check_zha_devices(hass: HomeAssistant) -> None:
    """Offer a reload of ZHA when it runs vendor sensors without our quirks."""
    names = [
        name
        for entry in hass.config_entries.async_loaded_entries(ZHA_DOMAIN)
        for name in _sensors_without_quirks(hass, entry)
    ]
    if not names:
        ir.async_delete_issue(hass, DOMAIN, ISSUE_RELOAD_ZHA)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        ISSUE_RELOAD_ZHA,
        is_fixable=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_RELOAD_ZHA,
        translation_placeholders={"devices": ", ".join(names)},
    )


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Register the quirks (again: it changes nothing), then check ZHA's sensors once Home
    Assistant runs; ZHA may start after us."""
    await async_register_quirks(hass)
    entry.async_on_unload(async_at_started(hass, async_check_zha_devices))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Withdraw the repair; the quirks stay registered and ZHA keeps its devices."""
    ir.async_delete_issue(hass, DOMAIN, ISSUE_RELOAD_ZHA)
