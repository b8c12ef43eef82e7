"""Checks on the files HACS and Home Assistant read before any code runs."""

import ast
from collections.abc import Iterator
import json
from pathlib import Path
import re
from typing import Any

from awesomeversion import AwesomeVersion
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import models
from homeassistant.util.yaml import load_yaml
from PIL import Image
import pytest

ROOT = Path(__file__).resolve().parent.parent
INTEGRATION = ROOT / "custom_components" / "smart_community"
TRANSLATIONS = INTEGRATION / "translations"
QUIRKS = INTEGRATION / "quirks"
BLUEPRINTS = sorted((INTEGRATION / "blueprints").rglob("*.yaml"))


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _leaf_paths(tree: dict[str, Any], prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        paths |= _leaf_paths(value, f"{path}.") if isinstance(value, dict) else {path}
    return paths


def _all_paths(tree: dict[str, Any], prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        paths.add(path)
        if isinstance(value, dict):
            paths |= _all_paths(value, f"{path}.")
    return paths


EN_PATHS = _all_paths(_load(TRANSLATIONS / "en.json"))


def test_manifest() -> None:
    """Home Assistant refuses a custom integration without a version; hassfest wants order."""
    manifest = _load(INTEGRATION / "manifest.json")
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert manifest["domain"] == INTEGRATION.name
    assert AwesomeVersion(manifest["version"]).valid
    assert manifest["config_flow"] is True
    assert manifest["integration_type"] == "hub"
    assert manifest["iot_class"] in {"cloud_push", "cloud_polling", "local_push", "local_polling"}
    for url_key in ("documentation", "issue_tracker"):
        assert manifest[url_key].startswith("https://")
    assert manifest["codeowners"]
    assert all(owner.startswith("@") for owner in manifest["codeowners"])


def test_hacs_json() -> None:
    """HACS reads only the keys it knows; the minimum version must be one we test."""
    hacs = _load(ROOT / "hacs.json")
    allowed = {
        "name",
        "content_in_root",
        "country",
        "filename",
        "hacs",
        "hide_default_branch",
        "homeassistant",
        "persistent_directory",
        "render_readme",
        "zip_release",
    }
    assert set(hacs) <= allowed
    assert hacs["name"]
    assert AwesomeVersion(hacs["homeassistant"]) >= AwesomeVersion("2026.10.0")


@pytest.mark.parametrize("path", sorted(TRANSLATIONS.glob("*.json")), ids=lambda path: path.name)
def test_translations_have_the_same_keys(path: Path) -> None:
    """Every language says everything English says, and nothing else."""
    english = _leaf_paths(_load(TRANSLATIONS / "en.json"))
    other = _leaf_paths(_load(path))
    assert sorted(english - other) == [], f"missing in {path.name}"
    assert sorted(other - english) == [], f"unknown in {path.name}"


def test_chinese_translation_exists() -> None:
    """Residents read the integration in English or Simplified Chinese."""
    assert (TRANSLATIONS / "zh-Hans.json").is_file()


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    return (node for node in ast.walk(tree) if isinstance(node, ast.Call))


def _keyword(call: ast.Call, name: str) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == name and isinstance(keyword.value, ast.Constant):
            value = keyword.value.value
            return value if isinstance(value, str) else None
    return None


def _translation_uses() -> Iterator[tuple[str, str, str]]:
    """(file, section pattern, key) for every translation key the code names literally."""
    for source in sorted(INTEGRATION.rglob("*.py")):
        if QUIRKS in source.parents:
            continue  # ZHA owns those entities; their keys resolve from ZHA's own strings
        tree = ast.parse(source.read_text(encoding="utf-8"))
        name = str(source.relative_to(ROOT))
        for call in _calls(tree):
            function = call.func.attr if isinstance(call.func, ast.Attribute) else ""
            if (reason := _keyword(call, "reason")) and function.endswith("abort"):
                yield name, r"(.+\.)?abort", reason
            if (step := _keyword(call, "step_id")) is not None:
                yield name, r"(.+\.)?step", step
            if (key := _keyword(call, "translation_key")) is not None:
                if function == "async_create_issue":
                    yield name, "issues", key
                elif _keyword(call, "translation_domain") is not None or any(
                    keyword.arg == "translation_domain" for keyword in call.keywords
                ):
                    yield name, "exceptions", key
                else:
                    yield name, r"entity\.[a-z_]+", key
        for node in ast.walk(tree):
            # errors["base"] = "cannot_connect"
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Subscript)
                and isinstance(node.targets[0].value, ast.Name)
                and node.targets[0].value.id == "errors"
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                yield name, r"(.+\.)?error", node.value.value


@pytest.mark.parametrize(
    ("source", "section", "key"),
    list(_translation_uses()) or [pytest.param("", "", "", marks=pytest.mark.skip)],
)
def test_code_keys_are_translated(source: str, section: str, key: str) -> None:
    """A key named in the code has English text, so no resident sees a raw key."""
    pattern = re.compile(rf"{section}\.{re.escape(key)}")
    assert any(pattern.fullmatch(path) for path in EN_PATHS), f"{source}: {section}.{key}"


def test_icons_and_services_are_translated() -> None:
    """Icons and actions point at entities and actions that exist in en.json."""
    icons_file = INTEGRATION / "icons.json"
    services_file = INTEGRATION / "services.yaml"
    icons = _load(icons_file) if icons_file.exists() else {}
    services = load_yaml(services_file) if services_file.exists() else {}
    for platform, entities in icons.get("entity", {}).items():
        for key in entities:
            assert f"entity.{platform}.{key}" in EN_PATHS
    for service in icons.get("services", {}):
        assert service in services
    for service, spec in (services or {}).items():
        assert f"services.{service}.name" in EN_PATHS
        assert f"services.{service}.description" in EN_PATHS
        for field in (spec or {}).get("fields", {}):
            assert f"services.{service}.fields.{field}.name" in EN_PATHS
            assert f"services.{service}.fields.{field}.description" in EN_PATHS


@pytest.mark.parametrize(
    ("name", "size"),
    [("icon.png", (256, 256)), ("icon@2x.png", (512, 512))],
)
def test_brand_icons(name: str, size: tuple[int, int]) -> None:
    """HACS and Home Assistant show these; the sizes are fixed."""
    with Image.open(INTEGRATION / "brand" / name) as image:
        assert image.format == "PNG"
        assert image.size == size


@pytest.mark.parametrize(
    ("name", "low", "high"), [("logo.png", 128, 256), ("logo@2x.png", 256, 512)]
)
def test_brand_logos(name: str, low: int, high: int) -> None:
    """A logo's shortest side is within the range the brands guidelines give."""
    with Image.open(INTEGRATION / "brand" / name) as image:
        assert image.format == "PNG"
        assert low <= min(image.size) <= high


@pytest.mark.parametrize(
    "path",
    BLUEPRINTS or [pytest.param(None, marks=pytest.mark.skip(reason="no blueprints yet"))],
    ids=lambda path: path.name if path else "none",
)
def test_blueprint_schema(path: Path) -> None:
    """Every blueprint loads with Home Assistant's own blueprint schema."""
    blueprint = models.Blueprint(
        load_yaml(path), expected_domain="automation", schema=AUTOMATION_BLUEPRINT_SCHEMA
    )
    assert blueprint.metadata["source_url"].startswith("https://")
