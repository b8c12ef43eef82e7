"""Where the demo listens and keeps its state, and the fixed facts a resident types in."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
import json
from pathlib import Path

from simulator.esphome.server import DEFAULT_PORT as ESPHOME_PORT
from simulator.zigbee.run import (
    DEFAULT_CONTROL_PORT as ZIGBEE_CONTROL_PORT,
    DEFAULT_PORT as ZIGBEE_PORT,
)

HOST = "127.0.0.1"
COMMUNITY_PORT = 8800
CONTROL_PORT = 8801
HOME_ASSISTANT_PORT = 8123

# The demo resident of the seeded community (docs/protocols/community-api.md §10).
RESIDENT_USERNAME = "resident1"
RESIDENT_PASSWORD = "demo-password-1"  # noqa: S105 - the seeded demo resident's
RESIDENT_HOME = "home-3-1-1203"
RESIDENT_PLATE = "粤B·12345"
NORTH_GATE = "door-north-gate"
PARKING_GATE_IN = "gate-B1-in"
PARKING_GATE_OUT = "gate-B1-out"

# The virtual lock on the door of the resident's flat, and the code printed on it.
LOCK_ADDRESS = "02:5C:10:DE:00:01"
LOCK_SETUP_CODE = "20262026"

# The vendor sensors that join the demo network, by simulator kind.
ZIGBEE_SENSORS = ("sc-wl01", "sc-dw01", "sc-pir01", "sc-th01")

# The owner account Home Assistant's onboarding creates.
OWNER_NAME = "Demo"
OWNER_USERNAME = "demo"
OWNER_PASSWORD = "demo-password"  # noqa: S105 - printed for the demo's user

_PORTS_FILE = "ports.json"


class LayoutError(Exception):
    """The demo's state folder does not describe a running demo."""


@dataclass(frozen=True, slots=True)
class DemoPorts:
    """The loopback ports of one running demo."""

    community: int = COMMUNITY_PORT
    control: int = CONTROL_PORT
    zigbee: int = ZIGBEE_PORT
    zigbee_control: int = ZIGBEE_CONTROL_PORT
    esphome: int = ESPHOME_PORT

    @property
    def community_url(self) -> str:
        """Base URL of the community server (its control API is under /control/)."""
        return f"http://{HOST}:{self.community}"

    @property
    def zigbee_path(self) -> str:
        """The radio path ZHA is given for the virtual coordinator."""
        return f"socket://{HOST}:{self.zigbee}"

    @property
    def control_url(self) -> str:
        """Base URL of the demo's own control API (the virtual lock)."""
        return f"http://{HOST}:{self.control}"

    def save(self, data: Path) -> None:
        """Write the ports where `ctl` and the provisioning find them."""
        data.mkdir(parents=True, exist_ok=True)
        (data / _PORTS_FILE).write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, data: Path) -> DemoPorts:
        """Read the ports a demo running on `data` saved."""
        try:
            raw: object = json.loads((data / _PORTS_FILE).read_text())
        except (OSError, ValueError) as err:
            raise LayoutError(f"no running demo keeps its state in {data}") from err
        if not isinstance(raw, dict):
            raise LayoutError(f"{data / _PORTS_FILE} is not a JSON object")
        ports: dict[str, int] = {}
        for field in fields(cls):
            value: object = raw.get(field.name)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 65536:
                raise LayoutError(f"{data / _PORTS_FILE} lacks a valid {field.name!r} port")
            ports[field.name] = value
        return cls(**ports)
