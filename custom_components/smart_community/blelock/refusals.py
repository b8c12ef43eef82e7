"""When a refused key means the lock really forgot it, rather than someone on the air lying."""

from dataclasses import dataclass

# A plain `7f 02` before a session can be injected by anyone in radio range; only the same
# answer on several fresh sessions in a row justifies asking the resident to pair again.
KEY_REFUSALS_BEFORE_REAUTH = 3


@dataclass(slots=True)
class KeyRefusals:
    """Fresh sessions in a row on which the lock refused our key."""

    threshold: int = KEY_REFUSALS_BEFORE_REAUTH
    in_a_row: int = 0

    def refused(self) -> bool:
        """Count one refused session; whether the key is now taken as forgotten."""
        self.in_a_row += 1
        return self.in_a_row >= self.threshold

    def accepted(self) -> None:
        """The lock proved it holds the key: start counting again."""
        self.in_a_row = 0
