"""The picture folder on its own: hostile door ids, bad pictures, stray files, pruning."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, strategies as st

from custom_components.smart_community.account.media_source import door_key, key_door
from custom_components.smart_community.account.pictures import (
    MAX_PICTURE_BYTES,
    Keep,
    PictureFolder,
    door_folder,
    folder_door,
    parse_stamp,
)

JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 100
TAKEN = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


# 16 characters of four UTF-8 bytes each still fit a file name once percent-encoded.
@given(st.text(min_size=1, max_size=16))
def test_any_door_id_is_one_plain_folder(door_id: str) -> None:
    """Whatever the platform calls a door, its folder is one path part, and maps back."""
    name = door_folder(door_id)

    assert name is not None
    assert "/" not in name
    assert "\\" not in name
    assert "." not in name
    assert "\0" not in name
    assert folder_door(name) == door_id


@given(st.text(min_size=1, max_size=60))
def test_any_door_id_is_one_url_part(door_id: str) -> None:
    """Door keys in identifiers and URLs use only URL-safe characters, and map back."""
    key = door_key(door_id)

    assert key.replace("-", "").replace("_", "").isalnum()
    assert key_door(key) == door_id


@given(st.text(max_size=30))
def test_only_stamps_are_picture_ids(text: str) -> None:
    """A picture id is a UTC time or nothing at all."""
    parsed = parse_stamp(text)
    assert parsed is None or parsed.strftime("%Y%m%dT%H%M%S%fZ") == text


def test_keys_and_folders_nobody_wrote_are_refused() -> None:
    """Names a folder or a key never gets from us are not read as doors."""
    for name in ("..", ".", "a.b", "%2e%2E", "", "%zz"):
        assert folder_door(name) is None, name
    for key in ("", "!", "ZG9vcg=", "ZG9vcg==", "/w"):
        assert key_door(key) is None, key
    assert door_folder("x" * 300) is None
    assert parse_stamp("20261399T999999000000Z") is None


def test_hostile_door_ids_stay_in_the_folder(tmp_path: Path) -> None:
    """Ids that read as paths are kept inside the account's folder, one folder each."""
    folder = PictureFolder(tmp_path / "account")
    hostile = ["../../etc", "/absolute", ".", "..", "a/../b", "north gate 北门"]

    for door_id in hostile:
        assert folder.add(door_id, JPEG, TAKEN) is not None

    assert folder.doors() == sorted(hostile)
    assert {path.parent for path in tmp_path.rglob("*.jpg")} == {
        tmp_path / "account" / str(door_folder(door_id)) for door_id in hostile
    }
    assert folder.add("x" * 300, JPEG, TAKEN) is None


def test_bad_pictures_are_not_kept(tmp_path: Path) -> None:
    """Not a JPEG, or too large to be a door station's snapshot: nothing is written."""
    folder = PictureFolder(tmp_path / "account")

    assert folder.add("door", b"GIF89a", TAKEN) is None
    assert folder.add("door", JPEG + b"\0" * MAX_PICTURE_BYTES, TAKEN) is None
    assert not folder.root.exists()


def test_same_instant_keeps_both(tmp_path: Path) -> None:
    """Two rings in the same microsecond are two pictures."""
    folder = PictureFolder(tmp_path)

    first = folder.add("door", JPEG, TAKEN)
    second = folder.add("door", JPEG, TAKEN)

    assert first is not None
    assert second is not None
    assert first.id != second.id
    assert folder.pictures("door") == [second, first]


def test_stray_and_damaged_files(tmp_path: Path) -> None:
    """Files we did not write are not listed; a damaged picture is not served."""
    folder = PictureFolder(tmp_path / "account")
    picture = folder.add("door", JPEG, TAKEN)
    assert picture is not None
    (picture.path.parent / "notes.txt").write_text("hello")
    (picture.path.parent / "20261128T080000000000Z.part").write_bytes(JPEG)
    (picture.path.parent / "2026.jpg").write_bytes(JPEG)
    (folder.root / "not%zz").mkdir()

    assert folder.pictures("door") == [picture]
    assert folder.doors() == ["door"]
    assert folder.find("door", "2026") is None
    assert folder.find("door", "20000101T000000000000Z") is None

    picture.path.write_bytes(b"no longer a picture")
    assert PictureFolder.read(picture) is None
    picture.path.write_bytes(JPEG + b"\0" * MAX_PICTURE_BYTES)
    assert PictureFolder.read(picture) is None
    picture.path.unlink()
    assert PictureFolder.read(picture) is None
    assert folder.newest("door") is None


def test_pruning_by_count_and_age(tmp_path: Path) -> None:
    """Each door keeps its newest pictures up to the limit, none older than the days."""
    folder = PictureFolder(tmp_path / "account")
    for hours in range(5):
        folder.add("north", JPEG, TAKEN + timedelta(hours=hours))
    old = folder.add("south", JPEG, TAKEN - timedelta(days=31))

    removed = folder.prune(Keep(days=30, limit=3), TAKEN + timedelta(hours=5))

    assert removed == 3
    assert [p.taken_at for p in folder.pictures("north")] == [
        TAKEN + timedelta(hours=hours) for hours in (4, 3, 2)
    ]
    assert old is not None
    assert not old.path.exists()
    # A door with nothing left loses its folder.
    assert folder.doors() == ["north"]
    folder.remove()
    assert not folder.root.exists()
    assert folder.doors() == []
    assert folder.pictures("north") == []


def test_pruning_one_door(tmp_path: Path) -> None:
    """After a ring only that door is pruned, by the names when they show nothing to drop."""
    folder = PictureFolder(tmp_path / "account")
    other = folder.add("south", JPEG, TAKEN - timedelta(days=31))
    kept = [folder.add("north", JPEG, TAKEN + timedelta(hours=hours)) for hours in range(3)]
    # Named like a picture but no time: never counted, never deleted.
    stray = folder.root / door_folder("north") / "20261399T000000000000Z.jpg"
    stray.write_bytes(JPEG)
    now = TAKEN + timedelta(hours=5)

    assert folder.prune_door("north", Keep(days=30, limit=3), now) == 0
    assert folder.pictures("north") == kept[::-1]
    assert folder.prune_door("north", Keep(days=30, limit=2), now) == 1
    assert folder.pictures("north") == kept[:0:-1]
    assert stray.exists()
    assert other is not None
    assert other.path.exists()
    assert folder.prune_door("south", Keep(days=30, limit=3), now) == 1
    assert folder.doors() == ["north"]
    assert folder.prune_door("gone", Keep(), now) == 0
    assert folder.prune_door("x" * 300, Keep(), now) == 0
