"""Adding credentials through the coordinator: to a user, to a new resident made for them, or
a visitor's temporary code."""

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import aclosing, suppress
from datetime import datetime
import re
from typing import Final

from homeassistant.exceptions import HomeAssistantError

from ..blelock import (
    Credential,
    CredentialType,
    LockClient,
    LockError,
    LockUser,
    TableFullError,
    TemporaryCode,
    UserKind,
)
from ..blelock.user_commands import MAX_PIN_DIGITS, MIN_PIN_DIGITS
from .coordinator import LockCoordinator
from .enrolment import EnrolmentPrompt, EnrolmentStatus, status_of, waiting_for

_PIN: Final = re.compile(rf"[0-9]{{{MIN_PIN_DIGITS},{MAX_PIN_DIGITS}}}")


def valid_pin(code: str) -> bool:
    """Whether the lock's keypad takes `code` (ASCII digits only: the lock compares bytes)."""
    return _PIN.fullmatch(code) is not None


async def add_credential[T](
    coordinator: LockCoordinator, slot: int | None, add: Callable[[LockClient, int], Awaitable[T]]
) -> T:
    """Add a credential to user `slot`; without one, to a new resident user.

    A new user whose credential the lock refuses (or whose enrolment is cancelled) is removed
    again, so a failed attempt leaves no empty slot behind.
    """

    async def command(client: LockClient) -> T:
        if slot is not None:
            return await add(client, slot)
        user = await client.add_user()
        try:
            return await add(client, user.slot)
        except LockError, asyncio.CancelledError:
            with suppress(LockError):
                await client.remove_user(user.slot)
            raise

    return await coordinator.run(command)


async def enrol(coordinator: LockCoordinator, kind: CredentialType, slot: int | None) -> Credential:
    """Enrol a card or a finger, showing on the enrolment sensor what to do next."""

    async def card(client: LockClient, user_slot: int) -> Credential:
        return await client.enroll_card(user_slot)

    async def finger(client: LockClient, user_slot: int) -> Credential:
        async with aclosing(client.enroll_fingerprint(user_slot)) as steps:
            async for progress in steps:
                coordinator.show_enrolment(status_of(progress))
        return Credential(type=progress.type, index=progress.index, user_slot=user_slot)

    coordinator.show_enrolment(waiting_for(kind))
    outcome = EnrolmentStatus(prompt=EnrolmentPrompt.FAILED)
    try:
        credential = await add_credential(
            coordinator, slot, card if kind is CredentialType.CARD else finger
        )
    except HomeAssistantError as err:
        if err.translation_key == "enrolment_timed_out":
            outcome = EnrolmentStatus(prompt=EnrolmentPrompt.TIMED_OUT)
        raise
    else:
        outcome = EnrolmentStatus(prompt=EnrolmentPrompt.ENROLLED)
    finally:
        # Also when the action is cancelled: the sensor must not keep asking for a finger.
        coordinator.show_enrolment(outcome)
    return credential


def _past(user: LockUser, now: datetime) -> bool:
    """A visitor whose code can no longer open the door."""
    ended = user.valid_until is not None and user.valid_until <= now
    return user.kind is UserKind.TEMPORARY and (ended or user.uses_left == 0)


async def create_temporary_code(
    coordinator: LockCoordinator,
    valid_from: datetime,
    valid_until: datetime,
    uses: int | None,
    now: datetime,
) -> tuple[TemporaryCode, list[int]]:
    """A visitor's code, and the slots of past visitors removed to make room for it.

    Each visit leaves a user on the lock; once its table is full, visitors whose window ended
    or whose uses ran out are removed rather than refusing the new visitor.
    """

    async def command(client: LockClient) -> tuple[TemporaryCode, list[int]]:
        try:
            return await client.create_temporary_code(valid_from, valid_until, uses), []
        except TableFullError:
            past = [user.slot for user in await client.list_users() if _past(user, now)]
            if not past:
                raise
        for slot in past:
            await client.remove_user(slot)
        return await client.create_temporary_code(valid_from, valid_until, uses), past

    return await coordinator.run(command)
