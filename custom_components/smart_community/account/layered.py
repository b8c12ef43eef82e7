"""An immutable mapping that takes one change at a time cheaply."""

from collections.abc import Iterator, Mapping
from typing import overload

# Past this many changes the layer is folded into a new base: a copy of a lot's thousands of
# spaces then happens once per that many events instead of at every one.
LAYER_LIMIT = 64


class LayeredMapping[K, V](Mapping[K, V]):
    """A base mapping, never changed, under a small layer of changed or added items.

    `with_item` returns a new mapping and leaves this one as it was, as a dict copy would,
    but it copies only the layer (and the base once per LAYER_LIMIT changes).
    """

    __slots__ = ("_base", "_layer", "_length")

    def __init__(
        self, base: Mapping[K, V], layer: Mapping[K, V] | None = None, length: int | None = None
    ) -> None:
        """Items of layer over those of base; both are kept, never changed.

        length, when the caller knows it, saves counting the layer's new keys.
        """
        self._base = base
        self._layer: Mapping[K, V] = layer or {}
        if length is None:
            length = len(base) + sum(key not in base for key in self._layer)
        self._length = length

    def with_item(self, key: K, value: V) -> LayeredMapping[K, V]:
        """This mapping with key set to value."""
        layer = {**self._layer, key: value}
        if len(layer) > LAYER_LIMIT:
            return LayeredMapping({**self._base, **layer})
        added = key not in self._layer and key not in self._base
        return LayeredMapping(self._base, layer, self._length + added)

    def __getitem__(self, key: K) -> V:
        """The layer's value, else the base's."""
        if key in self._layer:
            return self._layer[key]
        return self._base[key]

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get[T](self, key: K, default: V | T, /) -> V | T: ...
    def get[T](self, key: K, default: V | T | None = None, /) -> V | T | None:
        """The value of key, or default (faster than Mapping's: it is on every event's path)."""
        if key in self._layer:
            return self._layer[key]
        return self._base.get(key, default)

    def __iter__(self) -> Iterator[K]:
        """The base's keys, then the keys the layer added."""
        yield from self._base
        yield from (key for key in self._layer if key not in self._base)

    def __len__(self) -> int:
        """How many keys."""
        return self._length

    def __repr__(self) -> str:
        """As the dict it equals."""
        return repr(dict(self))
