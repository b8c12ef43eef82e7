"""What Home Assistant's validator (hassfest) and HACS check, as far as it can be done offline.

Each check takes the repository root and returns the problems it finds, so a test can run it on
this repository and on a copy broken on purpose.
"""

import ast
from collections.abc import Iterator
import json
from pathlib import Path
import re
from typing import Any

from homeassistant import components
from homeassistant.const import Platform
from homeassistant.requirements import DISCOVERY_INTEGRATIONS
from homeassistant.util.yaml import load_yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

DOMAIN = "smart_community"

# hassfest's pattern: a translation must take addresses from description placeholders.
_URL = re.compile(
    r"(((ftp|ftps|scp|http|https|mqtt|mqtts|socket|socks5):\/\/|www\.)"
    r"[a-z0-9]+([\-\.]{1}[a-z0-9]+)*\.[a-z]{2,5}(:[0-9]{1,5})?(\/.*)?)",
    re.IGNORECASE,
)
_MANIFEST_REQUIRED = {
    "codeowners",
    "config_flow",
    "documentation",
    "domain",
    "integration_type",
    "iot_class",
    "issue_tracker",
    "name",
    "version",
}
_MANIFEST_KNOWN = _MANIFEST_REQUIRED | {
    "after_dependencies",
    "bluetooth",
    "dependencies",
    "dhcp",
    "disabled",
    "homekit",
    "import_executor",
    "loggers",
    "mqtt",
    "quality_scale",
    "requirements",
    "single_config_entry",
    "ssdp",
    "usb",
    "zeroconf",
}
# hassfest's ALLOWED_USED_COMPONENTS: entity platforms and integrations that are always there.
_ALWAYS_ALLOWED = {str(platform) for platform in Platform} | {
    *("alert", "automation", "conversation", "device_automation", "frontend", "group"),
    *("hassio", "homeassistant", "input_boolean", "input_button", "input_datetime"),
    *("input_number", "input_select", "input_text", "media_source", "onboarding"),
    *("panel_custom", "persistent_notification", "person", "script", "shopping_list", "sun"),
    *("system_health", "system_log", "timer", "webhook", "websocket_api", "zone"),
    *("mjpeg", "stream"),
}
HA_COMPONENTS = Path(components.__path__[0])
_CORE_COMPONENTS = {path.parent.name for path in HA_COMPONENTS.glob("*/manifest.json")}


def integration(root: Path) -> Path:
    """The integration's package in a repository."""
    return root / "custom_components" / DOMAIN


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _strings(tree: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(dotted key, text) for every string of a translation file."""
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _strings(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def manifest_problems(root: Path) -> list[str]:
    """Required and known keys, in hassfest's order: domain, name, then alphabetical."""
    manifest = _json(integration(root) / "manifest.json")
    keys = list(manifest)
    problems = [f"manifest lacks {key}" for key in sorted(_MANIFEST_REQUIRED - set(keys))]
    problems += [f"manifest has unknown key {key}" for key in sorted(set(keys) - _MANIFEST_KNOWN)]
    if keys[:2] != ["domain", "name"] or keys[2:] != sorted(keys[2:]):
        problems.append("manifest keys are not domain, name, then alphabetical")
    if manifest.get("domain") != DOMAIN:
        problems.append(f"manifest domain is not {DOMAIN}")
    return problems


def _imported_components(tree: ast.AST) -> Iterator[str]:
    """Home Assistant components a module imports, as hassfest collects them."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("homeassistant.components."):
                yield node.module.split(".")[2]
            elif node.module == "homeassistant.components":
                yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("homeassistant.components."):
                    yield alias.name.split(".")[2]


def _import_allowed(package: Path, module: Path, component: str) -> bool:
    """hassfest's rule for one import of a component by a module of the integration."""
    parts = module.relative_to(package).parts
    owner = module.stem if len(parts) == 1 else parts[0]
    if owner in _CORE_COMPONENTS:
        # A platform of another integration (diagnostics.py) may import that integration.
        return owner == component
    return (package / f"{component}.py").is_file() or (package / component).is_dir()


def dependency_problems(root: Path) -> list[str]:
    """Every component the code imports is one the manifest makes sure is there."""
    package = integration(root)
    manifest = _json(package / "manifest.json")
    declared = set(manifest.get("dependencies", [])) | set(manifest.get("after_dependencies", []))
    if "bluetooth_adapters" in declared:
        declared.add("bluetooth")  # it depends on bluetooth and sets the adapters up first
    # A discovery matcher in the manifest (bluetooth, usb, ...) loads that integration.
    declared |= {
        domain
        for domain, keys in DISCOVERY_INTEGRATIONS.items()
        if any(key in manifest for key in keys)
    }
    problems = []
    for module in sorted(package.rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for component in sorted(set(_imported_components(tree))):
            if component in declared | _ALWAYS_ALLOWED | {DOMAIN} or _import_allowed(
                package, module, component
            ):
                continue
            problems.append(
                f"{module.relative_to(root)} imports {component}, "
                "which is not in dependencies or after_dependencies"
            )
    return problems


def _translation_files(root: Path) -> list[Path]:
    return sorted((integration(root) / "translations").glob("*.json"))


def translation_url_problems(root: Path) -> list[str]:
    """hassfest refuses an address in a translation; it belongs in a placeholder."""
    return [
        f"{path.name}: {key} contains a URL"
        for path in _translation_files(root)
        for key, text in _strings(_json(path))
        if _URL.search(text)
    ]


def translation_key_problems(root: Path) -> list[str]:
    """English and Simplified Chinese (and any other language) say the same things."""
    translations = integration(root) / "translations"
    problems = [
        f"translations/{name} is missing"
        for name in ("en.json", "zh-Hans.json")
        if not (translations / name).is_file()
    ]
    if problems:
        return problems
    english = {key for key, _ in _strings(_json(translations / "en.json"))}
    for path in _translation_files(root):
        keys = {key for key, _ in _strings(_json(path))}
        problems += [f"{path.name} lacks {key}" for key in sorted(english - keys)]
        problems += [f"{path.name} has unknown {key}" for key in sorted(keys - english)]
    return problems


def service_problems(root: Path) -> list[str]:
    """services.yaml, the services' translations and their icons name the same actions."""
    package = integration(root)
    loaded = load_yaml(package / "services.yaml")
    services: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
    english = _json(package / "translations" / "en.json")
    translated: dict[str, Any] = english.get("services", {})
    icons = _json(package / "icons.json")
    problems = []
    for name in sorted(set(services) | set(translated) | set(icons.get("services", {}))):
        where = {
            "services.yaml": name in services,
            "en.json": name in translated,
            "icons.json": name in icons.get("services", {}),
        }
        problems += [f"action {name} is missing in {file}" for file, ok in where.items() if not ok]
        if name not in services or name not in translated:
            continue
        text = translated[name]
        problems += [
            f"en.json: services.{name}.{key} is missing"
            for key in ("name", "description")
            if key not in text
        ]
        fields = set((services[name] or {}).get("fields", {}))
        texts = text.get("fields", {})
        problems += [
            f"en.json: services.{name}.fields.{field} lacks a name or description"
            for field in sorted(fields)
            if not {"name", "description"} <= set(texts.get(field, {}))
        ]
        problems += [
            f"en.json: services.{name} has unknown field {field}"
            for field in sorted(set(texts) - fields)
        ]
    entity_keys = {key for key, _ in _strings(english.get("entity", {}))}
    for platform, entities in icons.get("entity", {}).items():
        problems += [
            f"icons.json: entity {platform}.{key} has no translation"
            for key in entities
            if not any(path.startswith(f"{platform}.{key}.") for path in entity_keys)
        ]
    return problems


def license_problems(root: Path) -> list[str]:
    """GitHub, and so HACS, needs the licence as a file at the root."""
    path = root / "LICENSE"
    if not path.is_file():
        return ["LICENSE is missing"]
    text = path.read_text(encoding="utf-8")
    if "Apache License" not in text or "Version 2.0, January 2004" not in text:
        return ["LICENSE is not the Apache License 2.0 that pyproject.toml declares"]
    return []


def home_assistant_pins(root: Path, components: Path = HA_COMPONENTS) -> dict[str, set[str]]:
    """Our requirements that Home Assistant's manifests also pin, with those pins.

    The workflow's job on the newest Home Assistant installs them in place of ours.
    """
    theirs: dict[str, set[str]] = {}
    for manifest in components.glob("*/manifest.json"):
        for line in _json(manifest).get("requirements", []):
            theirs.setdefault(canonicalize_name(Requirement(line).name), set()).add(line)
    pins = {}
    for line in (root / "requirements_test.txt").read_text(encoding="utf-8").splitlines():
        if (line := line.split("#", 1)[0].strip()) and (
            found := theirs.get(canonicalize_name(Requirement(line).name))
        ):
            pins[line] = found
    return pins


def requirement_pin_problems(root: Path, components: Path = HA_COMPONENTS) -> list[str]:
    """Our pins of Home Assistant's integrations' packages equal that release's manifests."""
    problems = []
    for ours, theirs in home_assistant_pins(root, components).items():
        specifiers = {str(Requirement(line).specifier) for line in theirs}
        if str(Requirement(ours).specifier) not in specifiers:
            problems.append(
                f"requirements_test.txt pins {ours}, "
                f"Home Assistant's manifests {' or '.join(sorted(specifiers))}"
            )
    return problems


def blueprint_copy_problems(root: Path) -> list[str]:
    """The integration carries byte-identical copies of the blueprints at the top level."""
    originals = root / "blueprints" / "automation" / DOMAIN
    copies = integration(root) / "blueprints" / "automation"
    if not any(originals.glob("*.yaml")):
        return [f"no blueprints in {originals.relative_to(root)}"]
    names = {path.name for path in originals.glob("*.yaml")} | {
        path.name for path in copies.glob("*.yaml")
    }
    problems = []
    for name in sorted(names):
        original, copy = originals / name, copies / name
        if not original.is_file():
            problems.append(f"{copy.relative_to(root)} has no original in blueprints/")
        elif not copy.is_file() or copy.read_bytes() != original.read_bytes():
            problems.append(f"{copy.relative_to(root)} differs from its original: run scripts/lint")
    return problems
