"""Visitor picture history: kept on disk across restarts, in the Media panel, pruned, removed."""

from datetime import timedelta
from http import HTTPStatus
from pathlib import Path

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import media_source
from homeassistant.components.media_player.errors import BrowseError
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.smart_community.account.image import VISITOR_STILL_AT_THE_DOOR
from custom_components.smart_community.account.pictures import PRUNE_INTERVAL
from custom_components.smart_community.const import (
    CONF_HOMES,
    CONF_PICTURE_DAYS,
    CONF_PICTURE_LIMIT,
    CONF_SNAPSHOT_ON_RING,
    DOMAIN,
)
from simulator.community import CommunityServer
from simulator.community.snapshot import snapshot
from tests.calendar import on_a_fixed_date

from .conftest import HOME, add_account, fired, wait_for_state

NORTH_GATE = "door-north-gate"
LAST_VISITOR = "image.north_gate_last_visitor"
SOURCE = f"media-source://{DOMAIN}"


@pytest.fixture(autouse=True)
async def media(hass: HomeAssistant) -> None:
    """The Media panel's backend, as default_config sets it up."""
    assert await async_setup_component(hass, "media_source", {})


def _folder(hass: HomeAssistant, entry: ConfigEntry) -> Path:
    return Path(hass.config.path(DOMAIN, "visitor_pictures", entry.entry_id))


def _kept(hass: HomeAssistant, entry: ConfigEntry) -> list[Path]:
    """The pictures on disk (a test may look at the disk from the event loop)."""
    return sorted(_folder(hass, entry).glob("*/*.jpg"))


async def _ring(hass: HomeAssistant, server: CommunityServer) -> None:
    """A visitor rings at the north gate; returns once the picture is kept."""
    before = hass.states.get(LAST_VISITOR)
    server.ring(NORTH_GATE, HOME)
    await wait_for_state(
        hass,
        LAST_VISITOR,
        lambda state: fired(state) and (before is None or state.state != before.state),
    )
    await hass.async_block_till_done()


async def _restart(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Stop the account and set it up again, as at a Home Assistant restart."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    hass.set_state(CoreState.not_running)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    hass.set_state(CoreState.running)
    assert entry.state is ConfigEntryState.LOADED


async def _pictures(hass: HomeAssistant) -> list[media_source.BrowseMediaSource]:
    """Every picture the Media panel lists, walking door station → day → time."""
    found = []
    root = await media_source.async_browse_media(hass, SOURCE)
    for door in root.children or []:
        days = await media_source.async_browse_media(hass, door.media_content_id)
        for day in days.children or []:
            listed = await media_source.async_browse_media(hass, day.media_content_id)
            found.extend(listed.children or [])
    return found


async def _set_options(hass: HomeAssistant, entry: ConfigEntry, **options: object) -> None:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_HOMES: [HOME],
            CONF_SNAPSHOT_ON_RING: True,
            CONF_PICTURE_DAYS: 30,
            CONF_PICTURE_LIMIT: 300,
            **options,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


async def test_pictures_survive_a_restart_and_show_in_the_media_panel(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """The picture of a ring is on disk, the Last visitor after a restart, and in Media."""
    await _ring(hass, server)
    assert len(_kept(hass, entry)) == 1

    await _restart(hass, entry)

    client = await hass_client()
    image = hass.states.get(LAST_VISITOR)
    assert image is not None
    assert fired(image)
    response = await client.get(image.attributes["entity_picture"])
    assert response.status == HTTPStatus.OK
    assert await response.read() == snapshot("North gate")

    root = await media_source.async_browse_media(hass, SOURCE)
    assert root.title == "Smart Community"
    [door] = root.children or []
    assert door.title == "North gate"
    days = await media_source.async_browse_media(hass, door.media_content_id)
    [day] = days.children or []
    pictures = await media_source.async_browse_media(hass, day.media_content_id)
    [picture] = pictures.children or []
    assert picture.can_play
    assert not picture.can_expand

    resolved = await media_source.async_resolve_media(hass, picture.media_content_id, None)
    assert resolved.mime_type == "image/jpeg"
    response = await client.get(resolved.url)
    assert response.status == HTTPStatus.OK
    assert response.content_type == "image/jpeg"
    assert await response.read() == snapshot("North gate")


async def test_pictures_are_served_only_to_signed_in_users(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """Without a login the picture's address answers 401; made-up addresses answer 404."""
    await _ring(hass, server)
    [picture] = await _pictures(hass)
    resolved = await media_source.async_resolve_media(hass, picture.media_content_id, None)

    assert (await (await hass_client_no_auth()).get(resolved.url)).status == 401
    client = await hass_client()
    base, _, name = resolved.url.rpartition("/")
    refused = {
        f"{base}/20000101T000000000000Z.jpg": HTTPStatus.NOT_FOUND,
        f"{base.rpartition('/')[0]}/not-base64!/{name}": HTTPStatus.NOT_FOUND,
        f"{base}/{name.removesuffix('.jpg')}.png": HTTPStatus.NOT_FOUND,
        resolved.url.replace(entry.entry_id, "no-such-entry"): HTTPStatus.NOT_FOUND,
        # Home Assistant's own filter turns this away before any view sees it.
        f"{base}/..%2F..%2Fsecrets.yaml": HTTPStatus.BAD_REQUEST,
    }
    for url, status in refused.items():
        assert (await client.get(url)).status == status, url


async def test_unknown_media_items(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """Identifiers the source never gave out are refused, not guessed at."""
    await _ring(hass, server)
    [picture] = await _pictures(hass)
    door_id = picture.media_content_id.rsplit("/", 1)[0]

    for identifier in (
        f"{SOURCE}/{entry.entry_id}",
        f"{door_id}/1999-01-01",
        f"{door_id}/not-a-day",
        f"{door_id}/20000101T000000000000Z",
        f"{SOURCE}/no-such-entry/x",
    ):
        with pytest.raises(BrowseError):
            await media_source.async_browse_media(hass, identifier)
        with pytest.raises(media_source.Unresolvable):
            await media_source.async_resolve_media(hass, identifier, None)
    # A door station named "../.." has its own (empty) folder, not the folder above.
    climbing = await media_source.async_browse_media(hass, f"{SOURCE}/{entry.entry_id}/Li4vLi4")
    assert climbing.children == []
    # A picture's own identifier browses to the picture itself.
    itself = await media_source.async_browse_media(hass, picture.media_content_id)
    assert itself.media_content_id == picture.media_content_id


async def test_only_the_newest_pictures_are_kept(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """With room for two pictures, a third ring drops the oldest."""
    await _set_options(hass, entry, **{CONF_PICTURE_LIMIT: 2})
    rung: list[Path] = []
    for _ in range(3):
        await _ring(hass, server)
        rung.extend(path for path in _kept(hass, entry) if path not in rung)

    assert _kept(hass, entry) == rung[1:]
    assert len(await _pictures(hass)) == 2


@on_a_fixed_date
async def test_old_pictures_are_deleted_even_without_rings(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A picture older than the days chosen goes at the next hourly check."""
    await _set_options(hass, entry, **{CONF_PICTURE_DAYS: 30})
    await _ring(hass, server)
    [first] = _kept(hass, entry)
    freezer.tick(timedelta(days=20))
    await _ring(hass, server)
    assert len(_kept(hass, entry)) == 2

    freezer.tick(timedelta(days=11))
    # Home Assistant's timers run on the event loop's clock, which the calendar leaves alone.
    async_fire_time_changed(hass, dt_util.utcnow() + PRUNE_INTERVAL)
    await hass.async_block_till_done()

    kept = _kept(hass, entry)
    assert len(kept) == 1
    assert first not in kept


async def test_pictures_go_with_the_account(hass: HomeAssistant, server: CommunityServer) -> None:
    """Removing the account deletes its pictures; the Media panel lists none."""
    entry = await add_account(hass, server.url)
    await _ring(hass, server)
    assert _kept(hass, entry)

    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()

    assert not _folder(hass, entry).is_dir()
    root = await media_source.async_browse_media(hass, SOURCE)
    assert root.children == []


async def test_two_accounts_name_their_doors(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """With two accounts, each door station says which account's pictures it holds."""
    other = await add_account(hass, server.url, "resident2", "demo-password-2")
    await _ring(hass, server)
    server.ring(NORTH_GATE, "home-3-1-0805")
    await wait_for_state(hass, "image.north_gate_last_visitor_2", fired)
    await hass.async_block_till_done()

    root = await media_source.async_browse_media(hass, SOURCE)

    titles = sorted(child.title for child in root.children or [])
    assert titles == sorted(f"North gate ({account.title})" for account in (entry, other))
    await hass.config_entries.async_unload(other.entry_id)


async def test_the_ring_brings_its_picture_without_a_request(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """From platform 1.6 the stream carries the picture the station took at the ring: Home
    Assistant sends the platform no request for it."""
    requests = server.stats()["requests"]

    await _ring(hass, server)

    assert entry.runtime_data.stream.ring_pictures
    assert server.stats()["requests"] == requests
    (kept,) = _kept(hass, entry)
    assert await hass.async_add_executor_job(kept.read_bytes) == snapshot("North gate")


async def test_an_older_platform_s_picture_is_fetched(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A platform before 1.6 sends no pictures on the stream: the picture is fetched."""
    server.set_api_version("1.5")
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    requests = server.stats()["requests"]

    await _ring(hass, server)

    assert not entry.runtime_data.stream.ring_pictures
    assert server.stats()["requests"] == requests + 1
    assert len(_kept(hass, entry)) == 1


def _block(folder: Path) -> None:
    """Put a file where the account's picture folder belongs, so nothing can be written."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_bytes(b"")


async def test_a_disk_that_refuses_pictures_loses_no_ring(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """When the picture cannot be written the ring and the Last visitor still show it."""
    await hass.async_add_executor_job(_block, _folder(hass, entry))

    await _ring(hass, server)

    assert fired(hass.states.get(LAST_VISITOR))
    assert "Could not keep a visitor picture" in caplog.text
    assert (await media_source.async_browse_media(hass, SOURCE)).children == []


@on_a_fixed_date
async def test_a_ring_heard_long_after_keeps_no_picture(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A ring the stream replays minutes later is over: a picture now would show someone else."""
    await _ring(hass, server)
    before = hass.states.get(LAST_VISITOR)

    server.drop_streams()
    late_call = server.ring(NORTH_GATE, HOME)
    freezer.tick(VISITOR_STILL_AT_THE_DOOR + timedelta(seconds=1))
    await wait_for_state(
        hass,
        "event.north_gate_doorbell",
        lambda state: state.attributes.get("call_id") == late_call and state.attributes["replayed"],
        within=30,
    )
    await hass.async_block_till_done()

    assert hass.states.get(LAST_VISITOR).state == before.state
    assert len(_kept(hass, entry)) == 1


async def test_a_ring_replayed_at_once_keeps_its_picture(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A ring replayed right after a short drop is still at the door: its picture is kept."""
    await _ring(hass, server)
    server.drop_streams()
    await _ring(hass, server)

    assert hass.states.get("event.north_gate_doorbell").attributes["replayed"] is True
    assert len(_kept(hass, entry)) == 2
