"""Adds the ready dashboard of docs/dashboards to the demo, as a resident pastes it in the UI.

The YAML names the demo community's entities, an example lock and example Zigbee sensors; as
its header asks, the example ids become the demo's own and cards for absent devices go.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotatedyaml import load_yaml

from .ha_client import HomeAssistantError, Json, WebSocket, as_json, as_list

DASHBOARD_YAML = Path(__file__).resolve().parents[2] / "docs" / "dashboards" / "home.yaml"
URL_PATH = "smart-community"
TITLE = "Smart Community"
ICON = "mdi:home-city"

# The lock the YAML was written for; the demo's has another address, so another id.
_EXAMPLE_LOCK = "sc_lock_ee10"
_LOCK_MODEL = "Bluetooth door lock"
_SENSOR_MANUFACTURER = "SmartCommunity"
# The YAML's example Zigbee entities, by the device class of the entity each stands for.
_ZHA_EXAMPLES = {
    "binary_sensor.front_door_contact_opening": "opening",
    "binary_sensor.hallway_motion_motion": "motion",
    "binary_sensor.kitchen_leak_water_leak": "moisture",
    "binary_sensor.kitchen_smoke_smoke": "smoke",
    "binary_sensor.kitchen_gas_gas": "gas",
    "binary_sensor.bedroom_sos_button_safety": "safety",
    "sensor.living_room_climate_temperature": "temperature",
    "sensor.living_room_climate_humidity": "humidity",
}


async def add_dashboard(socket: WebSocket) -> bool:
    """Create the dashboard unless it exists; True when it was created."""
    existing = as_list(await socket.command({"type": "lovelace/dashboards/list"}), "dashboards")
    if any(d.get("url_path") == URL_PATH for d in existing):
        return False
    config = as_json(load_yaml(DASHBOARD_YAML), str(DASHBOARD_YAML))
    substitutes = await _demo_ids(socket)
    create: Json = {
        "type": "lovelace/dashboards/create",
        "url_path": URL_PATH,
        "title": TITLE,
        "icon": ICON,
        "show_in_sidebar": True,
        "require_admin": False,
    }
    await socket.command(create)
    save: Json = {
        "type": "lovelace/config/save",
        "url_path": URL_PATH,
        "config": _substituted(config, substitutes),
    }
    await socket.command(save)
    return True


async def _demo_ids(socket: WebSocket) -> _DemoIds:
    devices = as_list(await socket.command({"type": "config/device_registry/list"}), "devices")
    entities = as_list(await socket.command({"type": "config/entity_registry/list"}), "entities")
    states = as_list(await socket.command({"type": "get_states"}), "states")
    makers = {str(d["id"]): (d.get("manufacturer"), d.get("model")) for d in devices}
    by_maker: dict[tuple[object, object], list[str]] = {}
    for entity in entities:
        maker = makers.get(str(entity.get("device_id")), (None, None))
        by_maker.setdefault(maker, []).append(str(entity["entity_id"]))
    locks = [
        entity_id.partition(".")[2]
        for (_, model), ids in by_maker.items()
        if model == _LOCK_MODEL
        for entity_id in ids
        if entity_id.startswith("lock.")
    ]
    if not locks:
        raise HomeAssistantError("the demo's door lock has no lock entity")
    sensors = {
        entity_id
        for (manufacturer, _), ids in by_maker.items()
        if manufacturer == _SENSOR_MANUFACTURER
        for entity_id in ids
    }
    by_class: dict[tuple[str, object], str] = {}
    for state in states:
        entity_id = str(state["entity_id"])
        if entity_id in sensors:
            device_class = as_json(state.get("attributes"), entity_id).get("device_class")
            by_class[(entity_id.partition(".")[0], device_class)] = entity_id
    zigbee = {
        example: by_class.get((example.partition(".")[0], device_class))
        for example, device_class in _ZHA_EXAMPLES.items()
    }
    return _DemoIds(locks[0], zigbee)


@dataclass(frozen=True, slots=True)
class _DemoIds:
    """How the demo names the YAML's example entities."""

    lock: str
    # None: the demo has no such device.
    zigbee: dict[str, str | None]

    def of(self, entity_id: str) -> str | None:
        """The demo's id for an id of the YAML, None when the demo lacks the device."""
        if entity_id in self.zigbee:
            return self.zigbee[entity_id]
        return entity_id.replace(_EXAMPLE_LOCK, self.lock)


def _substituted(node: object, ids: _DemoIds) -> object:
    """The YAML tree with the demo's ids, without the cards of devices it lacks (None)."""
    if isinstance(node, list):
        kept = (_substituted(item, ids) for item in node)
        return [item for item in kept if item is not None]
    if not isinstance(node, dict):
        return node
    if isinstance(entity := node.get("entity"), str) and ids.of(entity) is None:
        return None
    return {
        key: ids.of(value)
        if key in {"entity", "entity_id"} and isinstance(value, str)
        else _substituted(value, ids)
        for key, value in node.items()
    }
