"""The client package builds, seals and reads every user and credential vector."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from custom_components.smart_community.blelock import (
    CredentialType,
    DuplicateCredentialError,
    EnrolmentTimeoutError,
    FrameError,
    LockRefusedError,
    LockState,
    TableFullError,
    UserKind,
)
from custom_components.smart_community.blelock.codes import ErrorCode, Opcode
from custom_components.smart_community.blelock.commands import parse_reply, parse_status, request
from custom_components.smart_community.blelock.user_commands import (
    add_resident,
    add_temporary,
    cancel_enrolment,
    enroll,
    list_credentials,
    list_users,
    parse_credential,
    parse_credential_page,
    parse_passage_mode,
    parse_progress,
    parse_user,
    parse_user_page,
    remove_credential,
    remove_user,
    set_passage_mode,
    set_pin,
)

from .test_parsers_fuzz import _session
from .vectors import load

CREDENTIALS = load("credentials")
EXCHANGES = CREDENTIALS["exchanges"]
START = datetime.fromtimestamp(CREDENTIALS["time"], UTC)
CARD, FINGERPRINT, PIN = CredentialType.CARD, CredentialType.FINGERPRINT, CredentialType.PIN


def _lock_plaintexts() -> list[bytes]:
    return [bytes.fromhex(e["plaintext"]) for e in EXCHANGES if e["direction"] == "lock_to_client"]


def test_frames_seal_and_open() -> None:
    """Every client frame seals to the vector and every lock frame opens to its plaintext."""
    session = _session()
    for exchange in EXCHANGES:
        plaintext = bytes.fromhex(exchange["plaintext"])
        if exchange["direction"] == "client_to_lock":
            assert session.seal(plaintext).hex() == exchange["frame"], exchange["meaning"]
        else:
            assert session.open(bytes.fromhex(exchange["frame"])) == plaintext


def test_builders() -> None:
    """The client's builders give every request of the vector, byte for byte."""
    built = [
        add_resident(),
        set_pin(1, "4815"),
        set_pin(1, "4815"),
        add_temporary(START, START + timedelta(days=1), 3),
        set_pin(2, "902137"),
        set_pin(1, "1111"),
        list_users(0),
        list_credentials(PIN, 0),
        enroll(CARD, 1),
        enroll(FINGERPRINT, 2),
        enroll(CARD, 1),
        enroll(CARD, 9),
        enroll(FINGERPRINT, 1),
        remove_credential(CARD, 1),
        remove_credential(CARD, 1),
        remove_user(1),
        set_passage_mode(True),
        request(Opcode.LOCK),
        request(Opcode.GET_PASSAGE_MODE),
        set_passage_mode(False),
        enroll(CARD, 2),
        cancel_enrolment(),
        cancel_enrolment(),
        request(Opcode.STATUS),
    ]
    requests = [e["plaintext"] for e in EXCHANGES if e["direction"] == "client_to_lock"]
    assert [plaintext.hex() for plaintext in built] == requests


def _refused(plaintext: bytes) -> LockRefusedError:
    with pytest.raises(LockRefusedError) as refusal:
        parse_reply(plaintext)
    return refusal.value


def test_replies_mean_what_the_vector_says() -> None:
    """Users, credentials, progress, events and refusals parse to their descriptions."""
    (
        resident, pin_one, duplicate, visitor, pin_two, full, users, pins,
        card_wait, card_done, _event, finger_wait, touch_1, _touch_2, _touch_3, finger_done,
        _event_2, card_again, card_duplicate, no_user, finger_wait_2, timed_out,
        removed, not_found, user_removed, passage_on, passage_refused, passage, passage_off,
        card_wait_2, cancelled, nothing_to_cancel, status,
    ) = _lock_plaintexts()  # fmt: skip
    stored = parse_user(parse_reply(resident).data)
    assert (stored.slot, stored.kind, stored.uses_left) == (1, UserKind.RESIDENT, None)
    guest = parse_user(parse_reply(visitor).data)
    assert (guest.slot, guest.kind, guest.uses_left) == (2, UserKind.TEMPORARY, 3)
    assert (guest.valid_from, guest.valid_until) == (START, START + timedelta(days=1))
    assert parse_credential(parse_reply(pin_one).data).index == 1
    assert parse_credential(parse_reply(pin_two).data).user_slot == 2
    assert isinstance(_refused(duplicate), DuplicateCredentialError)
    assert isinstance(_refused(full), TableFullError)
    page = parse_user_page(parse_reply(users).data, 0)
    assert (page.users, page.more) == ((stored, guest), False)
    listed = parse_credential_page(parse_reply(pins).data, PIN, 0).credentials
    assert [(c.type, c.index, c.user_slot) for c in listed] == [(PIN, 1, 1), (PIN, 2, 2)]

    assert parse_progress(parse_reply(card_wait).data).touches_needed == 1
    card = parse_progress(parse_reply(card_done).data)
    assert (card.type, card.done, card.index) == (CARD, True, 1)
    assert [parse_progress(parse_reply(p).data).touches for p in (finger_wait, touch_1)] == [0, 1]
    finger = parse_progress(parse_reply(finger_done).data)
    assert (finger.type, finger.touches, finger.touches_needed, finger.index) == (
        FINGERPRINT, 4, 4, 1,
    )  # fmt: skip
    assert not parse_progress(parse_reply(card_again).data).done
    assert not parse_progress(parse_reply(finger_wait_2).data).done
    assert isinstance(_refused(card_duplicate), DuplicateCredentialError)
    assert _refused(no_user).code is ErrorCode.NOT_FOUND
    assert isinstance(_refused(timed_out), EnrolmentTimeoutError)
    assert parse_reply(removed).data == parse_reply(user_removed).data == b""
    assert _refused(not_found).code is ErrorCode.NOT_FOUND

    assert parse_passage_mode(parse_reply(passage_on).data)
    assert _refused(passage_refused).code is ErrorCode.PASSAGE_MODE
    assert parse_passage_mode(parse_reply(passage).data)
    assert not parse_passage_mode(parse_reply(passage_off).data)
    assert not parse_progress(parse_reply(card_wait_2).data).done
    assert parse_reply(cancelled).data == b""
    assert _refused(nothing_to_cancel).code is ErrorCode.NOT_FOUND
    assert parse_status(parse_reply(status).data).lock_state is LockState.UNLOCKED


def test_listing_holds_no_digits() -> None:
    """No frame the lock sends carries the digits of a PIN set in the conversation."""
    codes = [b"4815", b"902137", b"1111"]
    assert not any(code in plaintext for code in codes for plaintext in _lock_plaintexts())


PARSERS: dict[str, Callable[[bytes], Any]] = {
    "users": lambda data: parse_user_page(data, 0),
    "user": parse_user,
    "credentials": lambda data: parse_credential_page(data, PIN, 0),
    "credential": parse_credential,
    "progress": parse_progress,
    "passage": parse_passage_mode,
}


@pytest.mark.parametrize("vector", CREDENTIALS["malformed_replies"], ids=lambda v: v["name"])
def test_malformed_replies(vector: dict[str, Any]) -> None:
    """Each malformed reply is refused by its parser with FrameError."""
    with pytest.raises(FrameError):
        PARSERS[vector["parser"]](bytes.fromhex(vector["data"]))


@pytest.mark.parametrize(
    "build",
    [
        lambda: list_users(251),
        lambda: remove_user(0),
        lambda: enroll(PIN, 1),
        lambda: remove_credential(CARD, 0),
        lambda: add_resident(251),
        lambda: add_temporary(START, START - timedelta(seconds=1), None),
        lambda: add_temporary(START, START + timedelta(hours=1), 255),
        lambda: add_temporary(START.replace(tzinfo=None), START + timedelta(hours=1), 1),
    ],
)
def test_builders_refuse_out_of_range(build: Callable[[], bytes]) -> None:
    """Arguments the protocol cannot carry never become a frame."""
    with pytest.raises(ValueError, match=r"range|window|enrolled|time zone"):
        build()
