"""Keyed hashes and signers whose keys are set up once per process, not for every value.

A sign POST signs five values (four e-mailed links and the session cookie) and hashes
two more (the form's token and the client's address). itsdangerous derives its key from
the secret for every value it signs, and HMAC pads the key again for every message: most
of the cost of a short value, paid seven times on the path every signature takes. Here a
key is derived, and its HMAC state made, once per secret and purpose; each value then
costs a copy of that state and one update. What is signed is byte for byte what
itsdangerous makes (tests/test_signing.py holds the two to each other), so cookies and
links signed before still verify, and verification still tries every fallback key.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from typing import Any

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadData, Signer, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_decode, base64_encode, want_bytes
from itsdangerous.signer import HMACAlgorithm


@lru_cache(maxsize=64)
def derived_key(secret: str | bytes, label: bytes) -> bytes:
    """A key for one purpose (`label`), so that the secret itself never signs a value
    anyone can read: HMAC-SHA256 of the label under the secret."""
    return hmac.new(want_bytes(secret), label, hashlib.sha256).digest()


@lru_cache(maxsize=64)
def _hmac_state(key: bytes, digest: Any) -> Any:
    return hmac.new(key, digestmod=digest)


def keyed_hash(key: bytes, message: bytes, digest: Any = hashlib.sha256) -> Any:
    """hmac.new(key, message, digest), from a state made once per key."""
    mac = _hmac_state(key, digest).copy()
    mac.update(message)
    return mac


@lru_cache(maxsize=64)
def _signer_key(secret: bytes, salt: bytes, derivation: str, digest: Any) -> tuple[bytes, Any]:
    """The key itsdangerous derives for these settings, and the hash to run HMAC with."""
    key = Signer(secret, salt=salt, key_derivation=derivation, digest_method=digest).derive_key()
    # By the hash's name where it has one: itsdangerous and Flask pass a function that
    # makes a SHA-1 object, which hmac would run in Python rather than in OpenSSL.
    return key, getattr(digest(), "name", None) or digest


class _KeptKeys:
    """Signer.get_signature and verify_signature with the key's HMAC state kept (the
    default HMAC algorithm only; any other is left to itsdangerous)."""

    secret_keys: list[bytes]
    salt: bytes
    key_derivation: str
    digest_method: Any
    algorithm: Any

    def _mac(self, secret: bytes, value: bytes) -> bytes:
        key, digest = _signer_key(secret, self.salt, self.key_derivation, self.digest_method)
        return keyed_hash(key, value, digest).digest()

    def get_signature(self, value: str | bytes) -> bytes:
        if type(self.algorithm) is not HMACAlgorithm:
            return super().get_signature(value)  # type: ignore[misc]
        return base64_encode(self._mac(self.secret_keys[-1], want_bytes(value)))

    def verify_signature(self, value: str | bytes, sig: str | bytes) -> bool:
        if type(self.algorithm) is not HMACAlgorithm:
            return super().verify_signature(value, sig)  # type: ignore[misc]
        try:
            expected = base64_decode(sig)
        except BadData:  # not base64: not a signature
            return False
        value = want_bytes(value)
        return any(
            hmac.compare_digest(expected, self._mac(secret, value))
            for secret in reversed(self.secret_keys)
        )


class KeptKeySigner(_KeptKeys, Signer):
    """itsdangerous' Signer, its key's HMAC state made once per process."""


class KeptKeyTimestampSigner(_KeptKeys, TimestampSigner):
    """itsdangerous' TimestampSigner, its key's HMAC state made once per process."""


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the serializer made once per set of keys (Flask
    makes one, and derives its key, for every request that opens or saves a session)."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        return _session_serializer(keys, self.salt, self.key_derivation, self.digest_method)


@lru_cache(maxsize=8)
def _session_serializer(
    keys: tuple[str | bytes, ...], salt: str, derivation: str, digest: Any
) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        list(keys),  # the current key last, as itsdangerous expects
        salt=salt,
        serializer=SecureCookieSessionInterface.serializer,
        signer=KeptKeyTimestampSigner,
        signer_kwargs={"key_derivation": derivation, "digest_method": digest},
    )
