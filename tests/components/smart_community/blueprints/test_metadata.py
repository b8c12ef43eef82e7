"""What a resident sees before using a blueprint: schema, names, where it comes from."""

from pathlib import Path
import re
from typing import Any

from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import models
from homeassistant.util.yaml import load_yaml
import pytest

from .conftest import BLUEPRINTS

PACKAGED = sorted(BLUEPRINTS.glob("automation/*.yaml"))
SOURCE = (
    "https://github.com/smart-community-ha/smart-community/blob/main/"
    "blueprints/automation/smart_community/"
)
TESTS = Path(__file__).parent
OUR_INTEGRATIONS = {"smart_community", "zha"}


def _filters(inputs: dict[str, Any]) -> list[dict[str, Any]]:
    """The entity filters of every entity selector among the inputs."""
    filters = []
    for spec in inputs.values():
        entity = (spec.get("selector") or {}).get("entity")
        if entity is not None:
            filters.extend(entity.get("filter", []))
    return filters


@pytest.mark.parametrize("path", PACKAGED, ids=lambda path: path.stem)
def test_blueprint_metadata(path: Path) -> None:
    """Valid for Home Assistant, importable from its own URL, every input explained."""
    blueprint = models.Blueprint(
        load_yaml(path), expected_domain="automation", schema=AUTOMATION_BLUEPRINT_SCHEMA
    )
    metadata = blueprint.metadata

    assert metadata["name"].startswith("Smart Community - ")
    assert len(metadata["description"]) > 80
    assert metadata["source_url"] == SOURCE + path.name
    assert metadata["homeassistant"]["min_version"] == "2026.10.0"
    for name, spec in blueprint.inputs.items():
        assert spec.get("name"), f"input {name} has no name"
    filters = _filters(blueprint.inputs)
    assert all(set(f) == {"domain"} or f.get("integration") in OUR_INTEGRATIONS for f in filters), (
        filters
    )


@pytest.mark.parametrize("path", PACKAGED, ids=lambda path: path.stem)
def test_blueprint_is_exercised(path: Path) -> None:
    """Each blueprint runs as an automation in some test of this folder."""
    used = re.compile(rf'use_blueprint\(\s*"{path.stem}"')
    assert any(used.search(test.read_text(encoding="utf-8")) for test in TESTS.glob("test_*.py"))
