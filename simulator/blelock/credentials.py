"""The lock's user and credential tables, and a card or fingerprint enrolment in progress."""

from collections.abc import Callable
from dataclasses import dataclass

from . import wire


@dataclass(slots=True, kw_only=True)
class User:
    """One user slot: a resident, or a visitor with a window and a use count."""

    kind: int
    valid_from: int = 0
    valid_until: int = 0
    uses: int = wire.UNLIMITED_USES

    def admits(self, now: float) -> bool:
        """Whether this user's credentials open the door now."""
        if self.kind == wire.RESIDENT:
            return True
        return self.valid_from <= now < self.valid_until and self.uses > 0

    def used(self) -> None:
        """One opening counted against a limited visitor."""
        if self.uses != wire.UNLIMITED_USES:
            self.uses -= 1


@dataclass(slots=True, kw_only=True)
class Enrolment:
    """A card or finger the lock is waiting for, on behalf of one link."""

    kind: int
    slot: int
    deadline: float
    report: Callable[[bytes], None]
    touches: int = 0
    sample: bytes = b""

    @property
    def needed(self) -> int:
        """Touches (or cards) that make one credential."""
        return wire.FINGERPRINT_TOUCHES if self.kind == wire.FINGERPRINT else 1

    def progress(self, index: int = 0) -> bytes:
        """Progress block: type, touches, touches needed, index once stored."""
        return bytes([self.kind, self.touches, self.needed, index])


class CredentialTable:
    """Users by slot and credentials by (type, index); the lock's only memory of people."""

    def __init__(self, max_users: int, max_credentials: int) -> None:
        self.max_users = max_users
        self.max_credentials = max_credentials
        self.users: dict[int, User] = {}
        # (type, index) -> (user slot, the PIN digits, card id or finger sample).
        self.credentials: dict[tuple[int, int], tuple[int, bytes]] = {}

    def set_user(self, slot: int, user: User) -> tuple[int, int]:
        """(result, slot) of storing a user; slot 0 takes the first free one."""
        if slot not in self.users and len(self.users) >= self.max_users:
            return wire.TABLE_FULL, 0
        if slot == 0:
            slot = next(s for s in range(1, 251) if s not in self.users)
        self.users[slot] = user
        return wire.OK, slot

    def remove_user(self, slot: int) -> bool:
        """Forget a user and everything it opened the door with."""
        if self.users.pop(slot, None) is None:
            return False
        for key in [k for k, (owner, _) in self.credentials.items() if owner == slot]:
            del self.credentials[key]
        return True

    def check_new(self, kind: int, slot: int, secret: bytes = b"") -> int:
        """OK, or why a new credential of `kind` for `slot` cannot be stored."""
        if slot not in self.users:
            return wire.NOT_FOUND
        if secret and self.find(kind, secret) is not None:
            return wire.DUPLICATE
        if self._free_index(kind) == 0:
            return wire.TABLE_FULL
        return wire.OK

    def add(self, kind: int, slot: int, secret: bytes) -> tuple[int, int]:
        """(result, index) of storing a credential."""
        if (result := self.check_new(kind, slot, secret)) != wire.OK:
            return result, 0
        index = self._free_index(kind)
        self.credentials[kind, index] = (slot, secret)
        return wire.OK, index

    def find(self, kind: int, secret: bytes) -> int | None:
        """The user slot a PIN, card or finger belongs to."""
        for (each, _), (slot, stored) in self.credentials.items():
            if each == kind and stored == secret:
                return slot
        return None

    def user_page(self, first: int) -> bytes:
        """Up to five users from slot `first` on; never a credential's secret."""
        slots = sorted(s for s in self.users if s >= first)
        page = slots[: wire.USERS_PAGE]
        out = bytearray([len(page), len(slots) > len(page)])
        for slot in page:
            user = self.users[slot]
            out += wire.USER.pack(slot, user.kind, user.valid_from, user.valid_until, user.uses)
        return bytes(out)

    def credential_page(self, kind: int, first: int) -> bytes:
        """Up to twenty (index, user slot) pairs of one type; the secret stays on the lock."""
        indexes = sorted(i for (k, i) in self.credentials if k == kind and i >= first)
        page = indexes[: wire.CREDENTIALS_PAGE]
        out = bytearray([len(page), len(indexes) > len(page)])
        for index in page:
            out += bytes([index, self.credentials[kind, index][0]])
        return bytes(out)

    def _free_index(self, kind: int) -> int:
        used = {i for (k, i) in self.credentials if k == kind}
        if len(used) >= self.max_credentials:
            return 0
        return next(i for i in range(1, 251) if i not in used)
