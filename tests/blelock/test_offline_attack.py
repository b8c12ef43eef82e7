"""The attack the review found on v1: pose as the lock during a pairing, then try setup codes
offline against what the client sent. The same harness finds the code against a v1-style
client and nothing against the real v2 client."""

from collections.abc import Callable, Iterable
import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
import pytest

from custom_components.smart_community.blelock import LockClient, LockRefusedError, PairingError
from custom_components.smart_community.blelock.crypto import PairingKeys, address_bytes
from simulator.blelock import VirtualLock, VirtualRadio, crypto
from simulator.blelock.lock import Link

ADDRESS = "AA:BB:CC:DD:EE:66"
SETUP_CODE = "24681357"
# The real search covers all 10^8 codes; a slice around the secret keeps the test fast
# while still having to reject every wrong candidate.
CANDIDATES = [f"{n:08d}" for n in range(24681257, 24681457)]
IMPOSTOR_GUESS = "00000000"
IMPOSTOR_ENTROPY = hashlib.sha256(b"impostor").digest() * 2


class ImpostorLock(VirtualLock):
    """Answers pairing without a real lock or a pairing window, and records what it hears."""

    def __init__(self, *, v1: bool) -> None:
        super().__init__(ADDRESS)
        self.v1 = v1
        self.heard: list[bytes] = []
        self.v1_private = ec.generate_private_key(ec.SECP256R1())
        self.sent_message = b""

    def connect(self, notify: Callable[[bytes], None], hang_up: Callable[[], None]) -> Link:
        """Every connection reaches the impostor's own firmware."""
        link = ImpostorLink(self, notify, hang_up)
        self.links.append(link)
        return link


class ImpostorLink(Link):
    """One connection to the impostor."""

    lock: ImpostorLock

    def receive(self, frame: bytes) -> None:
        """Record, then answer the hello as a lock would; refuse anything after."""
        impostor = self.lock
        impostor.heard.append(frame)
        if frame[0] != 0x10:
            self.notify(bytes([0x7F, 0x07]))
        elif impostor.v1:
            self.notify(bytes([0x11]) + _v1_point(impostor.v1_private))
        else:
            agreed = crypto.spake2_lock(
                IMPOSTOR_GUESS, ADDRESS, frame[1:], lambda size: IMPOSTOR_ENTROPY[:size]
            )
            assert agreed is not None
            message, pake_key = agreed
            impostor.sent_message = message
            transcript, _, lock_confirm_key, _, _ = crypto.pairing_keys(
                pake_key, ADDRESS, frame[1:], message
            )
            proof = crypto.mac(lock_confirm_key, b"lock", transcript)
            self.notify(bytes([0x11]) + message + proof)


def offline_search(
    heard: list[bytes], predict: Callable[[str], bytes], codes: Iterable[str]
) -> str | None:
    """Try each code: predict the frame a client holding it sends after the lock's answer."""
    replies = heard[1:]
    for code in codes:
        if predict(code) in replies:
            return code
    return None


def _v1_point(private: ec.EllipticCurvePrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def _v1_proof(
    code: str, private: ec.EllipticCurvePrivateKey, peer_point: bytes, transcript: bytes
) -> bytes:
    """Protocol v1's pair confirm, kept only here as the weak variant: the code is a mere HKDF
    salt over an unauthenticated ECDH secret, and the client proves it first."""
    peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), peer_point)
    okm = HKDF(hashes.SHA256(), 48, code.encode(), b"SCLK pair v1" + transcript).derive(
        private.exchange(ec.ECDH(), peer)
    )
    return bytes([0x12]) + hmac.digest(okm[:32], b"client" + transcript, "sha256")[:16]


async def _v1_client_pairs_with(impostor: ImpostorLock) -> None:
    """A v1 client: hello with its point, then its confirmation, as the old spec says."""
    client_key = ec.generate_private_key(ec.SECP256R1())
    answers: list[bytes] = []
    link = impostor.connect(answers.append, lambda: None)
    link.receive(bytes([0x10]) + _v1_point(client_key))
    lock_point = answers[-1][1:]
    transcript = _v1_point(client_key) + lock_point
    link.receive(_v1_proof(SETUP_CODE, client_key, lock_point, transcript))
    link.close()


def _v2_prediction(heard: list[bytes], impostor: ImpostorLock) -> Callable[[str], bytes]:
    """The best an impostor can compute for a code: its own SPAKE2 side with that code."""
    client_message = heard[0][1:]

    def predict(code: str) -> bytes:
        agreed = crypto.spake2_lock(
            code, ADDRESS, client_message, lambda size: IMPOSTOR_ENTROPY[:size]
        )
        assert agreed is not None
        keys = PairingKeys.derive(
            agreed[1], address_bytes(ADDRESS), client_message, impostor.sent_message
        )
        return bytes([0x12]) + keys.client_confirmation()

    return predict


async def test_v1_style_transcript_gives_the_code_away() -> None:
    """The harness works: against a v1-style client it recovers the setup code."""
    impostor = ImpostorLock(v1=True)

    await _v1_client_pairs_with(impostor)

    heard = impostor.heard
    client_point = heard[0][1:]
    transcript = client_point + _v1_point(impostor.v1_private)

    def predict(code: str) -> bytes:
        return _v1_proof(code, impostor.v1_private, client_point, transcript)

    assert offline_search(heard, predict, CANDIDATES) == SETUP_CODE


async def test_v2_pairing_gives_an_impostor_nothing_to_test_codes_against() -> None:
    """Posing as the lock during a real client pairing: the client checks the lock's proof
    first and stops; no code in the search matches what it sent."""
    radio = VirtualRadio()
    impostor = radio.add(ImpostorLock(v1=False))
    assert isinstance(impostor, ImpostorLock)
    client = LockClient(radio.ble_device(ADDRESS), client_class=radio.client_class())

    with pytest.raises(PairingError, match="wrong setup code, or not the lock"):
        await client.pair(SETUP_CODE)

    heard = impostor.heard
    assert [frame[0] for frame in heard] == [0x10]
    assert offline_search(heard, _v2_prediction(heard, impostor), CANDIDATES) is None
    assert offline_search(heard, _v2_prediction(heard, impostor), [IMPOSTOR_GUESS]) is None


async def test_v2_impostor_gets_exactly_its_one_online_guess() -> None:
    """An impostor who guesses right is the one case it learns anything: one guess per attempt."""
    radio = VirtualRadio()
    impostor = radio.add(ImpostorLock(v1=False))
    assert isinstance(impostor, ImpostorLock)
    client = LockClient(radio.ble_device(ADDRESS), client_class=radio.client_class())

    # The client's proof reached the impostor, which cannot accept: it has no lock to store a key.
    with pytest.raises(LockRefusedError):
        await client.pair(IMPOSTOR_GUESS)

    heard = impostor.heard
    predict = _v2_prediction(heard, impostor)
    assert offline_search(heard, predict, [IMPOSTOR_GUESS]) == IMPOSTOR_GUESS
    assert offline_search(heard, predict, CANDIDATES) is None
