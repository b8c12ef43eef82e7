"""What the resident is asked to do while the lock enrols a card or a finger."""

from dataclasses import dataclass
from enum import StrEnum

from ..blelock import CredentialType, EnrolmentProgress


class EnrolmentPrompt(StrEnum):
    """The step an enrolment is at; the enrolment sensor's states, translated as prompts."""

    IDLE = "idle"
    PRESENT_CARD = "present_card"
    TOUCH_SENSOR = "touch_sensor"
    TOUCH_AGAIN = "touch_again"
    ENROLLED = "enrolled"
    TIMED_OUT = "timed_out"
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class EnrolmentStatus:
    """The prompt shown now, and for a finger how many touches it has taken so far."""

    prompt: EnrolmentPrompt = EnrolmentPrompt.IDLE
    touches: int | None = None
    touches_needed: int | None = None


def waiting_for(kind: CredentialType) -> EnrolmentStatus:
    """The prompt before the lock has reported anything."""
    if kind is CredentialType.CARD:
        return EnrolmentStatus(prompt=EnrolmentPrompt.PRESENT_CARD)
    return EnrolmentStatus(prompt=EnrolmentPrompt.TOUCH_SENSOR)


def status_of(progress: EnrolmentProgress) -> EnrolmentStatus:
    """The prompt after one progress reply of a fingerprint enrolment."""
    if progress.done:
        prompt = EnrolmentPrompt.ENROLLED
    elif progress.touches == 0:
        prompt = EnrolmentPrompt.TOUCH_SENSOR
    else:
        prompt = EnrolmentPrompt.TOUCH_AGAIN
    return EnrolmentStatus(
        prompt=prompt, touches=progress.touches, touches_needed=progress.touches_needed
    )
