"""The XBee's AT-command registers: network settings and the coordinator's local options.

Pure state: the coordinator feeds it AT commands and acts on the effects it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum, auto
import secrets

# zigpy-xbee writes this trust-centre link key; it is the Zigbee 3.0 default.
DEFAULT_LINK_KEY = b"ZigBeeAlliance09"
_DIGI_OUI = 0x0013A200
_DEFAULT_CHANNEL = 15
_FIRMWARE_VERSION = 0x1012
_HARDWARE_VERSION = 0x4247

# Registers that define the network: changing one forms a new network.
NETWORK_REGISTERS = frozenset({"ID", "SC", "ZS", "NK", "KY"})
# Register sizes in bytes; a shorter parameter is a big-endian number padded with zeros.
_WRITABLE: dict[str, int] = {
    "ID": 8,
    "SC": 2,
    "ZS": 1,
    "EE": 1,
    "EO": 1,
    "NK": 16,
    "KY": 16,
    "CE": 1,
    "NJ": 1,
    "AP": 1,
    "AO": 1,
    "SP": 2,
    "SN": 2,
    "KT": 2,
}
_WRITE_ONLY = frozenset({"NK", "KY"})
_EXECUTE = frozenset({"WR", "AC", "NR", "FR", "RE"})
_READ_ONLY = frozenset({"MY", "SH", "SL", "OI", "CH", "AI", "VR", "HV", "DB", "ED"})
_NO_SIGNAL_DBM = 0x5A  # -90 dBm on every channel of an energy scan
_LAST_HOP_RSSI = 0x28


class AtStatus(IntEnum):
    """AT command response status."""

    OK = 0
    ERROR = 1
    INVALID_COMMAND = 2
    INVALID_PARAMETER = 3


class Effect(Enum):
    """What the coordinator must do after an AT command."""

    NETWORK_STARTED = auto()  # report "coordinator started"
    NETWORK_REPLACED = auto()  # a new network: joined devices no longer belong to it
    JOIN_WINDOW = auto()  # NJ took effect: open or close joining
    PERSIST = auto()  # settings were written to non-volatile memory


@dataclass(frozen=True, slots=True)
class AtResult:
    """Response to one AT command and the effects to carry out."""

    status: AtStatus
    value: bytes = b""
    effects: frozenset[Effect] = frozenset()


@dataclass(frozen=True, slots=True)
class NetworkSettings:
    """The network the coordinator runs, as persisted."""

    ieee: int
    pan_id: int
    extended_pan_id: int
    channel: int
    network_key: bytes
    link_key: bytes

    @classmethod
    def random(cls) -> NetworkSettings:
        """A freshly formed network with random identifiers and key."""
        return cls(
            ieee=(_DIGI_OUI << 32) | secrets.randbits(32),
            pan_id=_random_pan_id(),
            extended_pan_id=secrets.randbits(64) or 1,
            channel=_DEFAULT_CHANNEL,
            network_key=secrets.token_bytes(16),
            link_key=DEFAULT_LINK_KEY,
        )


def _random_pan_id() -> int:
    return 1 + secrets.randbelow(0xFFFE)


def _lowest_channel(mask: int) -> int:
    for channel in range(11, 27):
        if mask & (1 << (channel - 11)):
            return channel
    return _DEFAULT_CHANNEL


class Radio:
    """AT registers of a virtual XBee acting as coordinator of a formed network."""

    def __init__(self, settings: NetworkSettings) -> None:
        self.settings = settings
        self._registers: dict[str, bytes] = {
            "ZS": b"\x02",
            "EE": b"\x01",
            "EO": b"\x02",
            "CE": b"\x01",
            "NJ": b"\x00",
            "AP": b"\x02",
            "AO": b"\x00",
            "SP": (0x20).to_bytes(2),
            "SN": (1).to_bytes(2),
            "KT": (0x012C).to_bytes(2),
        }
        self._staged: dict[str, bytes] = {}

    @property
    def join_seconds(self) -> int:
        """The node-join time: 0 closed, 0xFF always open, else seconds."""
        return self._registers["NJ"][0]

    def command(self, name: str, parameter: bytes, *, queued: bool) -> AtResult:
        """Execute one AT command."""
        if name in _EXECUTE:
            return self._execute(name)
        if not parameter or name == "ED":
            return self._read(name)
        size = _WRITABLE.get(name)
        if size is None:
            status = AtStatus.INVALID_PARAMETER if name in _READ_ONLY else AtStatus.INVALID_COMMAND
            return AtResult(status)
        if len(parameter) > size:
            return AtResult(AtStatus.INVALID_PARAMETER)
        self._staged[name] = parameter.rjust(size, b"\x00")
        if queued:
            return AtResult(AtStatus.OK)
        return AtResult(AtStatus.OK, effects=self._apply())

    def _execute(self, name: str) -> AtResult:
        match name:
            case "WR":
                return AtResult(
                    AtStatus.OK,
                    effects=self._apply() | {Effect.NETWORK_STARTED, Effect.PERSIST},
                )
            case "AC":
                return AtResult(AtStatus.OK, effects=self._apply())
            case "NR":
                self._staged.clear()
                return AtResult(AtStatus.OK, effects=frozenset({Effect.NETWORK_STARTED}))
            case _:
                return AtResult(AtStatus.OK)

    def _apply(self) -> frozenset[Effect]:
        staged, self._staged = self._staged, {}
        effects: set[Effect] = set()
        replaced = any(
            name in NETWORK_REGISTERS and value != self._current(name)
            for name, value in staged.items()
        )
        for name, value in staged.items():
            if name in ("ID", "SC", "NK", "KY"):
                self._apply_network(name, value)
            else:
                self._registers[name] = value
        if "NJ" in staged:
            effects.add(Effect.JOIN_WINDOW)
        if replaced:
            self.settings = NetworkSettings(
                ieee=self.settings.ieee,
                pan_id=_random_pan_id(),
                extended_pan_id=self.settings.extended_pan_id,
                channel=self.settings.channel,
                network_key=self.settings.network_key,
                link_key=self.settings.link_key,
            )
            effects |= {Effect.NETWORK_REPLACED, Effect.NETWORK_STARTED}
        return frozenset(effects)

    def _apply_network(self, name: str, value: bytes) -> None:
        settings = self.settings
        number = int.from_bytes(value)
        self.settings = NetworkSettings(
            ieee=settings.ieee,
            pan_id=settings.pan_id,
            # ID 0 asks the coordinator to pick an extended PAN id itself.
            extended_pan_id=(number or secrets.randbits(64) or 1)
            if name == "ID"
            else settings.extended_pan_id,
            channel=_lowest_channel(number) if name == "SC" else settings.channel,
            network_key=value if name == "NK" else settings.network_key,
            link_key=value if name == "KY" else settings.link_key,
        )

    def _read(self, name: str) -> AtResult:
        if name in _WRITE_ONLY:
            # Keys are never readable over the API; the module answers with nothing.
            return AtResult(AtStatus.OK)
        value = self._current(name)
        if value is None:
            return AtResult(AtStatus.INVALID_COMMAND)
        return AtResult(AtStatus.OK, value)

    def _current(self, name: str) -> bytes | None:
        settings = self.settings
        values: dict[str, bytes] = {
            "MY": (0).to_bytes(2),
            "SH": (settings.ieee >> 32).to_bytes(4),
            "SL": (settings.ieee & 0xFFFFFFFF).to_bytes(4),
            "OI": settings.pan_id.to_bytes(2),
            "ID": settings.extended_pan_id.to_bytes(8),
            "CH": bytes([settings.channel]),
            "SC": (1 << (settings.channel - 11)).to_bytes(2),
            "AI": b"\x00",  # successfully formed
            "VR": _FIRMWARE_VERSION.to_bytes(2),
            "HV": _HARDWARE_VERSION.to_bytes(2),
            "DB": bytes([_LAST_HOP_RSSI]),
            "ED": bytes([_NO_SIGNAL_DBM] * 16),
            "NK": settings.network_key,
            "KY": settings.link_key,
        }
        return values.get(name, self._registers.get(name))
