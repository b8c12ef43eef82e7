"""Client side of a session, without I/O: seal commands, open replies, refuse replays."""

import os

from .crypto import CLIENT_TO_LOCK, LOCK_TO_CLIENT, SessionCipher
from .errors import AuthenticationError, ProtocolError
from .frames import NONCE_SIZE, SecureFrame, SessionChallenge, SessionHello, encode_frame
from .pairing import PairedKey
from .replies import expect_frame

_MAX_COUNTER = 0xFFFFFFFF


class Session:
    """One connection's session; a new connection needs a new Session."""

    def __init__(self, key: PairedKey, client_nonce: bytes | None = None) -> None:
        self._key = key
        self._client_nonce = client_nonce or os.urandom(NONCE_SIZE)
        self._cipher: SessionCipher | None = None
        self._sent = 0
        self._received = 0

    @property
    def established(self) -> bool:
        """Whether the lock answered the hello."""
        return self._cipher is not None

    def hello(self) -> bytes:
        """First frame of the connection."""
        return encode_frame(SessionHello(key_id=self._key.key_id, client_nonce=self._client_nonce))

    def on_challenge(self, data: bytes) -> None:
        """Derive the session key from the lock's nonce."""
        lock_nonce = expect_frame(data, SessionChallenge).lock_nonce
        self._cipher = SessionCipher.derive(self._key.long_term_key, self._client_nonce, lock_nonce)

    def seal(self, plaintext: bytes) -> bytes:
        """A secure frame carrying `plaintext`, under the next counter."""
        cipher = self._established()
        if self._sent == _MAX_COUNTER:
            raise ProtocolError("counter exhausted; reconnect")
        self._sent += 1
        header = SecureFrame(counter=self._sent, sealed=b"").header
        sealed = cipher.seal(CLIENT_TO_LOCK, self._sent, header, plaintext)
        return encode_frame(SecureFrame(counter=self._sent, sealed=sealed))

    def open(self, data: bytes) -> bytes:
        """Plaintext of a secure frame from the lock; refuses tampering, replay and rollback."""
        cipher = self._established()
        frame = expect_frame(data, SecureFrame)
        if frame.counter <= self._received:
            raise AuthenticationError(f"counter {frame.counter} after {self._received}")
        plaintext = cipher.open(LOCK_TO_CLIENT, frame.counter, frame.header, frame.sealed)
        self._received = frame.counter
        return plaintext

    def _established(self) -> SessionCipher:
        if self._cipher is None:
            raise ProtocolError("no session")
        return self._cipher
