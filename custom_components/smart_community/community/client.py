"""REST transport of Community API v1: authentication, token refresh and one method per endpoint."""

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
import logging
import time
from urllib.parse import quote

import aiohttp

from .address import platform_address
from .errors import (
    CommunityAuthError,
    CommunityInvalidResponseError,
    CommunityRateLimitedError,
)
from .fields import Fields, decode_json, format_time
from .live_view import IceCandidate, LiveSession
from .models import (
    Account,
    Call,
    DoorStation,
    ElevatorDirection,
    Notice,
    StreamSource,
    VisitorPass,
)
from .parking import AssignedRight, Gate, Occupancy, ParkingPlace, ParkingSession
from .stream import EventStream, StreamOptions
from .tokens import Tokens
from .translate import http_error, transport_errors

_LOGGER = logging.getLogger(__name__)

# The Community API version this client is written against (compare with
# Account.platform.api_version: an older platform may lack what the client uses).
API_VERSION = (1, 6)
TOKEN_PATH = "/v1/auth/token"  # noqa: S105 - a path, not a secret
EVENTS_PATH = "/v1/events"
_JPEG_MAGIC = b"\xff\xd8"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Reply:
    status: int
    headers: Mapping[str, str]
    body: bytes


def _segment(value: str) -> str:
    return quote(value, safe="")


class CommunityClient:
    """One resident account on a community platform."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        tokens: Tokens | None = None,
        on_tokens: Callable[[Tokens], None] | None = None,
        *,
        request_timeout: float = 10.0,
        monotonic: Callable[[], float] = time.monotonic,
        utcnow: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """Use session for every request; tokens from an earlier login, if any.

        base_url must be scheme + host (+ port); anything else raises CommunityAddressError.
        """
        self._session = session
        self._base_url = platform_address(base_url)
        self._tokens = tokens
        self._on_tokens = on_tokens
        self._timeout = aiohttp.ClientTimeout(total=request_timeout)
        self._monotonic = monotonic
        self._utcnow = utcnow
        self._refresh_lock = asyncio.Lock()
        self._refresh_refused = False
        self._quiet_until = 0.0

    @property
    def tokens(self) -> Tokens | None:
        """The current token pair."""
        return self._tokens

    def url(self, path: str) -> str:
        """The absolute URL of an API path."""
        return f"{self._base_url}{path}"

    # --- authentication -------------------------------------------------------------

    async def login(self, username: str, password: str) -> Tokens:
        """Exchange the resident's credentials for a token pair."""
        self.check_rate_limit()
        reply = await self._send(
            "POST",
            TOKEN_PATH,
            {"grant_type": "password", "username": username, "password": password},
            token=None,
        )
        self._raise_for(reply)
        tokens = Tokens.parse(self._fields(reply), self._utcnow())
        self._refresh_refused = False
        self._store(tokens)
        return tokens

    def _store(self, tokens: Tokens) -> None:
        self._tokens = tokens
        if self._on_tokens is not None:
            self._on_tokens(tokens)

    async def access_token(self) -> str:
        """A valid access token, refreshed first if it is about to expire."""
        tokens = self._logged_in()
        if tokens.stale(self._utcnow()):
            await self.refresh(tokens.access_token)
        return self._logged_in().access_token

    def _logged_in(self) -> Tokens:
        if self._refresh_refused:
            raise CommunityAuthError("the platform refused the refresh token; log in again")
        if self._tokens is None:
            raise CommunityAuthError("not logged in")
        return self._tokens

    async def refresh(self, stale_access_token: str) -> None:
        """Rotate the tokens, unless someone already did since stale_access_token was used.

        One refresh runs at a time: concurrent callers wait and then see the new token, so
        a burst of 401s costs the platform a single refresh grant.
        """
        async with self._refresh_lock:
            tokens = self._logged_in()
            if tokens.access_token != stale_access_token:
                return
            reply = await self._send(
                "POST",
                TOKEN_PATH,
                {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token},
                token=None,
            )
            if reply.status in (400, 401):
                self._refresh_refused = True
                _LOGGER.info("The platform refused the refresh token; a new login is needed")
                raise http_error(401, reply.headers, reply.body)
            self._raise_for(reply)
            self._store(Tokens.parse(self._fields(reply), self._utcnow()))
            _LOGGER.debug("Access token refreshed")

    # --- transport --------------------------------------------------------------------

    def check_rate_limit(self) -> None:
        """Raise instead of sending while a Retry-After from the platform is running."""
        remaining = self._quiet_until - self._monotonic()
        if remaining > 0:
            raise CommunityRateLimitedError(remaining)

    def note_rate_limit(self, error: CommunityRateLimitedError) -> None:
        """Stay quiet for the delay a 429 asked for."""
        self._quiet_until = max(self._quiet_until, self._monotonic() + error.retry_after)

    async def _send(
        self,
        method: str,
        path: str,
        body: Mapping[str, object] | None = None,
        *,
        token: str | None,
        params: Mapping[str, str] | None = None,
    ) -> _Reply:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        with transport_errors():
            async with self._session.request(
                method,
                self.url(path),
                json=body,
                params=params,
                headers=headers,
                timeout=self._timeout,
                # A redirect would carry the password or token wherever the answer points.
                allow_redirects=False,
            ) as response:
                return _Reply(
                    status=response.status, headers=response.headers, body=await response.read()
                )

    def _raise_for(self, reply: _Reply) -> None:
        if reply.status < 300:
            return
        error = http_error(reply.status, reply.headers, reply.body)
        if isinstance(error, CommunityRateLimitedError):
            self.note_rate_limit(error)
        raise error

    @staticmethod
    def _fields(reply: _Reply) -> Fields:
        return Fields(decode_json(reply.body, "response"), "response")

    async def _request(
        self,
        method: str,
        path: str,
        body: Mapping[str, object] | None = None,
        params: Mapping[str, str] | None = None,
    ) -> _Reply:
        """An authenticated request: refresh once on 401, then retry once."""
        self.check_rate_limit()
        token = await self.access_token()
        reply = await self._send(method, path, body, token=token, params=params)
        if reply.status == 401:
            await self.refresh(token)
            reply = await self._send(
                method, path, body, token=self._logged_in().access_token, params=params
            )
        self._raise_for(reply)
        return reply

    async def _get(self, path: str, params: Mapping[str, str] | None = None) -> Fields:
        return self._fields(await self._request("GET", path, params=params))

    async def _post(self, path: str, body: Mapping[str, object]) -> Fields:
        return self._fields(await self._request("POST", path, body))

    async def _command(self, path: str, body: Mapping[str, object] | None = None) -> str:
        reply = await self._request("POST", path, body)
        if reply.status != 202:
            raise CommunityInvalidResponseError(f"expected 202 for a command, got {reply.status}")
        return self._fields(reply).identifier("request_id")

    # --- resident ---------------------------------------------------------------------

    async def get_account(self) -> Account:
        """The resident, their community and their homes."""
        return Account.parse(await self._get("/v1/me"))

    # --- intercom ---------------------------------------------------------------------

    async def get_doors(self, home_id: str) -> tuple[DoorStation, ...]:
        """Door stations that serve a home."""
        fields = await self._get(f"/v1/homes/{_segment(home_id)}/doors")
        return fields.items("doors", DoorStation.parse)

    async def open_door(self, door_id: str) -> str:
        """Release a door; returns the request id its command.result will carry."""
        return await self._command(f"/v1/doors/{_segment(door_id)}/open")

    async def get_snapshot(self, door_id: str) -> bytes:
        """The door station's current JPEG picture."""
        reply = await self._request("GET", f"/v1/doors/{_segment(door_id)}/snapshot")
        if not reply.body.startswith(_JPEG_MAGIC):
            raise CommunityInvalidResponseError("snapshot is not a JPEG picture")
        return reply.body

    async def get_stream_source(self, door_id: str) -> StreamSource:
        """A short-lived RTSP URL of the door station's camera."""
        return StreamSource.parse(await self._get(f"/v1/doors/{_segment(door_id)}/stream"))

    async def open_live_view(
        self, door_id: str, offer: str, *, answer_call: str | None = None
    ) -> LiveSession:
        """Offer a WebRTC session to a door station; the session carries its answer.

        Watching alone never answers a ringing call: pass its id as answer_call to answer it.
        """
        body: dict[str, object] = {"offer": offer}
        if answer_call is not None:
            body["call_id"] = answer_call
        fields = await self._post(f"/v1/doors/{_segment(door_id)}/webrtc", body)
        return LiveSession.parse(fields)

    async def add_live_view_candidate(
        self, session_id: str, candidate: IceCandidate
    ) -> tuple[IceCandidate, ...]:
        """Trickle one of the resident's ICE candidates; returns the station's new ones."""
        path = f"/v1/webrtc/{_segment(session_id)}/candidates"
        return (await self._post(path, candidate.to_wire())).items("candidates", IceCandidate.parse)

    async def close_live_view(self, session_id: str) -> None:
        """End a live view; the station stops sending."""
        await self._request("DELETE", f"/v1/webrtc/{_segment(session_id)}")

    async def get_calls(self, limit: int = 50) -> tuple[Call, ...]:
        """The call log, newest first."""
        fields = await self._get("/v1/calls", {"limit": str(limit)})
        return fields.items("calls", Call.parse)

    async def answer_call(self, call_id: str) -> str:
        """Answer a ringing call; returns the request id."""
        return await self._command(f"/v1/calls/{_segment(call_id)}/answer")

    async def decline_call(self, call_id: str) -> str:
        """Decline a ringing call; returns the request id."""
        return await self._command(f"/v1/calls/{_segment(call_id)}/decline")

    # --- visitor passes and notices ---------------------------------------------------

    async def create_visitor_pass(
        self,
        home_id: str,
        *,
        valid_from: datetime,
        valid_until: datetime,
        uses_allowed: int = 1,
        visitor_name: str | None = None,
        visitor_phone: str | None = None,
    ) -> VisitorPass:
        """Issue a visitor pass with a numeric code and a QR payload."""
        body: dict[str, object] = {
            "valid_from": format_time(valid_from),
            "valid_until": format_time(valid_until),
            "uses_allowed": uses_allowed,
        }
        if visitor_name is not None:
            body["visitor_name"] = visitor_name
        if visitor_phone is not None:
            body["visitor_phone"] = visitor_phone
        path = f"/v1/homes/{_segment(home_id)}/visitor-passes"
        return VisitorPass.parse(await self._post(path, body))

    async def get_visitor_passes(self, home_id: str) -> tuple[VisitorPass, ...]:
        """A home's visitor passes, newest first."""
        fields = await self._get(f"/v1/homes/{_segment(home_id)}/visitor-passes")
        return fields.items("passes", VisitorPass.parse)

    async def revoke_visitor_pass(self, pass_id: str) -> VisitorPass:
        """Revoke a visitor pass."""
        return VisitorPass.parse(
            await self._post(f"/v1/visitor-passes/{_segment(pass_id)}/revoke", {})
        )

    async def get_notices(self, limit: int = 50) -> tuple[Notice, ...]:
        """Community announcements, newest first."""
        fields = await self._get("/v1/notices", {"limit": str(limit)})
        return fields.items("notices", Notice.parse)

    async def call_elevator(
        self, home_id: str, direction: ElevatorDirection = ElevatorDirection.DOWN
    ) -> str:
        """Call the home's elevator bank to its floor; returns the request id."""
        path = f"/v1/homes/{_segment(home_id)}/elevator/call"
        return await self._command(path, {"direction": direction.value})

    # --- parking ----------------------------------------------------------------------

    async def get_parking_places(self) -> tuple[ParkingPlace, ...]:
        """Lots with their areas and spaces."""
        return (await self._get("/v1/parking/places")).items("places", ParkingPlace.parse)

    async def get_occupancy(self) -> Occupancy:
        """Occupancy per lot and per space."""
        return Occupancy.parse(await self._get("/v1/parking/occupancy"))

    async def get_parking_sessions(
        self, *, active: bool | None = None, limit: int = 50
    ) -> tuple[ParkingSession, ...]:
        """Parking sessions, newest first; active=True for vehicles still inside."""
        params = {"limit": str(limit)}
        if active is not None:
            params["active"] = "true" if active else "false"
        fields = await self._get("/v1/parking/sessions", params)
        return fields.items("sessions", ParkingSession.parse)

    async def get_parking_rights(self) -> tuple[AssignedRight, ...]:
        """Monthly passes and visitor vehicle permits."""
        return (await self._get("/v1/parking/rights")).items("rights", AssignedRight.parse)

    async def create_visitor_permit(
        self, home_id: str, plate: str, valid_from: datetime, valid_until: datetime
    ) -> AssignedRight:
        """Let a visitor's vehicle in during a window."""
        body = {
            "home_id": home_id,
            "plate": plate,
            "valid_from": format_time(valid_from),
            "valid_until": format_time(valid_until),
        }
        return AssignedRight.parse(await self._post("/v1/parking/rights", body))

    async def revoke_parking_right(self, right_id: str) -> AssignedRight:
        """Revoke a visitor vehicle permit."""
        path = f"/v1/parking/rights/{_segment(right_id)}/revoke"
        return AssignedRight.parse(await self._post(path, {}))

    async def get_gates(self) -> tuple[Gate, ...]:
        """Barrier gates."""
        return (await self._get("/v1/parking/gates")).items("gates", Gate.parse)

    async def open_gate(self, gate_id: str) -> str:
        """Raise a barrier; returns the request id."""
        return await self._command(f"/v1/parking/gates/{_segment(gate_id)}/open")

    # --- event stream -----------------------------------------------------------------

    async def connect_events(self) -> aiohttp.ClientWebSocketResponse:
        """Open the event WebSocket, refreshing the access token once if it is refused."""
        self.check_rate_limit()
        token = await self.access_token()
        try:
            return await self._ws_connect(token)
        except CommunityAuthError:
            await self.refresh(token)
        return await self._ws_connect(self._logged_in().access_token)

    async def _ws_connect(self, token: str) -> aiohttp.ClientWebSocketResponse:
        with transport_errors():
            try:
                return await self._session.ws_connect(
                    self.url(EVENTS_PATH),
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=aiohttp.ClientWSTimeout(ws_close=self._timeout.total),
                )
            except aiohttp.WSServerHandshakeError as err:
                error = http_error(err.status, err.headers or {}, b"")
        if isinstance(error, CommunityRateLimitedError):
            self.note_rate_limit(error)
        raise error

    def event_stream(
        self, resume_after: int | None = None, options: StreamOptions | None = None
    ) -> EventStream:
        """A self-healing event stream resuming after the given cursor."""
        return EventStream(self, resume_after, options)
