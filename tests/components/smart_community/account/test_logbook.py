"""Activity (logbook) reads what happened at the doors in the resident's language."""

from homeassistant.components.recorder import Recorder
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from simulator.community import CommunityServer
from tests.components.smart_community.activity_log import (
    activity,
    async_setup_logbook,
    mock_recorder_before_hass,
)

from .conftest import HOME, add_account, wait_for_state
from .visitors import VISITOR_PLATE, visitor_car, visitor_pass

__all__ = ["mock_recorder_before_hass"]  # an autouse fixture, imported

NORTH_GATE = "door-north-gate"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                ("North gate", "opened by face (Zhang Wei)"),
                ("North gate", "visitor Li Na arrived"),
                ("North gate", "opened by PIN"),
                ("North gate", "refused card: unknown person"),
                ("North gate", "a visitor is calling"),
                ("North gate", "call answered at the indoor unit"),
                ("North gate", "call ended: visitor hung up"),
            ],
        ),
        (
            "zh-Hans",
            [
                ("North gate", "通过人脸开门（Zhang Wei）"),  # noqa: RUF001 - Chinese punctuation
                ("North gate", "访客Li Na已到达"),
                ("North gate", "通过密码开门"),
                ("North gate", "拒绝门卡通行：未知人员"),  # noqa: RUF001 - Chinese punctuation
                ("North gate", "访客来电"),
                ("North gate", "通话已接听（室内机）"),  # noqa: RUF001 - Chinese punctuation
                ("North gate", "通话结束：访客挂断"),  # noqa: RUF001 - Chinese punctuation
            ],
        ),
    ],
)
async def test_activity_reads_like_a_sentence(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    *,
    hass_ws_client: WebSocketGenerator,
    server: CommunityServer,
    language: str,
    expected: list[tuple[str, str]],
) -> None:
    """Openings, visitors, refusals and calls, each one line with the door's name."""
    await async_setup_logbook(hass, language)
    entry: ConfigEntry = await add_account(hass, server.url)
    since = dt_util.utcnow()
    code = str((await visitor_pass(hass, entry, visitor_name="Li Na"))["code"])

    server.recognise(NORTH_GATE, "face", resident_id="res-1")
    server.recognise(NORTH_GATE, "pin", code=code)
    server.recognise(NORTH_GATE, "card", resident_id="nobody")
    call_id = server.ring(NORTH_GATE, HOME)
    server.answer_at_indoor_unit(call_id)
    server.end_call(call_id)
    await wait_for_state(
        hass,
        "event.north_gate_doorbell",
        lambda state: state.attributes.get("event_type") == "ended",
    )

    assert await activity(hass, hass_ws_client, since) == expected
    await hass.config_entries.async_unload(entry.entry_id)


async def test_activity_of_cars_notices_and_unnamed_visitors(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    *,
    hass_ws_client: WebSocketGenerator,
    server: CommunityServer,
) -> None:
    """A visitor without a name, a visitor's car, the resident's car and a notice."""
    await async_setup_logbook(hass, "en")
    entry: ConfigEntry = await add_account(hass, server.url)
    since = dt_util.utcnow()
    code = str((await visitor_pass(hass, entry))["code"])
    permit = await visitor_car(hass, entry)

    server.recognise(NORTH_GATE, "pin", code=code)
    server.vehicle_enter(VISITOR_PLATE)
    server.vehicle_exit(VISITOR_PLATE)
    server.vehicle_enter("粤B·12345")
    server.publish_notice("Water off", "Tuesday 9:00 to 12:00", "maintenance")
    await wait_for_state(
        hass,
        "event.lychee_garden_li_zhi_yuan_notice",
        lambda state: state.attributes.get("title") == "Water off",
    )

    permit_id = permit["permit_id"]
    assert await activity(hass, hass_ws_client, since) == [
        ("North gate", "a visitor arrived"),
        ("North gate", "opened by PIN"),
        ("B1 entry barrier", f"a visitor's car came in (permit {permit_id})"),
        ("B1 exit barrier", f"a visitor's car left (permit {permit_id})"),
        ("粤B·12345", "came in at B1 entry barrier"),
        ("Lychee Garden (荔枝苑)", "published “Water off”"),
    ]
    await hass.config_entries.async_unload(entry.entry_id)
