"""The demo community: fixed devices and people, and the state a fresh database starts with.

Names, plates and phone numbers are invented.
"""

from dataclasses import dataclass

from .records import DoorRecord


@dataclass(frozen=True, slots=True)
class Resident:
    """A resident who can log in."""

    id: str
    username: str
    password: str
    name: str
    phone: str
    home_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Home:
    """A flat."""

    id: str
    building: str
    unit: str
    floor: int
    room: str
    elevator_bank_id: str


@dataclass(frozen=True, slots=True)
class Gate:
    """A barrier gate."""

    id: str
    name: str
    direction: str


@dataclass(frozen=True, slots=True)
class ElevatorBank:
    """Elevators of one building unit."""

    id: str
    name: str
    lowest_floor: int
    highest_floor: int


PLATFORM_NAME = "Smart Community reference server"
API_VERSION = (1, 6)
COMMUNITY = {
    "id": "comm-lychee-garden",
    "name": "Lychee Garden (荔枝苑)",
    "address": "88 Keyuan Road, Nanshan District, Shenzhen",
    "timezone": "Asia/Shanghai",
}
RESIDENTS = (
    Resident(
        "res-1",
        "resident1",
        "demo-password-1",
        "Zhang Wei",
        "+86 138 0013 8000",
        ("home-3-1-1203",),
    ),
    Resident(
        "res-2",
        "resident2",
        "demo-password-2",
        "Chen Jing",
        "+86 139 0027 6612",
        ("home-3-1-0805",),
    ),
    # Zhang Wei's household has a second resident, who answers calls on their own phone.
    Resident(
        "res-3",
        "resident3",
        "demo-password-3",
        "Liu Yang",
        "+86 137 0051 2290",
        ("home-3-1-1203",),
    ),
)
HOMES = (
    Home("home-3-1-1203", "3", "1", 12, "1203", "elev-b3-u1"),
    Home("home-3-1-0805", "3", "1", 8, "0805", "elev-b3-u1"),
)
ALL_CAPABILITIES = ["open", "snapshot", "stream", "webrtc", "answer", "decline"]
# The lobby's older panel streams over RTSP only.
LOBBY_CAPABILITIES = ["open", "snapshot", "stream", "answer", "decline"]
# A latch station that reports its door closing; none of the demo's stations has one.
KNOWN_CAPABILITIES = [*ALL_CAPABILITIES, "door_sensor"]
DOOR_MANUFACTURER = "Lychee Tech"
# Gates serve every home; the lobby serves Building 3 Unit 1, where both homes are.
ALL_HOMES = [home.id for home in HOMES]
# Templates: the state stores copies, so these are never changed.
DOORS = (
    DoorRecord(
        "door-north-gate",
        "North gate",
        "North entrance, Keyuan Road",
        "FaceGate F6",
        DOOR_MANUFACTURER,
        "3.2.1",
        "gate",
        "latch",
        ALL_CAPABILITIES,
        ALL_HOMES,
    ),
    DoorRecord(
        "door-south-gate",
        "South gate",
        "South entrance, Gaoxin South 4th Road",
        "FaceGate F4",
        DOOR_MANUFACTURER,
        "3.1.7",
        "gate",
        "momentary",
        ["open", "snapshot"],
        ALL_HOMES,
    ),
    DoorRecord(
        "door-lobby-b3-u1",
        "Building 3 Unit 1 lobby",
        "Building 3, Unit 1, ground floor",
        "LobbyPanel L2",
        DOOR_MANUFACTURER,
        "2.8.0",
        "lobby",
        "momentary",
        LOBBY_CAPABILITIES,
        ALL_HOMES,
    ),
)
ELEVATOR_BANKS = (ElevatorBank("elev-b3-u1", "Building 3 Unit 1 elevators", -2, 32),)
LOT = {"id": "lot-B1", "name": "Underground car park B1"}
# Two areas of 100 spaces each: the lot holds 200.
AREAS = (("area-B1-A", "Area A", "A"), ("area-B1-B", "Area B", "B"))
SPACES_PER_AREA = 100
GATES = (
    Gate("gate-B1-in", "B1 entry barrier", "entry"),
    Gate("gate-B1-out", "B1 exit barrier", "exit"),
)
# resident1's own space; it starts free because the car is out.
ASSIGNED_SPACES = {"space-B1-A-001": "home-3-1-1203"}
MONTHLY_PASS = {
    "id": "right-0001",
    "home_id": "home-3-1-1203",
    "plate": "粤B·12345",
    "space_id": "space-B1-A-001",
}
NOTICES = (
    (
        "Water supply interruption",
        "Water will be off in Building 3 on Tuesday from 09:00 to 12:00 for pipe maintenance.",
        "maintenance",
        True,
    ),
    (
        "Lantern festival in the central garden",
        "Join us on Saturday evening for lanterns, riddles and tangyuan.",
        "event",
        False,
    ),
)


def space_ids() -> list[tuple[str, str, str]]:
    """(space id, name, area id) of every space, in order."""
    return [
        (f"space-B1-{letter}-{number:03d}", f"{letter}-{number:03d}", area_id)
        for area_id, _, letter in AREAS
        for number in range(1, SPACES_PER_AREA + 1)
    ]


def initially_occupied(index: int, space_id: str) -> bool:
    """About 60 % of the lot is full when the simulator first starts."""
    return space_id not in ASSIGNED_SPACES and index % 5 < 3
