"""The community coordinator: fed by the platform's event stream, reconciled by a slow poll.

It holds one immutable `CommunityState`. A full read replaces it and tells every entity; an
event replaces it with `fold(state, event)` and tells only the entities listening to the
event's keys, so that one change in a lot of thousands of spaces costs a handful of state
writes, not thousands.
"""

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import replace
from datetime import timedelta
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_URL
from homeassistant.core import CALLBACK_TYPE, Context, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from ..community import (
    RING_PICTURES_API_VERSION,
    AccessDenied,
    CallAnswered,
    CallEnded,
    CallRinging,
    CommunityAuthError,
    CommunityClient,
    CommunityError,
    CommunityRateLimitedError,
    DeviceStatus,
    DoorCapability,
    DoorClosed,
    DoorOpened,
    DoorStation,
    Event,
    NoticePublished,
    RingPicture,
    SessionEnded,
    SessionStarted,
    StreamOptions,
    Tokens,
    VisitorArrived,
)
from ..const import CONF_HOMES, CONF_SNAPSHOT_ON_RING, CONF_TOKENS, DOMAIN
from .errors import translated_errors
from .issues import async_check_login, async_check_platform
from .parking import parking_event_keys, read_parking
from .state import CommunityState, door_calls, fold, headline, is_latch
from .title import entry_title
from .tokens import tokens_from_data, tokens_to_data

_LOGGER = logging.getLogger(__name__)

# Events arrive on the stream; the poll only catches what a stream cannot say (a door
# station added to the account, a renamed home).
RECONCILE_INTERVAL = timedelta(minutes=30)
# A stream that comes back within this time loses nothing (the server replays by cursor),
# so entities stay available through short network blips.
STREAM_GRACE = timedelta(seconds=60)
STREAM_READY_TIMEOUT = 10.0
NOTICES_KEY = "notices"
# Visitors arriving: by pass at a door, or by car on a visitor permit.
VISITORS_KEY = "visitors"
# Enough of the call log to find the calls still going on after a restart.
CALLS_READ = 20
# How long a released latch is shown open when its station has no door sensor to say when
# the door closes again.
RELEASE_SECONDS = 5.0

type CommunityConfigEntry = ConfigEntry[CommunityCoordinator]
type EventCallback = Callable[[Event], None]
# Writes what an event changed, under the one context that event gets.
type KeyListener = Callable[[Context], None]


def _add[T](registry: dict[str, list[T]], keys: tuple[str, ...], item: T) -> CALLBACK_TYPE:
    """File item under each key; one callback takes it out again (a lot has thousands)."""
    for key in keys:
        registry.setdefault(key, []).append(item)

    def remove() -> None:
        for key in keys:
            items = registry[key]
            items.remove(item)
            if not items:
                del registry[key]

    return remove


def _with(doors: frozenset[str], door_id: str, present: bool) -> frozenset[str]:
    return doors | {door_id} if present else doors - {door_id}


def ring_picture_key(door_id: str) -> str:
    """The key of a door station's ring pictures: only the Last visitor image wants them."""
    return f"{door_id} ring picture"


def event_keys(event: Event) -> tuple[str, ...]:
    """The subscription keys of the places an event concerns."""
    if parking := parking_event_keys(event):
        on_right = isinstance(event, SessionStarted | SessionEnded) and event.right_id is not None
        return (*parking, VISITORS_KEY) if on_right else parking
    match event:
        case VisitorArrived():
            return (event.door_id, VISITORS_KEY)
        case (
            CallRinging()
            | CallAnswered()
            | CallEnded()
            | DoorOpened()
            | DoorClosed()
            | AccessDenied()
        ):
            return (event.door_id,)
        case DeviceStatus():
            return (event.device_id,)
        case NoticePublished():
            return (NOTICES_KEY,)
    return ()


class CommunityCoordinator(DataUpdateCoordinator[CommunityState]):
    """One resident account: its client, its event stream and what it last read."""

    config_entry: CommunityConfigEntry

    def __init__(self, hass: HomeAssistant, entry: CommunityConfigEntry) -> None:
        """Prepare the client from the stored tokens; nothing is sent yet."""
        # Before the base class, which registers async_shutdown on the entry's unload.
        self._grace: CALLBACK_TYPE | None = None
        self._relocks: dict[str, CALLBACK_TYPE] = {}
        self._stopped = False
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            # Not the title: it names the community and the home, and this name is logged.
            name=f"community account {entry.entry_id}",
            update_interval=RECONCILE_INTERVAL,
        )
        self.client = CommunityClient(
            async_get_clientsession(hass),
            entry.data[CONF_URL],
            tokens_from_data(entry.data[CONF_TOKENS]),
            on_tokens=self._store_tokens,
            utcnow=dt_util.utcnow,
        )
        self.stream = self.client.event_stream(
            options=StreamOptions(
                on_event=self._dispatch,
                on_connection_change=self._stream_changed,
                on_resync_needed=self._resync,
                ring_pictures=self._wants_ring_pictures,
            )
        )
        self.stream_up = True
        self.account_device_id = ""
        self._subscribers: dict[str, list[EventCallback]] = {}
        self._key_listeners: dict[str, list[KeyListener]] = {}

    def _wants_ring_pictures(self) -> bool:
        """Have the platform push each live ring's picture when the resident keeps them.

        Pushed with the ring, the picture is the one the station took as the visitor rang,
        and Home Assistant makes no request for it.
        """
        return (
            bool(self.config_entry.options.get(CONF_SNAPSHOT_ON_RING))
            and self.data is not None
            and self.data.account.platform.api_version >= RING_PICTURES_API_VERSION
        )

    @callback
    def _store_tokens(self, tokens: Tokens) -> None:
        """Persist each rotated refresh token at once: the old one no longer works."""
        self.hass.config_entries.async_update_entry(
            self.config_entry,
            data={**self.config_entry.data, CONF_TOKENS: tokens_to_data(tokens)},
        )
        async_check_login(self.hass, self.config_entry.entry_id, self.config_entry.title, tokens)

    async def _async_update_data(self) -> CommunityState:
        """Read the account, its homes' door stations and the latest notice."""
        try:
            account = await self.client.get_account()
            chosen = self.config_entry.options.get(CONF_HOMES)
            homes = tuple(home for home in account.homes if not chosen or home.id in chosen)
            doors: dict[str, DoorStation] = {}
            door_homes: defaultdict[str, list[str]] = defaultdict(list)
            for home in homes:
                for door in await self.client.get_doors(home.id):
                    doors[door.id] = door
                    door_homes[door.id].append(home.id)
            notices = await self.client.get_notices(limit=1)
            calls = await self.client.get_calls(limit=CALLS_READ)
            parking = await read_parking(self.client, homes)
        except CommunityAuthError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="auth_failed"
            ) from err
        except CommunityRateLimitedError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="rate_limited",
                translation_placeholders={"seconds": f"{err.retry_after:.0f}"},
                retry_after=err.retry_after,
            ) from err
        except CommunityError as err:
            raise UpdateFailed(translation_domain=DOMAIN, translation_key="cannot_connect") from err
        entry = self.config_entry
        if entry.title == account.community.name:
            # Migrated from a title with the username (minor version 1): add the home.
            self.hass.config_entries.async_update_entry(entry, title=entry_title(account))
        async_check_platform(self.hass, entry.entry_id, account.platform)
        if (tokens := self.client.tokens) is not None:
            async_check_login(self.hass, entry.entry_id, entry.title, tokens)
        # A read says nothing about latches in motion: those stay as the events left them.
        previous: CommunityState | None = self.data
        shown_door_homes = {door_id: tuple(ids) for door_id, ids in door_homes.items()}
        return CommunityState(
            account=account,
            homes=homes,
            doors=doors,
            door_homes=shown_door_homes,
            latest_notice=headline(notices[0] if notices else None),
            parking=parking,
            released=previous.released & doors.keys() if previous else frozenset(),
            opening=previous.opening & doors.keys() if previous else frozenset(),
            calls=door_calls(calls, shown_door_homes),
        )

    # --- events -----------------------------------------------------------------------

    @callback
    def subscribe(self, key: str, handler: EventCallback) -> CALLBACK_TYPE:
        """Call handler with each event for key (for what reacts to an event, not to state)."""
        return _add(self._subscribers, (key,), handler)

    @callback
    def async_add_key_listener(self, keys: tuple[str, ...], update: KeyListener) -> CALLBACK_TYPE:
        """Call update with the event's context when an event changes what one of the keys
        shows (a full read calls every listener)."""
        return _add(self._key_listeners, keys, update)

    @callback
    def _push(self, state: CommunityState, keys: tuple[str, ...]) -> None:
        """Replace the snapshot after an event and tell who shows those keys.

        Not async_set_updated_data: that tells every entity, resets the reconciliation timer
        (a busy lot would postpone it forever) and takes a stream event for a good read.
        Every state the event changes is written under one context, as a service call's are:
        Home Assistant would otherwise make one per write, and the writes belong together.
        """
        self.data = state
        context = Context()
        for key in keys:
            for update in tuple(self._key_listeners.get(key, ())):
                update(context)

    @callback
    def _dispatch(self, event: Event) -> None:
        if isinstance(event, RingPicture):
            # Only the Last visitor image shows it; nothing in the snapshot changes.
            self._tell((ring_picture_key(event.door_id),), event)
            return
        keys = event_keys(event)
        if (state := fold(self.data, event)) is not None:
            self._push(state, keys)
        match event:
            case DoorOpened() if is_latch(self.data, event.door_id):
                self._released(event.door_id)
            case DoorClosed():
                self._cancel_relock(event.door_id)
        self._tell(keys, event)

    def _tell(self, keys: tuple[str, ...], event: Event) -> None:
        for key in keys:
            for handler in tuple(self._subscribers.get(key, ())):
                handler(event)

    # --- latch doors ------------------------------------------------------------------

    async def async_release(self, door_id: str) -> None:
        """Release a latch door: opening until the platform confirms, then open."""
        self._set_door(door_id, opening=True)
        try:
            await self.async_command(self.client.open_door(door_id))
        finally:
            self._set_door(door_id, opening=False)
        # door.opened came first, but a stream that resumed after the command may not say it.
        self._set_door(door_id, released=True)
        self._released(door_id)

    @callback
    def _set_door(
        self, door_id: str, *, opening: bool | None = None, released: bool | None = None
    ) -> None:
        state = self.data
        if opening is not None:
            state = replace(state, opening=_with(state.opening, door_id, opening))
        if released is not None:
            state = replace(state, released=_with(state.released, door_id, released))
        self._push(state, (door_id,))

    @callback
    def _released(self, door_id: str) -> None:
        """A station without a door sensor never says the door closed: assume it soon did."""
        door = self.data.doors.get(door_id)
        if door is None or DoorCapability.DOOR_SENSOR in door.capabilities:
            return
        self._cancel_relock(door_id)

        @callback
        def relock(_now: object) -> None:
            del self._relocks[door_id]
            self._set_door(door_id, released=False)

        self._relocks[door_id] = async_call_later(self.hass, RELEASE_SECONDS, relock)

    @callback
    def _cancel_relock(self, door_id: str) -> None:
        if (cancel := self._relocks.pop(door_id, None)) is not None:
            cancel()

    @callback
    def _stream_changed(self, connected: bool) -> None:
        if connected:
            if self._grace is not None:
                self._grace()
                self._grace = None
            if not self.stream_up:
                _LOGGER.info("The event stream of %s is back", self.name)
                self.stream_up = True
                # Events missed meanwhile were replayed; state that is not an event
                # (a door station's settings) is read again.
                self.hass.async_create_task(self.async_request_refresh())
            return
        if isinstance(self.stream.error, CommunityAuthError):
            self.config_entry.async_start_reauth(self.hass)
        if self._grace is None and self.stream_up and not self._stopped:
            self._grace = async_call_later(self.hass, STREAM_GRACE, self._stream_lost)

    @callback
    def _stream_lost(self, _now: object) -> None:
        self._grace = None
        self.stream_up = False
        _LOGGER.warning("Lost the event stream of %s; reconnecting", self.name)
        self.async_update_listeners()

    @callback
    def _resync(self) -> None:
        self.hass.async_create_task(self.async_request_refresh())

    async def async_start_stream(self) -> None:
        """Follow the event stream for as long as the entry is loaded.

        Waits a little for the stream to be live, so that what happens right after setup
        (or after a reload) is not missed; a slow platform only delays entities' events.
        """
        self.config_entry.async_create_background_task(
            self.hass, self.stream.run(), f"{DOMAIN} event stream of {self.name}"
        )
        # Until the stream is ready, the grace period runs as after a drop.
        self._stream_changed(False)
        with suppress(TimeoutError):
            async with asyncio.timeout(STREAM_READY_TIMEOUT):
                await self.stream.wait_connected()

    async def async_shutdown(self) -> None:
        """Also forget the grace timer; the entry cancels the stream task itself."""
        await super().async_shutdown()
        self._stopped = True
        if self._grace is not None:
            self._grace()
            self._grace = None
        for door_id in tuple(self._relocks):
            self._cancel_relock(door_id)

    async def async_command(self, request: Awaitable[str], conflict: str = "conflict") -> None:
        """Send a command that moves hardware and wait for its outcome on the stream.

        conflict names the translated error for a refusal because the moment has passed.
        """
        with translated_errors(conflict):
            await self.stream.command(request)
