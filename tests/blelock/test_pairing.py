"""Pairing inputs the client refuses."""

import pytest

from custom_components.smart_community.blelock import PairingError
from custom_components.smart_community.blelock.pairing import Pairing

from .vectors import load

PAIRING = load("pairing")


@pytest.mark.parametrize("code", ["1234567", "123456789", "1234567a", "١٢٣٤٥٦٧٨", ""])
def test_setup_code_must_be_eight_ascii_digits(code: str) -> None:
    """The code on the label is eight digits; anything else is refused before any radio work."""
    with pytest.raises(PairingError):
        Pairing(code)


def test_acceptance_before_key_exchange() -> None:
    """The lock cannot accept before it has sent its key."""
    with pytest.raises(PairingError):
        Pairing("12345678").on_accept(bytes.fromhex(PAIRING["frames"]["pair_accept"]))


def test_point_not_on_the_curve() -> None:
    """A lock key that is not a P-256 point is refused."""
    bogus = "11" + "04" + "00" * 64
    with pytest.raises(PairingError):
        Pairing("12345678").on_key(bytes.fromhex(bogus))


def test_fresh_keys_each_attempt() -> None:
    """Without a pinned key every attempt uses a new ephemeral key."""
    assert Pairing("12345678").hello() != Pairing("12345678").hello()
