"""Wire models of a door station's WebRTC live view (signalling only; media never passes here)."""

from dataclasses import dataclass, field
from datetime import datetime

from .errors import CommunityInvalidResponseError
from .fields import Fields

# The Community API version that added live views (openLiveView and its candidates).
LIVE_VIEW_API_VERSION = (1, 5)
_MAX_M_LINE_INDEX = 255
_SDP_START = ("v=0\r\n", "v=0\n")


@dataclass(frozen=True, slots=True, kw_only=True)
class IceCandidate:
    """One ICE candidate (RFC 8839); an empty candidate says there are no more."""

    candidate: str = field(repr=False)
    sdp_mid: str | None = None
    sdp_m_line_index: int | None = None

    @classmethod
    def parse(cls, fields: Fields) -> IceCandidate:
        """Read from the wire; sdp_mid and sdp_m_line_index may be absent or null."""
        return cls(
            candidate=fields.text("candidate"),
            sdp_mid=fields.optional_text("sdp_mid") if fields.has("sdp_mid") else None,
            sdp_m_line_index=(
                fields.optional_integer("sdp_m_line_index", 0, _MAX_M_LINE_INDEX)
                if fields.has("sdp_m_line_index")
                else None
            ),
        )

    def to_wire(self) -> dict[str, object]:
        """As the IceCandidate schema has it."""
        return {
            "candidate": self.candidate,
            "sdp_mid": self.sdp_mid,
            "sdp_m_line_index": self.sdp_m_line_index,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class LiveSession:
    """An open live view: the station's SDP answer and when the station will end it.

    The answer carries the station's addresses and keys for this session: no repr.
    """

    id: str
    door_id: str
    answer: str = field(repr=False)
    candidates: tuple[IceCandidate, ...]
    expires_at: datetime
    call_id: str | None

    @classmethod
    def parse(cls, fields: Fields) -> LiveSession:
        """Read from the wire."""
        answer = fields.text("answer")
        if not answer.startswith(_SDP_START):
            raise CommunityInvalidResponseError("response.answer: expected an SDP answer")
        return cls(
            id=fields.identifier("id"),
            door_id=fields.identifier("door_id"),
            answer=answer,
            candidates=fields.items("candidates", IceCandidate.parse),
            expires_at=fields.time("expires_at"),
            call_id=fields.optional_identifier("call_id"),
        )
