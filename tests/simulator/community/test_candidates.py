"""The reference server reads remote ICE candidates itself: aiortc's reader trusts its input."""

from aiortc import RTCIceCandidate
from hypothesis import given, strategies as st
import pytest

from simulator.community.webrtc import parse_candidate
from simulator.community.wire import ApiError


@pytest.mark.parametrize(
    ("line", "ip", "kind", "related"),
    [
        (
            "candidate:842163049 1 udp 1677729535 192.0.2.10 54321 typ host",
            "192.0.2.10",
            "host",
            None,
        ),
        (
            "1 1 UDP 2122252543 fd00::2 40000 typ srflx raddr 10.0.0.2 rport 9 generation 0",
            "fd00::2",
            "srflx",
            ("10.0.0.2", 9),
        ),
        (
            "candidate:4 1 udp 2113937151 0a1b2c3d-aaaa.local 5000 typ host",
            "0a1b2c3d-aaaa.local",
            "host",
            None,
        ),
    ],
)
def test_browser_candidates(line: str, ip: str, kind: str, related: tuple[str, int] | None) -> None:
    """What Chromium, Firefox and aiortc trickle is read as they mean it."""
    candidate = parse_candidate(line, "0", 0)

    assert (candidate.ip, candidate.type, candidate.sdpMid) == (ip, kind, "0")
    if related is not None:
        assert (candidate.relatedAddress, candidate.relatedPort) == related


@pytest.mark.parametrize(
    "line",
    [
        "",
        "candidate:1 1 udp 1 192.0.2.10 70000 typ host",
        "candidate:1 0 udp 1 192.0.2.10 9 typ host",
        "candidate:1 1 sctp 1 192.0.2.10 9 typ host",
        "candidate:1 1 udp 99999999999 192.0.2.10 9 typ host",
        "candidate:1 1 udp 1 evil.example.com 9 typ host",
        "candidate:1 1 udp 1 192.0.2.10 9 typ host raddr nowhere rport 9",
        "candidate:1 1 udp 1 192.0.2.10 9 typ host generation",
    ],
)
def test_candidates_that_are_refused(line: str) -> None:
    """Out-of-range numbers, unknown transports and DNS names (a lookup the peer would make
    on the sender's behalf) are a 400."""
    with pytest.raises(ApiError) as refused:
        parse_candidate(line, "0", 0)
    assert refused.value.status == 400


_WORD = st.text(st.characters(blacklist_characters=" "), min_size=1, max_size=12)


@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(
            st.one_of(
                _WORD,
                st.integers().map(str),
                st.sampled_from(["typ", "host", "udp", "raddr", "rport"]),
            ),
            max_size=14,
        ).map(" ".join),
    )
)
def test_any_text_is_a_candidate_or_a_400(line: str) -> None:
    """Whatever a client sends, the answer is a candidate or a 400, never a crash."""
    try:
        candidate = parse_candidate(line, None, 0)
    except ApiError as refused:
        status = refused.status
    else:
        assert isinstance(candidate, RTCIceCandidate)
        status = 200 if 0 <= candidate.port <= 65535 else 500
    assert status in {200, 400}
