"""The ready dashboard in docs/dashboards: valid YAML naming real entities."""

from collections.abc import Iterator
from pathlib import Path
import re
from typing import Any

from homeassistant.core import valid_entity_id
from homeassistant.util.yaml import load_yaml
import pytest

ROOT = Path(__file__).resolve().parents[4]
DASHBOARDS = sorted((ROOT / "docs" / "dashboards").glob("*.yaml"))
SNAPSHOTS = ROOT / "tests" / "components" / "smart_community"
# ZHA names these after the names residents give their sensors; no snapshot of ours has them.
ZHA_EXAMPLES = {
    "binary_sensor.front_door_contact_opening",
    "binary_sensor.hallway_motion_motion",
    "binary_sensor.kitchen_leak_water_leak",
    "binary_sensor.kitchen_smoke_smoke",
    "binary_sensor.kitchen_gas_gas",
    "binary_sensor.bedroom_sos_button_safety",
    "sensor.living_room_climate_temperature",
    "sensor.living_room_climate_humidity",
}


def _entity_ids(node: Any) -> Iterator[str]:
    """Every value of an `entity` or `entity_id` key, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"entity", "entity_id"}:
                yield from [value] if isinstance(value, str) else value
            else:
                yield from _entity_ids(value)
    elif isinstance(node, list):
        for item in node:
            yield from _entity_ids(item)


def _our_entity_ids() -> set[str]:
    """The entity ids our entity-set snapshots record for the demo community and lock."""
    found: set[str] = set()
    for snapshot in SNAPSHOTS.rglob("__snapshots__/*.ambr"):
        found |= set(re.findall(r"'entity_id': '([a-z_0-9.]+)'", snapshot.read_text("utf-8")))
    return found


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda path: path.name)
def test_dashboard(path: Path) -> None:
    """It parses; every entity is an entity id; ours exist in the demo as named."""
    dashboard = load_yaml(path)
    assert dashboard["views"]
    named = list(_entity_ids(dashboard))
    assert named
    assert [entity_id for entity_id in named if not valid_entity_id(entity_id)] == []
    missing = sorted(set(named) - ZHA_EXAMPLES - _our_entity_ids())
    assert missing == [], "the dashboard names entities the demo does not have"
