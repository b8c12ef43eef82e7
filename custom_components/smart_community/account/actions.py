"""Actions of a community account: visitor passes, and visitor vehicle permits for parking."""

from datetime import datetime, timedelta

from homeassistant.const import ATTR_CONFIG_ENTRY_ID
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

from ..community import AssignedRight, RightKind, VisitorPass
from ..const import DOMAIN
from ..families import is_community_entry
from .coordinator import CommunityCoordinator
from .errors import translated_errors

ATTR_HOME_ID = "home_id"
ATTR_PASS_ID = "pass_id"  # noqa: S105 - a field name, not a secret
ATTR_VALID_FROM = "valid_from"
ATTR_VALID_UNTIL = "valid_until"
ATTR_USES_ALLOWED = "uses_allowed"
ATTR_VISITOR_NAME = "visitor_name"
ATTR_VISITOR_PHONE = "visitor_phone"
ATTR_PLATE = "plate"
ATTR_PERMIT_ID = "permit_id"

_ENTRY: dict[probatio.Marker, object] = {probatio.Required(ATTR_CONFIG_ENTRY_ID): cv.string}
CREATE_SCHEMA = probatio.Schema(
    {
        **_ENTRY,
        probatio.Optional(ATTR_HOME_ID): cv.string,
        probatio.Optional(ATTR_VALID_FROM): cv.datetime,
        probatio.Required(ATTR_VALID_UNTIL): cv.datetime,
        probatio.Optional(ATTR_USES_ALLOWED, default=1): probatio.All(
            probatio.Coerce(int), probatio.Range(min=1, max=100)
        ),
        probatio.Optional(ATTR_VISITOR_NAME): cv.string,
        probatio.Optional(ATTR_VISITOR_PHONE): cv.string,
    }
)
REVOKE_SCHEMA = probatio.Schema({**_ENTRY, probatio.Required(ATTR_PASS_ID): cv.string})
LIST_SCHEMA = probatio.Schema({**_ENTRY, probatio.Optional(ATTR_HOME_ID): cv.string})
REGISTER_VEHICLE_SCHEMA = probatio.Schema(
    {
        **_ENTRY,
        probatio.Optional(ATTR_HOME_ID): cv.string,
        probatio.Required(ATTR_PLATE): probatio.All(cv.string, probatio.Length(min=2, max=16)),
        probatio.Optional(ATTR_VALID_FROM): cv.datetime,
        probatio.Required(ATTR_VALID_UNTIL): cv.datetime,
    }
)
REVOKE_VEHICLE_SCHEMA = probatio.Schema({**_ENTRY, probatio.Required(ATTR_PERMIT_ID): cv.string})


def _coordinator(call: ServiceCall) -> CommunityCoordinator:
    entry = service.async_get_config_entry(call.hass, DOMAIN, call.data[ATTR_CONFIG_ENTRY_ID])
    if not is_community_entry(entry):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="not_a_community_entry",
            translation_placeholders={"entry": entry.title},
        )
    return entry.runtime_data


def _home_id(coordinator: CommunityCoordinator, call: ServiceCall) -> str:
    """The home asked for, or the resident's only shown home."""
    homes = {home.id for home in coordinator.data.homes}
    if (home_id := call.data.get(ATTR_HOME_ID)) is None and len(homes) == 1:
        return next(iter(homes))
    if home_id not in homes:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_home",
            translation_placeholders={"homes": ", ".join(sorted(homes))},
        )
    return str(home_id)


def _local(moment: datetime) -> datetime:
    """Times typed without a zone are the resident's local time."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt_util.get_default_time_zone())


def _window(call: ServiceCall) -> tuple[datetime, datetime]:
    """The validity window asked for: from now unless said, at most 90 days."""
    valid_from = _local(call.data.get(ATTR_VALID_FROM) or dt_util.now())
    valid_until = _local(call.data[ATTR_VALID_UNTIL])
    if valid_until <= valid_from or valid_until - valid_from > timedelta(days=90):
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="bad_validity")
    return valid_from, valid_until


def _pass_data(visitor_pass: VisitorPass) -> JsonObjectType:
    return {
        ATTR_PASS_ID: visitor_pass.id,
        ATTR_HOME_ID: visitor_pass.home_id,
        "code": visitor_pass.code,
        "qr_payload": visitor_pass.qr_payload,
        ATTR_VALID_FROM: visitor_pass.valid_from.isoformat(),
        ATTR_VALID_UNTIL: visitor_pass.valid_until.isoformat(),
        ATTR_USES_ALLOWED: visitor_pass.uses_allowed,
        "uses": visitor_pass.uses,
        ATTR_VISITOR_NAME: visitor_pass.visitor_name,
        "status": visitor_pass.status,
    }


async def _create_visitor_pass(call: ServiceCall) -> ServiceResponse:
    coordinator = _coordinator(call)
    home_id = _home_id(coordinator, call)
    valid_from, valid_until = _window(call)
    with translated_errors():
        visitor_pass = await coordinator.client.create_visitor_pass(
            home_id,
            valid_from=valid_from,
            valid_until=valid_until,
            uses_allowed=call.data[ATTR_USES_ALLOWED],
            visitor_name=call.data.get(ATTR_VISITOR_NAME),
            visitor_phone=call.data.get(ATTR_VISITOR_PHONE),
        )
    return _pass_data(visitor_pass)


async def _revoke_visitor_pass(call: ServiceCall) -> ServiceResponse:
    coordinator = _coordinator(call)
    with translated_errors():
        visitor_pass = await coordinator.client.revoke_visitor_pass(call.data[ATTR_PASS_ID])
    return _pass_data(visitor_pass)


async def _list_visitor_passes(call: ServiceCall) -> ServiceResponse:
    coordinator = _coordinator(call)
    home_id = _home_id(coordinator, call)
    with translated_errors():
        passes = await coordinator.client.get_visitor_passes(home_id)
    return {"passes": [_pass_data(visitor_pass) for visitor_pass in passes]}


def _permit_data(permit: AssignedRight) -> JsonObjectType:
    return {
        ATTR_PERMIT_ID: permit.id,
        ATTR_HOME_ID: permit.home_id,
        ATTR_PLATE: permit.plate,
        ATTR_VALID_FROM: permit.valid_from.isoformat(),
        ATTR_VALID_UNTIL: permit.valid_until.isoformat(),
        "status": permit.status,
    }


async def _register_visitor_vehicle(call: ServiceCall) -> ServiceResponse:
    coordinator = _coordinator(call)
    home_id = _home_id(coordinator, call)
    valid_from, valid_until = _window(call)
    with translated_errors():
        permit = await coordinator.client.create_visitor_permit(
            home_id, call.data[ATTR_PLATE], valid_from, valid_until
        )
    # A full read makes the new permit known, so that its car's arrival is recognised.
    await coordinator.async_refresh()
    return _permit_data(permit)


async def _list_visitor_vehicles(call: ServiceCall) -> ServiceResponse:
    coordinator = _coordinator(call)
    home_id = _home_id(coordinator, call)
    with translated_errors():
        rights = await coordinator.client.get_parking_rights()
    return {
        "permits": [
            _permit_data(right)
            for right in rights
            if right.kind is RightKind.VISITOR_PERMIT and right.home_id == home_id
        ]
    }


async def _revoke_visitor_vehicle(call: ServiceCall) -> ServiceResponse:
    coordinator = _coordinator(call)
    with translated_errors():
        permit = await coordinator.client.revoke_parking_right(call.data[ATTR_PERMIT_ID])
    return _permit_data(permit)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions once, whatever entries exist."""
    hass.services.async_register(
        DOMAIN,
        "create_visitor_pass",
        _create_visitor_pass,
        schema=CREATE_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN,
        "revoke_visitor_pass",
        _revoke_visitor_pass,
        schema=REVOKE_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        "list_visitor_passes",
        _list_visitor_passes,
        schema=LIST_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN,
        "register_visitor_vehicle",
        _register_visitor_vehicle,
        schema=REGISTER_VEHICLE_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN,
        "list_visitor_vehicles",
        _list_visitor_vehicles,
        schema=LIST_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN,
        "revoke_visitor_vehicle",
        _revoke_visitor_vehicle,
        schema=REVOKE_VEHICLE_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
