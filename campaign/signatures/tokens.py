"""Signed, single-purpose, expiring tokens for e-mailed links.

Each purpose has its own salt, so a token made to unsubscribe cannot confirm a
signature, and each checks its age against a setting.

A signature's token is `<id>.<address fingerprint>.<time>.<HMAC>` (itsdangerous'
TimestampSigner): four go in every confirmation e-mail, made while the database's write
lock is held, and this form takes a quarter of the time of a serialized JSON payload.
Tokens of that earlier form, in e-mails already sent, are still read.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
from functools import lru_cache
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode, int_to_bytes, want_bytes

from campaign.signing import KeptKeyTimestampSigner, hmac_state


class Purpose(enum.Enum):
    CONFIRM = "confirm"
    UNSUBSCRIBE = "unsubscribe"
    DELETE_DATA = "delete-data"
    LETTER = "letter"


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"], purpose)


@lru_cache(maxsize=32)
def _serializer_for(secret_key: Any, purpose: Purpose) -> URLSafeTimedSerializer:
    """Made once per key and purpose (four links in each e-mail): it keeps no state."""
    return URLSafeTimedSerializer(
        secret_key, salt=f"campaign.signatures.{purpose.value}", signer=KeptKeyTimestampSigner
    )


def _signer(purpose: Purpose) -> TimestampSigner:
    return _signer_for(current_app.config["SECRET_KEY"], purpose)


@lru_cache(maxsize=32)
def _signer_for(secret_key: Any, purpose: Purpose) -> TimestampSigner:
    return KeptKeyTimestampSigner(secret_key, salt=f"campaign.signatures.{purpose.value}.signature")


def _max_age(purpose: Purpose) -> int:
    days_setting = "CONFIRM_TOKEN_DAYS" if purpose is Purpose.CONFIRM else "LINK_TOKEN_DAYS"
    return int(current_app.config[days_setting]) * 24 * 3600


def make_token(purpose: Purpose, payload: Any) -> str:
    """A URL-safe token carrying `payload` for `purpose`."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose: Purpose, token: str) -> Any | None:
    """The payload of a valid, unexpired token for `purpose`, or None."""
    try:
        return _serializer(purpose).loads(token, max_age=_max_age(purpose))
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None


def signature_token(purpose: Purpose, signature_id: int, email_canonical: str | None) -> str:
    """A token naming one signature and the address it was made for.

    The address is part of the check so that a token stops working once the
    signature is anonymised; only its hash travels, never the address.
    """
    return signature_tokens((purpose,), signature_id, email_canonical)[purpose]


def signature_tokens(
    purposes: tuple[Purpose, ...], signature_id: int, email_canonical: str | None
) -> dict[Purpose, str]:
    """signature_token for each of `purposes` (an e-mail's links), the value and its time
    stamped once (as TimestampSigner.sign stamps it), then signed with each purpose's key:
    they are made while the database's write lock is held. Each signature is a copy of
    the purpose's HMAC state and one update (campaign.signing.hmac_state): itsdangerous'
    calls around it cost a signature more than the HMAC itself."""
    stamper, macs = _link_macs(current_app.config["SECRET_KEY"], purposes)
    value = f"{int(signature_id)}.{_fingerprint(email_canonical)}".encode()
    stamped = value + SEP + base64_encode(int_to_bytes(stamper.get_timestamp()))
    tokens = {}
    for purpose, state in macs:
        mac = state.copy()
        mac.update(stamped)
        tokens[purpose] = (stamped + SEP + base64_encode(mac.digest())).decode()
    return tokens


SEP = b"."  # itsdangerous' separator, which the signers here keep


@lru_cache(maxsize=32)
def _link_macs(
    secret_key: Any, purposes: tuple[Purpose, ...]
) -> tuple[TimestampSigner, tuple[tuple[Purpose, Any], ...]]:
    """A signer to stamp the time with, and each purpose's HMAC state."""
    signers = [_signer_for(secret_key, purpose) for purpose in purposes]
    if any(want_bytes(signer.sep) != SEP for signer in signers):  # pragma: no cover
        raise RuntimeError("the tokens' separator changed")
    return signers[0], tuple(zip(purposes, map(hmac_state, signers), strict=True))


def read_signature_token(purpose: Purpose, token: str) -> tuple[int, str] | None:
    """(signature id, address fingerprint) from a valid token, or None."""
    try:
        value = _signer(purpose).unsign(token, max_age=_max_age(purpose)).decode()
    except BadSignature:  # SignatureExpired is a BadSignature too
        return _read_serialized(purpose, token)
    signature_id, _, fingerprint = value.partition(".")
    if not signature_id.isdigit() or not fingerprint:  # pragma: no cover - signed by us
        return None
    return int(signature_id), fingerprint


def _read_serialized(purpose: Purpose, token: str) -> tuple[int, str] | None:
    """A token of the earlier form: a JSON [id, fingerprint] (see the module's text)."""
    payload = read_token(purpose, token)
    if (
        not isinstance(payload, list)
        or len(payload) != 2
        or not isinstance(payload[0], int)
        or not isinstance(payload[1], str)
    ):
        return None
    return payload[0], payload[1]


def fingerprint_matches(fingerprint: str, email_canonical: str | None) -> bool:
    return email_canonical is not None and hmac.compare_digest(
        fingerprint, _fingerprint(email_canonical)
    )


def _fingerprint(email_canonical: str | None) -> str:
    return hashlib.sha256((email_canonical or "").encode()).hexdigest()[:16]
