"""Pairing inputs the client refuses."""

import pytest

from custom_components.smart_community.blelock import PairingError
from custom_components.smart_community.blelock.pairing import Pairing

from .vectors import load

PAIRING = load("pairing")
ADDRESS = PAIRING["address"]


@pytest.mark.parametrize("code", ["1234567", "123456789", "1234567a", "١٢٣٤٥٦٧٨", ""])
def test_setup_code_must_be_eight_ascii_digits(code: str) -> None:
    """The code on the label is eight digits; anything else is refused before any radio work."""
    with pytest.raises(PairingError):
        Pairing(code, ADDRESS)


def test_acceptance_before_key_confirmation() -> None:
    """The lock cannot accept before it has proved the code."""
    with pytest.raises(PairingError):
        Pairing("12345678", ADDRESS).on_accept(bytes.fromhex(PAIRING["frames"]["pair_accept"]))


@pytest.mark.parametrize(
    "element",
    ["00" * 32, "01" + "00" * 31, "ff" * 32, "ec" + "ff" * 30 + "7f"],
    ids=["zero", "identity", "not on the curve", "small order"],
)
def test_lock_message_that_is_no_group_element(element: str) -> None:
    """A lock message outside the prime-order group is refused, never used."""
    pairing = Pairing("12345678", ADDRESS)
    with pytest.raises(PairingError):
        pairing.on_key(bytes.fromhex("11" + element + "00" * 16))


def test_reflected_client_message_refused() -> None:
    """Our own SPAKE2 message sent back as the lock's is refused."""
    pairing = Pairing("12345678", ADDRESS)
    own = pairing.hello()[1:]
    with pytest.raises(PairingError):
        pairing.on_key(bytes([0x11]) + own + bytes(16))


def test_fresh_secret_each_attempt() -> None:
    """Every attempt draws a new scalar, so its message differs."""
    assert Pairing("12345678", ADDRESS).hello() != Pairing("12345678", ADDRESS).hello()


def test_address_must_be_bluetooth() -> None:
    """The lock's address is bound into the exchange; a malformed one is a programming error."""
    with pytest.raises(ValueError, match="not a Bluetooth address"):
        Pairing("12345678", "AA:BB")
    with pytest.raises(ValueError, match="not a Bluetooth address"):
        Pairing("12345678", "zz:BB:CC:DD:EE:FF")
