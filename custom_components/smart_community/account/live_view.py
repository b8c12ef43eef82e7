"""A door station's live view: Home Assistant's WebRTC sessions relayed to the platform's.

Only signalling passes here; video and audio flow between the resident's browser or app and
the door station. The browser trickles its candidates while the platform is still answering
the offer, so they wait until the platform's session exists; a session closed meanwhile is
closed on the platform as soon as it has an id.
"""

import asyncio
from dataclasses import dataclass, field
import logging

from homeassistant.components.camera.webrtc import (
    WebRTCAnswer,
    WebRTCCandidate,
    WebRTCError,
    WebRTCSendMessage,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.translation import async_get_translations
from webrtc_models import RTCIceCandidateInit

from ..community import (
    LIVE_VIEW_API_VERSION,
    CommunityClient,
    CommunityError,
    CommunityRequestError,
    IceCandidate,
)
from ..const import DOMAIN
from .errors import error, translated

_LOGGER = logging.getLogger(__name__)

# Refusals of a live view that say more than the general sentence for the code.
_REFUSALS = {
    "not_found": "live_view_refused",
    "unsupported": "live_view_unsupported",
    "conflict": "live_view_busy",
}


@dataclass(slots=True)
class _Opening:
    """The platform has the offer and has not answered yet."""

    candidates: list[RTCIceCandidateInit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Open:
    """The platform's session, and where its candidates go."""

    platform_id: str
    send_message: WebRTCSendMessage


class LiveView:
    """The WebRTC sessions of one door station's camera."""

    def __init__(self, hass: HomeAssistant, client: CommunityClient, door_id: str) -> None:
        """Relay sessions of door_id through client."""
        self._hass = hass
        self._client = client
        self._door_id = door_id
        self._sessions: dict[str, _Opening | _Open] = {}
        self._closing: set[asyncio.Task[None]] = set()

    async def offer(
        self,
        session_id: str,
        offer_sdp: str,
        send_message: WebRTCSendMessage,
        *,
        door_name: str,
        api_version: tuple[int, int],
    ) -> None:
        """Send the offer to the station; its answer, or a translated error, to the browser."""
        opening = _Opening()
        self._sessions[session_id] = opening
        try:
            if api_version < LIVE_VIEW_API_VERSION:
                raise error(
                    "live_view_platform_outdated",
                    version="{}.{}".format(*api_version),
                    required="{}.{}".format(*LIVE_VIEW_API_VERSION),
                )
            try:
                live = await self._client.open_live_view(self._door_id, offer_sdp)
            except CommunityError as err:
                raise self._refusal(err, door_name) from err
        except HomeAssistantError as err:
            self._sessions.pop(session_id, None)
            _LOGGER.debug("Live view of %s refused: %s", self._door_id, err)
            send_message(await self._webrtc_error(err))
            return
        if self._sessions.get(session_id) is not opening:
            # The browser gave up while the station was answering.
            self._close_on_platform(live.id)
            return
        self._sessions[session_id] = _Open(live.id, send_message)
        send_message(WebRTCAnswer(live.answer))
        _relay(send_message, live.candidates)
        for candidate in opening.candidates:
            await self._trickle(live.id, send_message, candidate)

    async def candidate(self, session_id: str, candidate: RTCIceCandidateInit) -> None:
        """One of the browser's candidates, now or once the station has answered."""
        session = self._sessions.get(session_id)
        if session is None:
            raise error("live_view_closed")
        if isinstance(session, _Opening):
            session.candidates.append(candidate)
            return
        await self._trickle(session.platform_id, session.send_message, candidate)

    @callback
    def close(self, session_id: str) -> None:
        """The browser closed its live view."""
        session = self._sessions.pop(session_id, None)
        if isinstance(session, _Open):
            self._close_on_platform(session.platform_id)

    async def close_all(self) -> None:
        """Every session ends (the camera goes away); waits until the platform knows."""
        for session_id in list(self._sessions):
            self.close(session_id)
        await asyncio.gather(*self._closing)

    async def _trickle(
        self, platform_id: str, send_message: WebRTCSendMessage, candidate: RTCIceCandidateInit
    ) -> None:
        init = IceCandidate(
            candidate=candidate.candidate,
            sdp_mid=candidate.sdp_mid,
            sdp_m_line_index=candidate.sdp_m_line_index,
        )
        try:
            more = await self._client.add_live_view_candidate(platform_id, init)
        except CommunityError as err:
            send_message(await self._webrtc_error(translated(err)))
            return
        _relay(send_message, more)

    def _close_on_platform(self, platform_id: str) -> None:
        task = self._hass.async_create_background_task(
            self._close_platform_session(platform_id), f"{DOMAIN} close live view"
        )
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def _close_platform_session(self, platform_id: str) -> None:
        try:
            await self._client.close_live_view(platform_id)
        except CommunityError as err:
            # The platform ends sessions by itself when they expire; nothing is lost.
            _LOGGER.debug("Could not close a live view of %s: %s", self._door_id, err)

    @staticmethod
    def _refusal(err: CommunityError, door_name: str) -> HomeAssistantError:
        if isinstance(err, CommunityRequestError) and err.code in _REFUSALS:
            return error(_REFUSALS[err.code], door=door_name)
        return translated(err)

    async def _webrtc_error(self, err: HomeAssistantError) -> WebRTCError:
        """The frontend shows a WebRTC error's message as is: say it in the system language."""
        key = err.translation_key or "invalid_response"
        language = self._hass.config.language
        messages = await async_get_translations(self._hass, language, "exceptions", [DOMAIN])
        template = messages.get(f"component.{DOMAIN}.exceptions.{key}.message", key)
        return WebRTCError(key, template.format(**(err.translation_placeholders or {})))


def _relay(send_message: WebRTCSendMessage, candidates: tuple[IceCandidate, ...]) -> None:
    for candidate in candidates:
        send_message(
            WebRTCCandidate(
                RTCIceCandidateInit(
                    candidate.candidate,
                    sdp_mid=candidate.sdp_mid,
                    sdp_m_line_index=candidate.sdp_m_line_index,
                )
            )
        )
