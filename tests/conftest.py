"""Fixtures shared by every test."""

import logging

import pytest

# pytest-homeassistant-custom-component turns SQLAlchemy's statement log on (INFO) when it is
# imported; the recorder's thread then writes every SQL statement of a logbook test into the
# test run's output, where it hides what matters.
logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from custom_components/."""


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A fresh configuration folder per test: setting the integration up writes blueprints."""
    return hass_tmp_config_dir
