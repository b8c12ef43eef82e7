"""The demo's call and visitor scenarios, played against the reference server's control API."""

import pytest

from simulator.community import CommunityServer
from simulator.demo.ctl import SCENARIOS, VISITOR_NAME, ControlError
from simulator.demo.layout import RESIDENT_HOME, DemoPorts


def _ports(server: CommunityServer) -> DemoPorts:
    return DemoPorts(community=server.port)


def _event_types(server: CommunityServer, after: int) -> list[str]:
    rows = server.state.store.events_after(after)
    return [row[1] for row in rows]


@pytest.mark.parametrize(("scenario", "state"), [("answer", "answered"), ("decline", "declined")])
async def test_answer_and_decline_the_ringing_call(
    server: CommunityServer, scenario: str, state: str
) -> None:
    """`ring-gate` then `answer` or `decline`: the indoor unit takes the call at the gate."""
    rung = await SCENARIOS["ring-gate"].run(_ports(server), [])
    assert isinstance(rung, dict)

    await SCENARIOS[scenario].run(_ports(server), [])

    assert server.state.calls[str(rung["call_id"])].state == state


@pytest.mark.parametrize("scenario", ["answer", "decline"])
async def test_nothing_to_answer(server: CommunityServer, scenario: str) -> None:
    """Without a ringing call the scenario says what to do first."""
    server.ring("door-south-gate", RESIDENT_HOME)

    with pytest.raises(ControlError, match="ring-gate"):
        await SCENARIOS[scenario].run(_ports(server), [])


async def test_visitor_arrives(server: CommunityServer) -> None:
    """The resident's pass for the visitor opens the north gate, named as asked."""
    before = server.state.latest_cursor

    assert await SCENARIOS["visitor-arrives"].run(_ports(server), []) == {"opened": True}
    assert await SCENARIOS["visitor-arrives"].run(_ports(server), ["Wang", "Fang"]) == {
        "opened": True
    }

    names = [p.visitor_name for p in server.state.passes.values()]
    assert names == [VISITOR_NAME, "Wang Fang"]
    assert {p.uses for p in server.state.passes.values()} == {1}
    assert _event_types(server, before).count("visitor.arrived") == 2
