"""Which of two wrapping counters is newer (serial number arithmetic, RFC 1982)."""


def not_older(counter: int, last: int, bits: int) -> bool:
    """Whether `counter` equals `last` or comes after it, counting across the wrap.

    A counter less than half the range ahead is newer; anything else is older.
    """
    distance = (counter - last) % (1 << bits)
    return distance < 1 << (bits - 1)
