"""Checks on the files HACS and Home Assistant read before any code runs."""

import ast
from collections.abc import Callable, Iterator
import json
from pathlib import Path
import re
import shutil
from typing import Any

from awesomeversion import AwesomeVersion
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import models
from homeassistant.util.yaml import load_yaml
from PIL import Image
import pytest

from . import repository_checks
from .repository_checks import (
    HA_COMPONENTS,
    blueprint_copy_problems,
    dependency_problems,
    license_problems,
    manifest_problems,
    requirement_pin_problems,
    service_problems,
    translation_key_problems,
    translation_url_problems,
)

ROOT = Path(__file__).resolve().parent.parent
INTEGRATION = ROOT / "custom_components" / "smart_community"
TRANSLATIONS = INTEGRATION / "translations"
QUIRKS = INTEGRATION / "quirks"
BLUEPRINTS = sorted((ROOT / "blueprints").rglob("*.yaml"))


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


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
    """Home Assistant refuses a custom integration without a valid version."""
    manifest = _load(INTEGRATION / "manifest.json")
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
                elif isinstance(call.func, ast.Name) and call.func.id == "SelectSelectorConfig":
                    yield name, "selector", key
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


CHECKS = [
    manifest_problems,
    dependency_problems,
    translation_url_problems,
    translation_key_problems,
    service_problems,
    license_problems,
    blueprint_copy_problems,
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_repository_passes_the_validators_checks(check: Callable[[Path], list[str]]) -> None:
    """What hassfest and HACS would find, found here first."""
    assert check(ROOT) == []


def test_pins_follow_home_assistants_manifests() -> None:
    """zha, esphome and the rest run in tests as the pinned Home Assistant runs them."""
    assert requirement_pin_problems(ROOT, HA_COMPONENTS) == []


def _edit_json(path: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    data = _load(path)
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _manifest(root: Path) -> Path:
    return repository_checks.integration(root) / "manifest.json"


def _translation(root: Path, language: str) -> Path:
    return repository_checks.integration(root) / "translations" / f"{language}.json"


def _unsort_manifest(root: Path) -> None:
    manifest = _load(_manifest(root))
    _manifest(root).write_text(json.dumps({"version": manifest.pop("version"), **manifest}))


def _packaged_blueprint(root: Path, name: str) -> Path:
    return repository_checks.integration(root) / "blueprints" / "automation" / name


def _append_to_file(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


BREAKAGES: list[tuple[Callable[[Path], list[str]], Callable[[Path], object], str]] = [
    (manifest_problems, _unsort_manifest, "manifest keys are not domain, name, then alphabetical"),
    (
        manifest_problems,
        lambda root: _edit_json(_manifest(root), lambda data: data.pop("issue_tracker")),
        "manifest lacks issue_tracker",
    ),
    (
        dependency_problems,
        lambda root: _edit_json(_manifest(root), lambda data: data.pop("after_dependencies")),
        "smart_community/zigbee_sensors/entry.py imports zha, which is not in dependencies",
    ),
    (
        dependency_problems,
        lambda root: _append_to_file(
            repository_checks.integration(root) / "lock.py",
            "from homeassistant.components.mqtt import async_publish  # noqa: F401\n",
        ),
        "smart_community/lock.py imports mqtt, which is not in dependencies",
    ),
    (
        translation_url_problems,
        lambda root: _edit_json(
            _translation(root, "zh-Hans"),
            lambda data: data["config"]["error"].update(invalid_url="例如 https://example.com"),
        ),
        "zh-Hans.json: config.error.invalid_url contains a URL",
    ),
    (
        translation_key_problems,
        lambda root: _edit_json(
            _translation(root, "zh-Hans"), lambda data: data["config"]["error"].pop("unknown")
        ),
        "zh-Hans.json lacks config.error.unknown",
    ),
    (
        translation_key_problems,
        lambda root: _translation(root, "zh-Hans").unlink(),
        "translations/zh-Hans.json is missing",
    ),
    (
        service_problems,
        lambda root: _edit_json(
            repository_checks.integration(root) / "icons.json",
            lambda data: data["services"].pop("revoke_visitor_pass"),
        ),
        "action revoke_visitor_pass is missing in icons.json",
    ),
    (
        service_problems,
        lambda root: _append_to_file(
            repository_checks.integration(root) / "services.yaml",
            "    note:\n      selector:\n        text:\n",
        ),
        "en.json: services.revoke_visitor_vehicle.fields.note lacks a name or description",
    ),
    (
        service_problems,
        lambda root: _edit_json(
            _translation(root, "en"),
            lambda data: data["services"]["revoke_visitor_pass"].pop("name"),
        ),
        "en.json: services.revoke_visitor_pass.name is missing",
    ),
    (
        service_problems,
        lambda root: _edit_json(
            repository_checks.integration(root) / "icons.json",
            lambda data: data["entity"]["sensor"].update(garage_door={"default": "mdi:garage"}),
        ),
        "icons.json: entity sensor.garage_door has no translation",
    ),
    (
        blueprint_copy_problems,
        lambda root: _append_to_file(_packaged_blueprint(root, "auto_lock.yaml"), "# edited\n"),
        "blueprints/automation/auto_lock.yaml differs from its original: run scripts/lint",
    ),
    (
        blueprint_copy_problems,
        lambda root: _packaged_blueprint(root, "safety_alarm.yaml").unlink(),
        "blueprints/automation/safety_alarm.yaml differs from its original",
    ),
    (
        blueprint_copy_problems,
        lambda root: _packaged_blueprint(root, "new.yaml").write_text("blueprint:\n"),
        "blueprints/automation/new.yaml has no original in blueprints/",
    ),
    (license_problems, lambda root: (root / "LICENSE").unlink(), "LICENSE is missing"),
    (
        license_problems,
        lambda root: (root / "LICENSE").write_text("MIT License\n"),
        "LICENSE is not the Apache License 2.0 that pyproject.toml declares",
    ),
]


@pytest.fixture
def repository_copy(tmp_path: Path) -> Path:
    """The files the validators read, in a copy that a test may break."""
    root = tmp_path / "repository"
    shutil.copytree(
        ROOT / "custom_components",
        root / "custom_components",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(ROOT / "blueprints", root / "blueprints")
    for name in ("LICENSE", "requirements_test.txt"):
        shutil.copy(ROOT / name, root / name)
    return root


@pytest.mark.parametrize(
    ("check", "breakage", "problem"), BREAKAGES, ids=[problem for _, _, problem in BREAKAGES]
)
def test_checks_find_a_broken_copy(
    repository_copy: Path,
    check: Callable[[Path], list[str]],
    breakage: Callable[[Path], object],
    problem: str,
) -> None:
    """Each check passes on an intact copy and names what was broken in it."""
    assert check(repository_copy) == []
    breakage(repository_copy)
    found = check(repository_copy)
    assert any(problem in text for text in found), found


def test_pin_check_finds_a_stale_pin(repository_copy: Path) -> None:
    """A pin left behind by a Home Assistant bump is named."""
    requirements = repository_copy / "requirements_test.txt"
    text = requirements.read_text(encoding="utf-8")
    requirements.write_text(re.sub(r"^zha==\S+", "zha==0.0.1", text, flags=re.MULTILINE))
    assert requirement_pin_problems(repository_copy, HA_COMPONENTS) == [
        f"requirements_test.txt pins zha==0.0.1, Home Assistant's manifests {_zha_specifier()}"
    ]


def _zha_specifier() -> str:
    manifest = _load(HA_COMPONENTS / "zha" / "manifest.json")
    pins: list[str] = [line for line in manifest["requirements"] if line.startswith("zha==")]
    return pins[0].removeprefix("zha")
