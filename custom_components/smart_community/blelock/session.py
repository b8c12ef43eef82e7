"""Client side of a session, without I/O: seal commands, open replies, refuse replays."""

import hmac

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from .codes import FrameType
from .crypto import SessionCipher, challenge_tag, hello_tag, public_bytes
from .errors import LockProofError, ProtocolError, StaleCounterError, UnsealedFrameError
from .frames import (
    SecureFrame,
    SessionChallenge,
    SessionHello,
    decode_frame,
    encode_frame,
    secure_header,
)
from .pairing import PairedKey
from .replies import expect_frame

_MAX_COUNTER = 0xFFFFFFFF


class Session:
    """One connection's session; a new connection needs a new Session (and a new key pair)."""

    def __init__(self, key: PairedKey, private_key: X25519PrivateKey | None = None) -> None:
        self._key = key
        self._private_key = private_key or X25519PrivateKey.generate()
        self._ephemeral = public_bytes(self._private_key)
        self._cipher: SessionCipher | None = None
        self._sent = 0
        self._received = 0

    @property
    def established(self) -> bool:
        """Whether the lock answered the hello and proved it holds the key."""
        return self._cipher is not None

    def hello(self) -> bytes:
        """First frame of the connection."""
        key = self._key
        return encode_frame(
            SessionHello(
                key_id=key.key_id,
                ephemeral_key=self._ephemeral,
                tag=hello_tag(key.long_term_key, key.key_id, self._ephemeral),
            )
        )

    def on_challenge(self, data: bytes) -> None:
        """Check the lock's proof and agree on this connection's keys."""
        challenge = expect_frame(data, SessionChallenge)
        key = self._key
        expected = challenge_tag(
            key.long_term_key, key.key_id, self._ephemeral, challenge.ephemeral_key
        )
        if not hmac.compare_digest(challenge.tag, expected):
            raise LockProofError("the lock did not prove it holds our key")
        self._cipher = SessionCipher.agree(
            key.long_term_key,
            key.key_id,
            self._private_key,
            self._ephemeral,
            challenge.ephemeral_key,
        )

    def seal(self, plaintext: bytes) -> bytes:
        """A secure frame carrying `plaintext`, under the next counter."""
        cipher = self._established()
        if self._sent == _MAX_COUNTER:
            raise ProtocolError("counter exhausted; reconnect")
        self._sent += 1
        header = secure_header(self._sent)
        return encode_frame(
            SecureFrame(counter=self._sent, sealed=cipher.seal(self._sent, header, plaintext))
        )

    def open(self, data: bytes) -> bytes:
        """Plaintext of a secure frame from the lock; refuses plain, tampered, reflected,
        replayed and rolled-back frames, each with its own error."""
        cipher = self._established()
        if data[:1] != bytes([FrameType.SECURE]):
            decode_frame(data)
            raise UnsealedFrameError(f"plain frame {data[:1].hex()} inside a session")
        frame = expect_frame(data, SecureFrame)
        # The tag first, as the spec orders it: a tampered or reflected frame is named as
        # such whatever counter it carries; only a frame that verifies can be a replay.
        plaintext = cipher.open(frame.counter, frame.header, frame.sealed)
        if frame.counter <= self._received:
            raise StaleCounterError(f"counter {frame.counter} after {self._received}")
        self._received = frame.counter
        return plaintext

    def _established(self) -> SessionCipher:
        if self._cipher is None:
            raise ProtocolError("no session")
        return self._cipher
