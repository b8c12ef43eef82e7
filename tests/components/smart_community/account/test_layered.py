"""The layered mapping behaves as the dict copies it replaces, whatever the changes."""

from hypothesis import given, strategies as st

from custom_components.smart_community.account.layered import LAYER_LIMIT, LayeredMapping

keys = st.text(max_size=3)
changes = st.lists(st.tuples(keys, st.integers()), max_size=3 * LAYER_LIMIT)


@given(base=st.dictionaries(keys, st.integers()), changes=changes)
def test_equals_the_dict_after_each_change(
    base: dict[str, int], changes: list[tuple[str, int]]
) -> None:
    """Items, order, length, lookups and misses are those of a dict updated alike."""
    mapping, expected = LayeredMapping(dict(base)), dict(base)
    for key, value in changes:
        before, kept = mapping, dict(expected)
        mapping, expected = mapping.with_item(key, value), {**expected, key: value}
        # The mapping before the change is left as it was.
        assert before == kept
        assert mapping == expected
        assert list(mapping) == list(expected)
        assert len(mapping) == len(expected)
        assert mapping.get(key) == value
        assert mapping.get("missing key", -1) == expected.get("missing key", -1)
        assert "missing key" not in mapping
        assert repr(mapping) == repr(expected)


def test_base_is_never_changed() -> None:
    """Folding the layer into a new base leaves the old base alone."""
    base = {"a": 0}
    mapping = LayeredMapping(base)
    for number in range(2 * LAYER_LIMIT):
        mapping = mapping.with_item(f"k{number}", number)
    assert base == {"a": 0}
    assert mapping["a"] == 0
    assert mapping[f"k{2 * LAYER_LIMIT - 1}"] == 2 * LAYER_LIMIT - 1
