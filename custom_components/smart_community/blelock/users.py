"""Users and credentials as the lock keeps them: slots and indexes, never names or PIN digits."""

from dataclasses import dataclass, field
from datetime import datetime

from .codes import CredentialType, UserKind


@dataclass(frozen=True, slots=True, kw_only=True)
class Credential:
    """One PIN, card or fingerprint, and the user slot it opens the door for."""

    type: CredentialType
    index: int
    user_slot: int


@dataclass(frozen=True, slots=True, kw_only=True)
class LockUser:
    """One user slot; a temporary user's credentials work only inside its window."""

    slot: int
    kind: UserKind
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    # None: no limit (every resident, and a temporary user without one).
    uses_left: int | None = None
    credentials: tuple[Credential, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class UserPage:
    """Users returned by one list request."""

    users: tuple[LockUser, ...]
    more: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialPage:
    """Credentials of one type returned by one list request."""

    credentials: tuple[Credential, ...]
    more: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class EnrolmentProgress:
    """How far a card or fingerprint enrolment has come; `index` is set once it is stored."""

    type: CredentialType
    touches: int
    touches_needed: int
    index: int

    @property
    def done(self) -> bool:
        """Whether the lock stored the credential."""
        return self.index != 0


@dataclass(frozen=True, slots=True, kw_only=True)
class TemporaryCode:
    """A code made for a visitor; the digits are for the resident's eyes once, never a log."""

    user: LockUser
    credential: Credential
    code: str = field(repr=False)
