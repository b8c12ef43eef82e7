"""The sensor line as docs/protocols/zigbee-devices.md states it, read from its tables.

Tests compare the simulator's sensors and ZHA's entities with it, so the document, the
simulator, the quirks and the tests cannot drift apart silently.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
import re

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "protocols" / "zigbee-devices.md"
_NONE = "—"


@dataclass(frozen=True, slots=True, kw_only=True)
class EndpointSignature:
    """One endpoint as its simple descriptor states it."""

    endpoint_id: int
    profile_id: int
    device_type: int
    in_clusters: tuple[int, ...]
    out_clusters: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Signature:
    """What a sensor tells the coordinator about itself when it is interviewed."""

    manufacturer: str
    model: str
    manufacturer_code: int
    mains_powered: bool
    endpoints: tuple[EndpointSignature, ...]


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    """An attribute a sensor answers, with its wire type and its value at join."""

    cluster_id: int
    attribute_id: int
    type_name: str
    value_at_join: str


@dataclass(frozen=True, slots=True)
class EntitySpec:
    """One Home Assistant entity ZHA must create for a model."""

    platform: str
    suffix: str
    device_class: str | None
    category: str | None
    enabled: bool


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """A model's signature, the attributes it implements and the entities it yields."""

    signature: Signature
    zone_type: int | None
    attributes: tuple[AttributeSpec, ...]
    entities: frozenset[EntitySpec]

    @property
    def model(self) -> str:
        """The model string in the Basic cluster."""
        return self.signature.model

    @property
    def kind(self) -> str:
        """The simulator's device kind for the model."""
        return self.model.lower()

    def initial_values(self) -> dict[tuple[int, int, int], tuple[str, int | str]]:
        """Wire type and value of what the sensor holds before it first joins."""
        return {
            (1, spec.cluster_id, spec.attribute_id): (spec.type_name, self._value(spec))
            for spec in self.attributes
            if spec.value_at_join != _NONE
        }

    def _value(self, spec: AttributeSpec) -> int | str:
        match spec.value_at_join:
            case "model":
                return self.signature.model
            case "power":
                return 0x01 if self.signature.mains_powered else 0x03
            case "zone type":
                assert self.zone_type is not None
                return self.zone_type
            case literal if spec.type_name == "string":
                return literal
            case literal if spec.type_name == "EUI64":
                return int(literal.replace(":", ""), 16)
            case literal:
                return int(literal, 0)


def _code(cell: str) -> str:
    return cell.strip().strip("`")


def _codes(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def _tables(text: str) -> list[list[dict[str, str]]]:
    tables: list[list[dict[str, str]]] = []
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append(line)
            continue
        if block:
            header, _, *rows = (
                [cell.strip() for cell in row.strip("|").split("|")] for row in block
            )
            tables.append([dict(zip(header, row, strict=True)) for row in rows])
            block = []
    return tables


def _table_with(text: str, column: str) -> list[dict[str, str]]:
    return next(table for table in _tables(text) if table and column in table[0])


def _sections(text: str, level: str) -> dict[str, str]:
    parts = re.split(rf"^{level} (.+)$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _model(
    section: str, code: int, standard: list[AttributeSpec], vendor: dict[int, AttributeSpec]
) -> ModelSpec:
    fields = {row["field"]: _code(row["value"]) for row in _table_with(section, "field")}
    (endpoint,) = _table_with(section, "endpoint")
    in_clusters = tuple(int(code, 16) for code in _codes(endpoint["in clusters"]))
    signature = Signature(
        manufacturer=fields["manufacturer"],
        model=fields["model"],
        manufacturer_code=code,
        mains_powered=fields["power"] == "mains",
        endpoints=(
            EndpointSignature(
                endpoint_id=int(_code(endpoint["endpoint"])),
                profile_id=int(_code(endpoint["profile"]), 16),
                device_type=int(_code(endpoint["device type"]), 16),
                in_clusters=in_clusters,
                out_clusters=tuple(int(code, 16) for code in _codes(endpoint["out clusters"])),
            ),
        ),
    )
    line = re.search(r"^Manufacturer attributes: (.+)$", section, flags=re.MULTILINE)
    assert line is not None
    attributes = [spec for spec in standard if spec.cluster_id in in_clusters]
    attributes += [vendor[int(code, 16)] for code in _codes(line[1])]
    entities = frozenset(
        EntitySpec(
            platform=row["platform"],
            suffix=_code(row["suffix"]),
            device_class=None if row["device class"] == _NONE else row["device class"],
            category=None if row["category"] == _NONE else row["category"],
            enabled=row["enabled"] == "yes",
        )
        for row in _table_with(section, "platform")
    )
    zone_type = fields["zone type"]
    return ModelSpec(
        signature=signature,
        zone_type=None if zone_type == _NONE else int(zone_type, 16),
        attributes=tuple(attributes),
        entities=entities,
    )


@cache
def models() -> dict[str, ModelSpec]:
    """Every model of the document, by model string."""
    text = DOCUMENT.read_text(encoding="utf-8")
    chapters = _sections(text, "##")
    standard = [
        AttributeSpec(
            int(_code(row["cluster"]), 16),
            int(_code(row["id"]), 16),
            row["type"],
            _code(row["value at join"]),
        )
        for row in _table_with(chapters["Standard attributes the sensors answer"], "value at join")
    ]
    cluster = chapters["Manufacturer-specific cluster"]
    fields = {row["field"]: _code(row["value"]) for row in _table_with(cluster, "field")}
    code = int(fields["manufacturer code"], 16)
    cluster_id = int(fields["cluster id"], 16)
    vendor = {
        int(_code(row["id"]), 16): AttributeSpec(
            cluster_id, int(_code(row["id"]), 16), row["type"], _code(row["value at join"])
        )
        for row in _table_with(cluster, "value at join")
    }
    sections = _sections(chapters["Models"], "###")
    return {
        spec.model: spec
        for spec in (_model(section, code, standard, vendor) for section in sections.values())
    }
