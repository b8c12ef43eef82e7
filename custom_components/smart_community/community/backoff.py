"""Exponential backoff with jitter for reconnecting to the platform."""

import random


class Backoff:
    """Delays that grow by factor from initial up to maximum, each shortened by jitter.

    jitter is the fraction of each delay that is random: 1.0 is "full jitter" (uniform in
    [0, delay]), 0.0 is deterministic. Spreading reconnects keeps a platform restart from
    being met by every client at the same instant.
    """

    def __init__(
        self,
        initial: float,
        maximum: float,
        factor: float = 2.0,
        jitter: float = 1.0,
        rng: random.Random | None = None,
    ) -> None:
        """Configure; rng is injectable so tests get reproducible delays."""
        self._initial = initial
        self._maximum = maximum
        self._factor = factor
        self._jitter = jitter
        self._rng = rng or random.Random()  # noqa: S311 - spreading reconnects, not secrecy
        self._ceiling = initial

    def next_delay(self) -> float:
        """The delay before the next attempt."""
        ceiling = self._ceiling
        self._ceiling = min(self._maximum, ceiling * self._factor)
        return ceiling * (1.0 - self._jitter * self._rng.random())

    def reset(self) -> None:
        """Start again from the initial delay, after a connection that worked."""
        self._ceiling = self._initial
