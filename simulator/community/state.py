"""The community's state: records loaded from SQLite, changed in transactions that emit events."""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
import json
import secrets

from . import seed
from .records import (
    CallRecord,
    DeviceRecord,
    DoorRecord,
    NoticeRecord,
    PassRecord,
    RightRecord,
    SessionRecord,
    SpaceRecord,
    TokenRecord,
)
from .store import EVERYONE, Row, Store
from .wire import ApiError, iso, not_found

# Who receives an event: EVERYONE, or a set of resident ids (possibly empty).
type Audience = str | frozenset[str] | set[str]
type AnyRecord = (
    TokenRecord
    | CallRecord
    | PassRecord
    | RightRecord
    | SessionRecord
    | NoticeRecord
    | SpaceRecord
    | DeviceRecord
    | DoorRecord
)


def _load[R: AnyRecord](store: Store, kind: str, record_type: type[R]) -> dict[str, R]:
    return {record.id: record for record in (record_type(**body) for body in store.records(kind))}


class State:
    """Everything that changes, with the event history behind it."""

    def __init__(
        self, store: Store, clock: Callable[[], datetime], history_limit: int = 50_000
    ) -> None:
        """Load from store, seeding the demo community into an empty one."""
        self.store = store
        self.clock = clock
        self.history_limit = history_limit
        self.access_ttl = 900
        # Seconds a password login lasts however often it is refreshed; None: no cap.
        self.login_lifetime: float | None = None
        self.refresh_grants = 0
        self.tokens = _load(store, "token", TokenRecord)
        self.calls = _load(store, "call", CallRecord)
        self.passes = _load(store, "pass", PassRecord)
        self.rights = _load(store, "right", RightRecord)
        self.sessions = _load(store, "session", SessionRecord)
        self.notices = _load(store, "notice", NoticeRecord)
        self.spaces = _load(store, "space", SpaceRecord)
        self.devices = _load(store, "device", DeviceRecord)
        self.doors = _load(store, "door", DoorRecord)
        self.api_version = (
            store.meta("api_major", seed.API_VERSION[0]),
            store.meta("api_minor", seed.API_VERSION[1]),
        )
        self.latest_cursor = store.meta("latest_cursor")
        self._pending: list[Row] = []
        self.on_events: Callable[[list[Row]], None] = lambda rows: None
        # Open streams re-check their tokens when any token is revoked or expired.
        self.on_tokens_changed: Callable[[], None] = lambda: None
        # Failed password logins per username, for the login rate limit (not persisted).
        self.login_failures: dict[str, list[float]] = {}
        # Elevators move nothing here: the calls are only remembered, as (home, direction).
        self.elevator_calls: list[tuple[str, str]] = []
        self.defer: Callable[[Callable[[], None]], None] = lambda action: action()
        if not store.meta("seeded"):
            with self.change():
                self._seed()

    def now(self) -> datetime:
        """The server's clock."""
        return self.clock()

    # --- transactions and events ------------------------------------------------------

    @contextmanager
    def change(self) -> Iterator[None]:
        """Write records and events together; publish the events once they are stored."""
        cursor_before = self.latest_cursor
        try:
            with self.store.transaction():
                yield
                if self._pending:
                    self.store.append_events(self._pending)
                    self.store.set_meta("latest_cursor", self.latest_cursor)
                    if self.latest_cursor - self.history_limit > 0:
                        self.store.prune(self.latest_cursor - self.history_limit)
        except BaseException:
            self._pending.clear()
            self.latest_cursor = cursor_before
            raise
        rows, self._pending = self._pending, []
        if rows:
            self.on_events(rows)

    def emit(
        self, event_type: str, data: Mapping[str, object], audience: Audience = EVERYONE
    ) -> None:
        """Add an event to the current change, for the residents in audience."""
        self.latest_cursor += 1
        who = audience if isinstance(audience, str) else ",".join(sorted(audience))
        self._pending.append(
            (
                self.latest_cursor,
                event_type,
                iso(self.now()),
                json.dumps(data, ensure_ascii=False),
                who,
            )
        )

    def save(self, kind: str, record: AnyRecord) -> None:
        """Persist a record in the current change."""
        self.store.put(kind, record.id, asdict(record))

    def set_api_version(self, version: tuple[int, int]) -> None:
        """The API version GET /v1/me reports from now on, across restarts too."""
        with self.change():
            self.store.set_meta("api_major", version[0])
            self.store.set_meta("api_minor", version[1])
        self.api_version = version

    def next_id(self, prefix: str) -> str:
        """A new identifier, unique across restarts."""
        number = self.store.meta(f"id:{prefix}") + 1
        self.store.set_meta(f"id:{prefix}", number)
        return f"{prefix}-{number:06d}"

    def command(
        self,
        resident_id: str,
        device_id: str,
        name: str,
        effect: Callable[[], str | None],
    ) -> dict[str, str]:
        """Accept a resident's hardware command; its effect and command.result follow later.

        The effect returns an error code when the world changed meanwhile (a call that
        someone else answered), None when it happened.
        """
        request_id = "req-" + secrets.token_hex(6)

        def complete() -> None:
            with self.change():
                error: dict[str, str] | None = None
                if not self.online(device_id):
                    error = {"code": "device_offline", "message": f"{name} is offline."}
                elif (code := effect()) is not None:
                    error = {"code": code, "message": f"{name} could not do that now."}
                self.emit(
                    "command.result",
                    {"request_id": request_id, "ok": error is None, "error": error},
                    {resident_id},
                )

        self.defer(complete)
        return {"request_id": request_id}

    # --- lookups ----------------------------------------------------------------------

    @staticmethod
    def resident(resident_id: str) -> seed.Resident:
        """A resident by id."""
        return next(r for r in seed.RESIDENTS if r.id == resident_id)

    def home(self, resident_id: str, home_id: str) -> seed.Home:
        """One of the resident's homes, or 404."""
        if home_id not in self.resident(resident_id).home_ids:
            raise not_found("home")
        return next(h for h in seed.HOMES if h.id == home_id)

    @staticmethod
    def residents_of(*home_ids: str) -> frozenset[str]:
        """The residents who live in any of these homes."""
        return frozenset(r.id for r in seed.RESIDENTS if set(r.home_ids) & set(home_ids))

    def home_mates(self, resident_id: str) -> frozenset[str]:
        """The resident and everyone who shares a home with them."""
        return self.residents_of(*self.resident(resident_id).home_ids)

    def online(self, device_id: str) -> bool:
        """Whether a device is online; a device removed meanwhile is not."""
        device = self.devices.get(device_id)
        return device is not None and device.online

    def require_online(self, device_id: str, name: str) -> None:
        """409 device_offline unless the device is online."""
        if not self.online(device_id):
            raise ApiError(409, "device_offline", f"{name} is offline.")

    # --- demo data --------------------------------------------------------------------

    def _seed(self) -> None:
        now = self.now()
        for door in seed.DOORS:
            self.put_door(DoorRecord(**asdict(door)))
        for device_id, device_type in [
            *((gate.id, "gate") for gate in seed.GATES),
            *((bank.id, "elevator_bank") for bank in seed.ELEVATOR_BANKS),
        ]:
            self._put_device(DeviceRecord(device_id, device_type))
        for index, (space_id, _, _) in enumerate(seed.space_ids()):
            space = SpaceRecord(space_id, seed.initially_occupied(index, space_id), iso(now))
            self.spaces[space_id] = space
            self.save("space", space)
        month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        # Paid a month ahead, so a pass seeded in a month's last seconds is still valid after
        # midnight: the month's turn is then no event for a demo or a test that runs across it.
        paid_until = month_start
        for _ in range(2):
            paid_until = (paid_until + timedelta(days=32)).replace(day=1)
        monthly = RightRecord(
            id=str(seed.MONTHLY_PASS["id"]),
            kind="monthly_pass",
            home_id=str(seed.MONTHLY_PASS["home_id"]),
            plate=str(seed.MONTHLY_PASS["plate"]),
            place_id=str(seed.LOT["id"]),
            space_id=str(seed.MONTHLY_PASS["space_id"]),
            valid_from=iso(month_start.astimezone(UTC)),
            valid_until=iso(paid_until.astimezone(UTC)),
        )
        self.rights[monthly.id] = monthly
        self.save("right", monthly)
        for title, body, category, important in seed.NOTICES:
            notice = NoticeRecord(
                self.next_id("notice"), title, body, category, important, iso(now)
            )
            self.notices[notice.id] = notice
            self.save("notice", notice)
        self.store.set_meta("seeded", 1)

    def put_door(self, door: DoorRecord) -> None:
        """Add a door station, online, in the current change."""
        self.doors[door.id] = door
        self.save("door", door)
        self._put_device(DeviceRecord(door.id, "door_station"))

    def remove_door(self, door_id: str) -> None:
        """Forget a door station and its device in the current change."""
        del self.doors[door_id], self.devices[door_id]
        self.store.delete("door", door_id)
        self.store.delete("device", door_id)

    def _put_device(self, device: DeviceRecord) -> None:
        self.devices[device.id] = device
        self.save("device", device)
