"""Provide the blueprints shipped in the package in the config's blueprints folder.

HACS installs only this package, so the blueprints travel inside it and are copied to
`<config>/blueprints/<domain>/smart_community/` where Home Assistant looks for them.
A file already there is the resident's, possibly edited: it is never replaced.
"""

import logging
from pathlib import Path

from homeassistant.core import HomeAssistant

from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

PACKAGED = Path(__file__).parent / "blueprints"


def _install_missing(config_blueprints: Path) -> list[str]:
    """Copy each packaged blueprint that is absent; the names of those copied."""
    installed = []
    for source in sorted(PACKAGED.glob("*/*.yaml")):
        target = config_blueprints / source.parent.name / DOMAIN / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            # Exclusive creation: a file that appears meanwhile is kept, not overwritten.
            with target.open("xb") as copy:
                copy.write(source.read_bytes())
        except FileExistsError:
            continue
        installed.append(f"{source.parent.name}/{source.name}")
    return installed


async def async_provide_blueprints(hass: HomeAssistant) -> None:
    """Install the blueprints the resident does not have; setup goes on if that fails."""
    try:
        installed = await hass.async_add_executor_job(
            _install_missing, Path(hass.config.path("blueprints"))
        )
    except OSError as err:
        _LOGGER.warning("Could not install the Smart Community blueprints: %s", err)
        return
    if installed:
        _LOGGER.info("Installed Smart Community blueprints: %s", ", ".join(installed))
