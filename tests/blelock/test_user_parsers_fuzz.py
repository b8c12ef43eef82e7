"""Property tests: the user and credential parsers return a model or raise FrameError."""

from collections.abc import Callable
import struct

from hypothesis import given, strategies as st
import pytest

from custom_components.smart_community.blelock import (
    CredentialType,
    FrameError,
    LockRefusedError,
    UserKind,
)
from custom_components.smart_community.blelock.commands import parse_reply
from custom_components.smart_community.blelock.user_commands import (
    MAX_SLOT,
    UNLIMITED_USES,
    parse_credential,
    parse_credential_page,
    parse_passage_mode,
    parse_progress,
    parse_user,
    parse_user_page,
)

SLOTS = st.integers(0, 255)


def _page(entry_size: int, most: int) -> st.SearchStrategy[bytes]:
    """Any bytes, or a page header whose count fits, so the entry checks are reached."""
    typed = st.integers(0, most + 1).flatmap(
        lambda count: st.tuples(
            st.integers(0, 2), st.binary(min_size=count * entry_size, max_size=count * entry_size)
        ).map(lambda more_rows: bytes([count, more_rows[0]]) + more_rows[1])
    )
    return st.one_of(st.binary(max_size=80), typed)


@given(_page(11, 5), SLOTS)
def test_user_page_total(data: bytes, first: int) -> None:
    """A page of users in rising slot order from `first` on, or FrameError."""
    try:
        page = parse_user_page(data, first)
    except FrameError:
        return
    slots = [user.slot for user in page.users]
    assert slots == sorted(set(slots))
    assert all(first <= slot <= MAX_SLOT for slot in slots)
    assert len(data) == 2 + 11 * len(slots)


@given(_page(2, 20), st.sampled_from(CredentialType), SLOTS)
def test_credential_page_total(data: bytes, kind: CredentialType, first: int) -> None:
    """A page of credentials of the asked type in rising index order, or FrameError."""
    try:
        page = parse_credential_page(data, kind, first)
    except FrameError:
        return
    indexes = [credential.index for credential in page.credentials]
    assert indexes == sorted(set(indexes))
    assert all(first <= index <= MAX_SLOT for index in indexes)
    assert all(c.type is kind and 1 <= c.user_slot <= MAX_SLOT for c in page.credentials)


def _fixed(size: int) -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=20), st.binary(min_size=size, max_size=size))


PARSERS: list[tuple[Callable[[bytes], object], int]] = [
    (parse_user, 11),
    (parse_credential, 3),
    (parse_progress, 4),
    (parse_passage_mode, 1),
]


@pytest.mark.parametrize(("parser", "size"), PARSERS, ids=lambda p: getattr(p, "__name__", ""))
@given(data=st.data())
def test_fixed_parsers_total(
    parser: Callable[[bytes], object], size: int, data: st.DataObject
) -> None:
    """Any bytes, the right size or not: a model or FrameError, nothing else."""
    payload = data.draw(_fixed(size))
    try:
        parser(payload)
    except FrameError:
        return
    assert len(payload) == size


@given(
    slot=st.integers(1, MAX_SLOT),
    start=st.integers(1, 0xFFFFFFFE),
    length=st.integers(1, 0xFFFFFFFF),
    uses=st.integers(0, UNLIMITED_USES),
)
def test_temporary_user_round_trip(slot: int, start: int, length: int, uses: int) -> None:
    """Every valid temporary user parses back to its fields."""
    end = min(start + length, 0xFFFFFFFF)
    user = parse_user(struct.pack("<BBIIB", slot, UserKind.TEMPORARY, start, end, uses))
    assert user.slot == slot
    assert user.valid_from is not None
    assert user.valid_until is not None
    assert (int(user.valid_from.timestamp()), int(user.valid_until.timestamp())) == (start, end)
    assert user.uses_left == (None if uses == UNLIMITED_USES else uses)


@given(
    kind=st.sampled_from([CredentialType.CARD, CredentialType.FINGERPRINT]),
    needed=st.integers(1, MAX_SLOT),
    data=st.data(),
)
def test_progress_round_trip(kind: CredentialType, needed: int, data: st.DataObject) -> None:
    """Progress is done exactly when the last touch brought an index."""
    touches = data.draw(st.integers(0, needed))
    index = data.draw(st.integers(1, MAX_SLOT)) if touches == needed else 0
    progress = parse_progress(bytes([kind, touches, needed, index]))
    assert (progress.touches, progress.touches_needed, progress.done) == (
        touches,
        needed,
        touches == needed,
    )


@given(st.one_of(st.binary(max_size=8), st.binary(max_size=6).map(lambda b: b"\x41" + b)))
def test_enrolment_frames_total(plaintext: bytes) -> None:
    """Whatever an enrolment frame holds: progress, the lock's typed refusal, or FrameError."""
    try:
        parse_progress(parse_reply(plaintext).data)
    except FrameError, LockRefusedError:
        return
    assert len(plaintext) == 6
