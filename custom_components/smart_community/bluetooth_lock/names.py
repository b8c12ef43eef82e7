"""Names of a lock's users: the lock knows slots only; the entry's options name them.

Each named slot has a name typed by the resident, a Home Assistant person, or both (the typed
name wins). Only names live here, never a code.
"""

from collections.abc import Mapping
from typing import Final, TypedDict

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

CONF_USERS: Final = "users"
CONF_NAME: Final = "name"
CONF_PERSON: Final = "person"


class SlotName(TypedDict, total=False):
    """What names one user slot."""

    name: str
    person: str


def slot_names(entry: ConfigEntry) -> Mapping[str, SlotName]:
    """Every named slot of the lock, by slot number (as text: options are JSON)."""
    names: Mapping[str, SlotName] = entry.options.get(CONF_USERS, {})
    return names


def user_name(hass: HomeAssistant, entry: ConfigEntry, slot: int | None) -> str | None:
    """The name of the user in `slot`: typed, else the linked person's; None when unnamed."""
    if slot is None or (named := slot_names(entry).get(str(slot))) is None:
        return None
    if name := named.get(CONF_NAME):
        return name
    if (person := named.get(CONF_PERSON)) and (state := hass.states.get(person)) is not None:
        return state.name
    return None


def with_slot_named(
    entry: ConfigEntry, slot: int, *, name: str | None = None, person: str | None = None
) -> dict[str, object]:
    """The entry's options with `slot` named so; neither name nor person forgets the slot."""
    names = {key: value for key, value in slot_names(entry).items() if key != str(slot)}
    named = SlotName()
    if name:
        named[CONF_NAME] = name
    if person:
        named[CONF_PERSON] = person
    if named:
        names[str(slot)] = named
    return {**entry.options, CONF_USERS: dict(sorted(names.items(), key=lambda i: int(i[0])))}


def name_slot(
    hass: HomeAssistant,
    entry: ConfigEntry,
    slot: int,
    *,
    name: str | None = None,
    person: str | None = None,
) -> None:
    """Name `slot` (or forget its name) in the entry's options."""
    hass.config_entries.async_update_entry(
        entry, options=with_slot_named(entry, slot, name=name, person=person)
    )
