"""Plaintexts of the user and credential commands, and parsers for their replies."""

from collections.abc import Callable
from datetime import datetime
import struct

from .codes import CredentialType, Opcode, UserKind
from .commands import request
from .errors import FrameError
from .models import utc_from_timestamp
from .users import Credential, CredentialPage, EnrolmentProgress, LockUser, UserPage

MIN_PIN_DIGITS = 4
MAX_PIN_DIGITS = 10
MAX_SLOT = 250
# A temporary user's use count that means "no limit"; a resident always carries it.
UNLIMITED_USES = 255
_USER = struct.Struct("<BBIIB")
_CREDENTIAL = struct.Struct("<BBB")
_LISTED_CREDENTIAL = struct.Struct("<BB")
_PROGRESS = struct.Struct("<BBBB")
_MAX_USERS_PER_PAGE = 5
_MAX_CREDENTIALS_PER_PAGE = 20


def _slot(slot: int, *, any_allowed: bool = False) -> int:
    if not (0 if any_allowed else 1) <= slot <= MAX_SLOT:
        raise ValueError(f"user slot {slot} out of range")
    return slot


def list_users(first_slot: int) -> bytes:
    """Plaintext asking for users from `first_slot` on."""
    return request(Opcode.LIST_USERS, bytes([_slot(first_slot, any_allowed=True)]))


def list_credentials(kind: CredentialType, first_index: int) -> bytes:
    """Plaintext asking for credentials of one type from `first_index` on."""
    return request(Opcode.LIST_CREDENTIALS, bytes([kind, _slot(first_index, any_allowed=True)]))


def add_resident(slot: int = 0) -> bytes:
    """Plaintext adding (or keeping) a resident user; slot 0 lets the lock pick a free one."""
    return request(
        Opcode.SET_USER,
        _USER.pack(_slot(slot, any_allowed=True), UserKind.RESIDENT, 0, 0, UNLIMITED_USES),
    )


def add_temporary(
    valid_from: datetime, valid_until: datetime, uses: int | None, slot: int = 0
) -> bytes:
    """Plaintext adding a temporary user whose credentials work in [valid_from, valid_until)."""
    if valid_from.tzinfo is None or valid_until.tzinfo is None:
        # A naive time would be read in this machine's zone, not the resident's.
        raise ValueError("the validity window needs times with a time zone")
    start, end = int(valid_from.timestamp()), int(valid_until.timestamp())
    if not 0 < start < end <= 0xFFFFFFFF:
        raise ValueError("the validity window must start before it ends")
    if uses is not None and not 1 <= uses < UNLIMITED_USES:
        raise ValueError(f"use count {uses} out of range")
    count = UNLIMITED_USES if uses is None else uses
    return request(
        Opcode.SET_USER,
        _USER.pack(_slot(slot, any_allowed=True), UserKind.TEMPORARY, start, end, count),
    )


def remove_user(slot: int) -> bytes:
    """Plaintext removing a user and every credential it holds."""
    return request(Opcode.REMOVE_USER, bytes([_slot(slot)]))


def set_pin(slot: int, code: str) -> bytes:
    """Plaintext adding a PIN code for a user."""
    if (
        not MIN_PIN_DIGITS <= len(code) <= MAX_PIN_DIGITS
        or not code.isascii()
        or not code.isdigit()
    ):
        raise ValueError(f"a PIN code is {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits")
    return request(Opcode.SET_PIN, bytes([_slot(slot)]) + code.encode("ascii"))


def enroll(kind: CredentialType, slot: int) -> bytes:
    """Plaintext starting a card or fingerprint enrolment for a user."""
    opcodes = {CredentialType.CARD: Opcode.ENROLL_CARD}
    opcodes[CredentialType.FINGERPRINT] = Opcode.ENROLL_FINGERPRINT
    if kind not in opcodes:
        raise ValueError(f"{kind.name} is not enrolled at the lock")
    return request(opcodes[kind], bytes([_slot(slot)]))


def cancel_enrolment() -> bytes:
    """Plaintext telling the lock to stop waiting for a card or a finger."""
    return request(Opcode.CANCEL_ENROLMENT)


def remove_credential(kind: CredentialType, index: int) -> bytes:
    """Plaintext removing one credential."""
    return request(Opcode.REMOVE_CREDENTIAL, bytes([kind, _slot(index)]))


def set_passage_mode(enabled: bool) -> bytes:
    """Plaintext switching passage mode."""
    return request(Opcode.SET_PASSAGE_MODE, bytes([int(enabled)]))


def _enum[E: (CredentialType, UserKind)](kind: Callable[[int], E], value: int) -> E:
    try:
        return kind(value)
    except ValueError as err:
        raise FrameError(str(err)) from err


def _in_range(value: int, what: str) -> int:
    if not 1 <= value <= MAX_SLOT:
        raise FrameError(f"{what} {value}")
    return value


def _user(fields: tuple[int, ...]) -> LockUser:
    slot, kind_value, start, end, uses = fields
    kind = _enum(UserKind, kind_value)
    if kind is UserKind.RESIDENT:
        if (start, end, uses) != (0, 0, UNLIMITED_USES):
            raise FrameError("a resident with a window or a use count")
        return LockUser(slot=_in_range(slot, "user slot"), kind=kind)
    if not 0 < start < end:
        raise FrameError("temporary user without a window")
    return LockUser(
        slot=_in_range(slot, "user slot"),
        kind=kind,
        valid_from=utc_from_timestamp(start),
        valid_until=utc_from_timestamp(end),
        uses_left=None if uses == UNLIMITED_USES else uses,
    )


def parse_user(data: bytes) -> LockUser:
    """The user a set-user reply reports."""
    if len(data) != _USER.size:
        raise FrameError(f"user of {len(data)} bytes")
    return _user(_USER.unpack(data))


def _page_header(data: bytes, size: int, most: int) -> tuple[bytes, bool]:
    if len(data) < 2:
        raise FrameError("list reply too short")
    count, more = data[0], data[1]
    if count > most or more > 1 or len(data) != 2 + count * size:
        raise FrameError("malformed list reply")
    return data[2:], bool(more)


def _ascending(numbers: list[int], first: int) -> None:
    # A page that does not move forward would make a client list forever.
    if any(n < first for n in numbers) or numbers != sorted(set(numbers)):
        raise FrameError("list reply out of order")


def parse_user_page(data: bytes, first_slot: int) -> UserPage:
    """Users of a list reply asked from `first_slot`, in slot order."""
    rows, more = _page_header(data, _USER.size, _MAX_USERS_PER_PAGE)
    users = tuple(_user(fields) for fields in _USER.iter_unpack(rows))
    _ascending([user.slot for user in users], first_slot)
    return UserPage(users=users, more=more)


def parse_credential_page(data: bytes, kind: CredentialType, first_index: int) -> CredentialPage:
    """Credentials of a list reply asked for `kind` from `first_index`, in index order."""
    rows, more = _page_header(data, _LISTED_CREDENTIAL.size, _MAX_CREDENTIALS_PER_PAGE)
    credentials = tuple(
        Credential(
            type=kind, index=_in_range(index, "credential index"), user_slot=_in_range(slot, "slot")
        )
        for index, slot in _LISTED_CREDENTIAL.iter_unpack(rows)
    )
    _ascending([credential.index for credential in credentials], first_index)
    return CredentialPage(credentials=credentials, more=more)


def parse_credential(data: bytes) -> Credential:
    """The credential a set-PIN reply reports."""
    if len(data) != _CREDENTIAL.size:
        raise FrameError(f"credential of {len(data)} bytes")
    kind, index, slot = _CREDENTIAL.unpack(data)
    return Credential(
        type=_enum(CredentialType, kind),
        index=_in_range(index, "credential index"),
        user_slot=_in_range(slot, "user slot"),
    )


def parse_progress(data: bytes) -> EnrolmentProgress:
    """An enrolment reply or progress frame."""
    if len(data) != _PROGRESS.size:
        raise FrameError(f"enrolment progress of {len(data)} bytes")
    kind, touches, needed, index = _PROGRESS.unpack(data)
    if kind == CredentialType.PIN:
        raise FrameError("a PIN is not enrolled")
    if not 1 <= needed <= MAX_SLOT or touches > needed or (index != 0) != (touches == needed):
        raise FrameError("enrolment progress out of range")
    return EnrolmentProgress(
        type=_enum(CredentialType, kind),
        touches=touches,
        touches_needed=needed,
        index=index if index == 0 else _in_range(index, "credential index"),
    )


def parse_passage_mode(data: bytes) -> bool:
    """Whether passage mode is on, from a passage-mode reply."""
    if len(data) != 1 or data[0] > 1:
        raise FrameError("malformed passage-mode reply")
    return bool(data[0])
