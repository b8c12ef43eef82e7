"""How the integration's activity reads in Home Assistant's Activity (logbook).

Door stations, visitors, vehicles and Bluetooth locks put what they fire on the bus (see
activity.py); this turns each into a line such as "North gate: opened by face (Zhang Wei)",
in the language Home Assistant is set to. The phrases are translations (`selector.logbook*`:
the category hassfest allows for an integration's own wording), loaded once up front because
the logbook describes events synchronously.
"""

from collections.abc import Callable, Mapping

from homeassistant.components.logbook.const import LOGBOOK_ENTRY_MESSAGE, LOGBOOK_ENTRY_NAME
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.translation import (
    async_get_cached_translations,
    async_get_translations,
)

from .activity import ATTR_EVENT_TYPE, ATTR_KIND, EVENT_ACTIVITY
from .const import DOMAIN

type Describe = Callable[[Event], dict[str, str]]
type Phrase = Callable[[str, str], str]

_FALLBACK_LANGUAGE = "en"
_PREFIX = f"component.{DOMAIN}.selector."


class _Words:
    """Phrases in the configured language, English where a phrase is missing."""

    def __init__(self, hass: HomeAssistant) -> None:
        self._hass = hass

    def __call__(self, group: str, key: str, **values: object) -> str:
        """The phrase `key` of `group`, its placeholders filled in."""
        full = f"{_PREFIX}{group}.options.{key}"
        for language in (self._hass.config.language, _FALLBACK_LANGUAGE):
            text = async_get_cached_translations(self._hass, language, "selector", DOMAIN).get(full)
            if text is not None:
                return text.format(**values)
        return key


def _door_message(words: _Words, data: Mapping[str, object]) -> str:
    method = words("logbook_method", str(data.get("method")))
    match data[ATTR_EVENT_TYPE]:
        case "opened" if data.get("person"):
            return words("logbook", "opened_by", method=method, person=data["person"])
        case "opened":
            return words("logbook", "opened", method=method)
        case _:  # denied
            reason = words("logbook_reason", str(data.get("reason")))
            return words("logbook", "denied", method=method, reason=reason)


def _call_message(words: _Words, data: Mapping[str, object]) -> str:
    match data[ATTR_EVENT_TYPE]:
        case "ring":
            return words("logbook", "ring")
        case "answered":
            return words(
                "logbook", "answered", who=words("logbook_who", str(data.get("answered_by")))
            )
        case _:  # ended
            return words(
                "logbook", "ended", reason=words("logbook_reason", str(data.get("reason")))
            )


def _visitor_message(words: _Words, data: Mapping[str, object]) -> str:
    match data[ATTR_EVENT_TYPE]:
        case "arrived" if data.get("visitor_name"):
            return words("logbook", "arrived", visitor=data["visitor_name"])
        case "arrived":
            return words("logbook", "arrived_unnamed")
        case kind:  # vehicle_entered, vehicle_exited
            return words("logbook", str(kind), permit=data.get("permit_id"))


def _lock_message(words: _Words, data: Mapping[str, object]) -> str:
    action = str(data[ATTR_EVENT_TYPE])
    if action == "jammed":
        return words("logbook", "jammed")
    values = {
        "action": words("logbook_action", action),
        "method": words("logbook_method", str(data.get("method"))),
    }
    if user_name := data.get("user_name"):
        return words("logbook", "lock_by", user=user_name, **values)
    if slot := data.get("user_slot"):
        return words("logbook", "lock_by", user=words("logbook", "slot", slot=slot), **values)
    return words("logbook", "lock", **values)


def _vehicle_message(words: _Words, data: Mapping[str, object]) -> str:
    match data[ATTR_EVENT_TYPE]:
        case "entered" | "exited" as kind:
            return words("logbook", kind, gate=data.get("gate"))
        case _:  # pass_expiring
            return words("logbook", "pass_expiring")


def _notice_message(words: _Words, data: Mapping[str, object]) -> str:
    return words("logbook", "published", title=data.get("title"))


# By the key of the entity that fired (its description's key).
_MESSAGES: dict[str, Callable[[_Words, Mapping[str, object]], str]] = {
    "access": _door_message,
    "doorbell": _call_message,
    "visitor": _visitor_message,
    "activity": _lock_message,
    "gate": _vehicle_message,
    "notice": _notice_message,
}
# Where a visitor arrived names the line better than the account it belongs to.
_PLACE = {"arrived": "door", "vehicle_entered": "gate", "vehicle_exited": "gate"}


def _describer(hass: HomeAssistant) -> Describe:
    words = _Words(hass)
    devices = dr.async_get(hass)

    @callback
    def describe(event: Event) -> dict[str, str]:
        data = event.data
        device = devices.async_get(str(data.get(ATTR_DEVICE_ID)))
        name = (device.name_by_user or device.name) if device is not None else None
        if (place := _PLACE.get(str(data.get(ATTR_EVENT_TYPE)))) and data.get(place):
            name = str(data[place])
        message_of = _MESSAGES.get(str(data.get(ATTR_KIND)))
        message = message_of(words, data) if message_of is not None else None
        return {
            LOGBOOK_ENTRY_NAME: name or words("logbook", "someone"),
            LOGBOOK_ENTRY_MESSAGE: message or str(data.get(ATTR_EVENT_TYPE)),
        }

    return describe


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Describe], None],
) -> None:
    """Describe the integration's activity events, with the phrases loaded first."""
    for language in {hass.config.language, _FALLBACK_LANGUAGE}:
        hass.async_create_task(
            async_get_translations(hass, language, "selector", [DOMAIN]),
            f"{DOMAIN} logbook phrases ({language})",
        )
    async_describe_event(DOMAIN, EVENT_ACTIVITY, _describer(hass))
