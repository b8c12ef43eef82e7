"""The integration puts its blueprints in the config folder, and never over the resident's."""

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

from custom_components.smart_community.const import DOMAIN
from custom_components.smart_community.provided_blueprints import async_provide_blueprints

from .conftest import BLUEPRINTS

PACKAGED = sorted(BLUEPRINTS.glob("automation/*.yaml"))


def _installed(hass: HomeAssistant) -> Path:
    return Path(hass.config.path("blueprints", "automation", DOMAIN))


async def test_installed_once_and_kept(hass: HomeAssistant) -> None:
    """First setup installs every blueprint; later ones restore deleted files, keep edited ones."""
    assert PACKAGED
    assert await async_setup_component(hass, DOMAIN, {})
    installed = _installed(hass)
    assert sorted(path.name for path in installed.iterdir()) == [p.name for p in PACKAGED]
    for packaged in PACKAGED:
        assert (installed / packaged.name).read_bytes() == packaged.read_bytes()

    edited, deleted = installed / PACKAGED[0].name, installed / PACKAGED[-1].name
    edited.write_text("# the resident's own version\n", encoding="utf-8")
    deleted.unlink()
    # What setup runs at every later start of Home Assistant.
    await async_provide_blueprints(hass)

    assert edited.read_text(encoding="utf-8") == "# the resident's own version\n"
    assert deleted.read_bytes() == PACKAGED[-1].read_bytes()

    # With everything in place, a start changes nothing.
    before = {path.name: path.stat().st_mtime_ns for path in installed.iterdir()}
    await async_provide_blueprints(hass)
    assert {path.name: path.stat().st_mtime_ns for path in installed.iterdir()} == before


async def test_unwritable_folder_does_not_stop_setup(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """When the blueprints cannot be written, the integration still sets up and says why."""
    blocked = _installed(hass)
    blocked.parent.mkdir(parents=True)
    blocked.write_text("a file where the folder should be", encoding="utf-8")

    assert await async_setup_component(hass, DOMAIN, {})

    assert "Could not install the Smart Community blueprints" in caplog.text
