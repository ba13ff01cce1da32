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
from collections.abc import Mapping
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


def hmac_state(signer: Signer) -> Any:
    """The HMAC state `signer` signs with (its newest key, derived once), to be copied for
    each value: base64_encode of the copy's digest after update(value) is its
    get_signature(value), without the calls around it. HMAC signers only."""
    if type(signer.algorithm) is not HMACAlgorithm:  # pragma: no cover - none is made here
        raise TypeError("only HMAC signers keep a state")
    key, digest = _signer_key(
        signer.secret_keys[-1], signer.salt, signer.key_derivation, signer.digest_method
    )
    return _hmac_state(key, digest)


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


def dumps_session(app: Flask, data: dict[str, Any]) -> str:
    """The signed value of a session holding `data`, for a session made outside a request
    (campaign.signatures.quick_wsgi); Flask's session interface reads it back as its own.

    Data of JSON's own types needs none of Flask's tags: it is written with the app's
    JSON provider (as the tagged serializer writes it) and signed by a kept signer, and
    not compressed. itsdangerous compresses a payload when that makes it shorter, and
    reads either; zlib sets up about 256 KB of state for each value, which cost a
    signature more than the rest of its cookie. Any other data goes through Flask's
    serializer as it is.
    """
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    if not _untagged(data, serializer.serializer.tags):
        return serializer.dumps(data)
    payload = base64_encode(app.json.dumps(data, separators=(",", ":")).encode())
    return _session_signer(serializer).sign(payload).decode()


@lru_cache(maxsize=8)
def _session_signer(serializer: URLSafeTimedSerializer) -> Signer:
    return serializer.make_signer(serializer.salt)


_JSON_SCALARS = (str, int, float, bool, type(None))


def _untagged(value: Any, tags: Mapping[str, Any]) -> bool:
    """Whether Flask's tagged JSON would write `value` as plain JSON (no tuple, bytes,
    Markup, UUID or datetime in it, and no one-key dict whose key is a tag's)."""
    kind = type(value)
    if kind is dict:
        if len(value) == 1 and next(iter(value)) in tags:
            return False
        return all(type(key) is str and _untagged(item, tags) for key, item in value.items())
    if kind is list:
        return all(_untagged(item, tags) for item in value)
    return kind in _JSON_SCALARS
