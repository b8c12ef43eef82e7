"""The shared protocol vectors in docs/protocols/vectors/ble-lock/."""

import json
from pathlib import Path
from typing import Any

VECTORS = Path(__file__).resolve().parents[2] / "docs" / "protocols" / "vectors" / "ble-lock"


def load(name: str) -> Any:
    """One vector file."""
    return json.loads((VECTORS / f"{name}.json").read_text(encoding="utf-8"))
