"""Actions on a lock's users: codes, cards, fingerprints, visitors' temporary codes.

Each targets one lock (its device or lock entity). A code the resident types goes to the lock
and nowhere else; a code the lock's visitor gets is drawn here and returned once, in the
response: neither is logged, stored in the entry or shown in a state.
"""

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, service
from homeassistant.util import dt as dt_util
from homeassistant.util.json import JsonObjectType
import probatio

from ..blelock import Credential, CredentialType, LockUser
from ..blelock.user_commands import MAX_PIN_DIGITS, MIN_PIN_DIGITS, UNLIMITED_USES
from ..const import DOMAIN, Family
from ..families import family_of
from .coordinator import LockConfigEntry
from .credentials import add_credential, create_temporary_code, enrol, valid_pin
from .names import CONF_PERSON, name_slot, slot_names, user_name

ATTR_USER_SLOT: Final = "user_slot"
ATTR_NAME: Final = "name"
ATTR_CODE: Final = "code"
ATTR_CREDENTIAL_TYPE: Final = "credential_type"
ATTR_CREDENTIAL_INDEX: Final = "credential_index"
ATTR_VALID_FROM: Final = "valid_from"
ATTR_VALID_UNTIL: Final = "valid_until"
ATTR_USES: Final = "uses"

_SLOT: Final = probatio.All(probatio.Coerce(int), probatio.Range(min=1, max=250))
_TYPES: Final = [kind.name.lower() for kind in CredentialType]

_NEW_OR_EXISTING_USER: Final = {
    probatio.Optional(ATTR_USER_SLOT): _SLOT,
    probatio.Optional(ATTR_NAME): cv.string,
}
SET_CODE_SCHEMA: Final = cv.make_entity_service_schema(
    {**_NEW_OR_EXISTING_USER, probatio.Optional(ATTR_CODE): cv.string}
)
ENROL_SCHEMA: Final = cv.make_entity_service_schema(_NEW_OR_EXISTING_USER)
REMOVE_SCHEMA: Final = cv.make_entity_service_schema(
    {
        probatio.Optional(ATTR_USER_SLOT): _SLOT,
        probatio.Optional(ATTR_CREDENTIAL_TYPE): probatio.In(_TYPES),
        probatio.Optional(ATTR_CREDENTIAL_INDEX): _SLOT,
    }
)
LIST_SCHEMA: Final = cv.make_entity_service_schema({})
TEMPORARY_SCHEMA: Final = cv.make_entity_service_schema(
    {
        probatio.Optional(ATTR_VALID_FROM): cv.datetime,
        probatio.Required(ATTR_VALID_UNTIL): cv.datetime,
        probatio.Optional(ATTR_USES): probatio.All(
            probatio.Coerce(int), probatio.Range(min=1, max=UNLIMITED_USES - 1)
        ),
        probatio.Optional(ATTR_NAME): cv.string,
    }
)


async def _lock_entry(call: ServiceCall) -> LockConfigEntry:
    """The one loaded lock the call targets."""
    ids = await service.async_extract_config_entry_ids(call)
    entries: list[LockConfigEntry] = [
        entry
        for entry_id in sorted(ids)
        if (entry := call.hass.config_entries.async_get_entry(entry_id)) is not None
        and entry.domain == DOMAIN
        and family_of(entry.data) is Family.LOCK
    ]
    if len(entries) != 1:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="target_one_lock")
    [entry] = entries
    if entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="lock_not_loaded",
            translation_placeholders={"name": entry.title},
        )
    return entry


def _named(call: ServiceCall, entry: LockConfigEntry, slot: int) -> None:
    if name := call.data.get(ATTR_NAME, "").strip():
        person = slot_names(entry).get(str(slot), {}).get(CONF_PERSON)
        name_slot(call.hass, entry, slot, name=name, person=person)


def _credential_data(credential: Credential) -> JsonObjectType:
    return {
        ATTR_USER_SLOT: credential.user_slot,
        ATTR_CREDENTIAL_TYPE: credential.type.name.lower(),
        ATTR_CREDENTIAL_INDEX: credential.index,
    }


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else dt_util.as_local(moment).isoformat()


async def _set_code(call: ServiceCall) -> ServiceResponse:
    entry = await _lock_entry(call)
    code: str | None = call.data.get(ATTR_CODE)
    if code is not None and not valid_pin(code):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_code",
            translation_placeholders={"min": str(MIN_PIN_DIGITS), "max": str(MAX_PIN_DIGITS)},
        )
    credential, pin = await add_credential(
        entry.runtime_data,
        call.data.get(ATTR_USER_SLOT),
        lambda client, slot: client.set_drawn_pin(slot, code),
    )
    _named(call, entry, credential.user_slot)
    # A code the resident typed is not echoed; a drawn one is shown this once.
    return _credential_data(credential) | ({} if code is not None else {ATTR_CODE: pin})


def _enrolment(
    kind: CredentialType,
) -> Callable[[ServiceCall], Coroutine[None, None, ServiceResponse]]:
    async def enrol_one(call: ServiceCall) -> ServiceResponse:
        entry = await _lock_entry(call)
        credential = await enrol(entry.runtime_data, kind, call.data.get(ATTR_USER_SLOT))
        _named(call, entry, credential.user_slot)
        return _credential_data(credential)

    return enrol_one


async def _remove_credential(call: ServiceCall) -> ServiceResponse:
    entry = await _lock_entry(call)
    kind, index = call.data.get(ATTR_CREDENTIAL_TYPE), call.data.get(ATTR_CREDENTIAL_INDEX)
    slot = call.data.get(ATTR_USER_SLOT)
    if kind is not None and index is not None:
        credential_type = CredentialType[kind.upper()]
        await entry.runtime_data.run(
            lambda client: client.remove_credential(credential_type, index)
        )
    elif slot is not None and kind is None and index is None:
        await entry.runtime_data.run(lambda client: client.remove_user(slot))
        name_slot(call.hass, entry, slot)
    else:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="remove_what")
    return None


def _user_data(hass: HomeAssistant, entry: LockConfigEntry, user: LockUser) -> JsonObjectType:
    return {
        ATTR_USER_SLOT: user.slot,
        "kind": user.kind.name.lower(),
        ATTR_NAME: user_name(hass, entry, user.slot),
        CONF_PERSON: slot_names(entry).get(str(user.slot), {}).get(CONF_PERSON),
        ATTR_VALID_FROM: _time(user.valid_from),
        ATTR_VALID_UNTIL: _time(user.valid_until),
        "uses_left": user.uses_left,
        "credentials": [
            {
                ATTR_CREDENTIAL_TYPE: credential.type.name.lower(),
                ATTR_CREDENTIAL_INDEX: credential.index,
            }
            for credential in user.credentials
        ],
    }


async def _list_users(call: ServiceCall) -> ServiceResponse:
    entry = await _lock_entry(call)
    users = await entry.runtime_data.run(lambda client: client.list_users())
    return {"users": [_user_data(call.hass, entry, user) for user in users]}


async def _create_temporary_code(call: ServiceCall) -> ServiceResponse:
    entry = await _lock_entry(call)
    now = dt_util.now()
    # Times typed without a zone are the resident's local time.
    valid_from = dt_util.as_local(call.data.get(ATTR_VALID_FROM) or now)
    valid_until = dt_util.as_local(call.data[ATTR_VALID_UNTIL])
    if valid_until <= max(valid_from, now):
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="bad_code_validity")
    uses = call.data.get(ATTR_USES)
    temporary, removed = await create_temporary_code(
        entry.runtime_data, valid_from, valid_until, uses, now
    )
    for slot in removed:
        name_slot(call.hass, entry, slot)
    _named(call, entry, temporary.user.slot)
    return {
        ATTR_CODE: temporary.code,
        ATTR_USER_SLOT: temporary.user.slot,
        ATTR_VALID_FROM: _time(temporary.user.valid_from),
        ATTR_VALID_UNTIL: _time(temporary.user.valid_until),
        ATTR_USES: uses,
    }


@callback
def async_setup_lock_services(hass: HomeAssistant) -> None:
    """Register the lock actions once, whatever locks exist."""
    for name, handler, schema, response in (
        ("set_code", _set_code, SET_CODE_SCHEMA, SupportsResponse.OPTIONAL),
        (
            "enroll_card",
            _enrolment(CredentialType.CARD),
            ENROL_SCHEMA,
            SupportsResponse.OPTIONAL,
        ),
        (
            "enroll_fingerprint",
            _enrolment(CredentialType.FINGERPRINT),
            ENROL_SCHEMA,
            SupportsResponse.OPTIONAL,
        ),
        ("remove_credential", _remove_credential, REMOVE_SCHEMA, SupportsResponse.NONE),
        ("list_users", _list_users, LIST_SCHEMA, SupportsResponse.ONLY),
        ("create_temporary_code", _create_temporary_code, TEMPORARY_SCHEMA, SupportsResponse.ONLY),
    ):
        hass.services.async_register(
            DOMAIN, name, handler, schema=schema, supports_response=response
        )
