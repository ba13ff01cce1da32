"""campaign.signing signs exactly what itsdangerous and Flask sign, only with less work:
links already e-mailed and cookies already set must keep verifying."""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest
from flask import Flask, session
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature, Signer, TimestampSigner

from campaign.signing import (
    KeptKeySigner,
    KeptKeyTimestampSigner,
    SessionCookies,
    derived_key,
    dumps_session,
    keyed_hash,
)

DERIVATIONS = ["django-concat", "concat", "hmac", "none"]
DIGESTS = [None, hashlib.sha1, hashlib.sha256, hashlib.sha512]


@pytest.mark.parametrize("derivation", DERIVATIONS)
@pytest.mark.parametrize("digest", DIGESTS)
@pytest.mark.parametrize("value", ["", "41.9f86d081884c7d65", "é ünïcode ✓" * 20])
def test_the_same_signature_as_itsdangerous(derivation, digest, value) -> None:
    options = {"salt": "campaign.test", "key_derivation": derivation, "digest_method": digest}
    plain = Signer("a secret", **options)
    kept = KeptKeySigner("a secret", **options)
    assert kept.sign(value) == plain.sign(value)
    assert kept.unsign(plain.sign(value)) == value.encode()
    assert plain.unsign(kept.sign(value)) == value.encode()


def test_timestamped_tokens_are_the_same_and_read_both_ways(monkeypatch) -> None:
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: 1_790_000_000)
    plain = TimestampSigner("a secret", salt="campaign.signatures.confirm.signature")
    kept = KeptKeyTimestampSigner("a secret", salt="campaign.signatures.confirm.signature")
    token = kept.sign("41.9f86d081884c7d65")
    assert token == plain.sign("41.9f86d081884c7d65")
    assert plain.unsign(token, max_age=60) == b"41.9f86d081884c7d65"
    assert kept.unsign(token, max_age=60) == b"41.9f86d081884c7d65"


@pytest.mark.parametrize("tamper", ["value", "signature", "salt", "key"])
def test_a_changed_token_is_refused(tamper) -> None:
    token = KeptKeySigner("a secret", salt="one").sign("41.9f86").decode()
    value, _, signature = token.rpartition(".")
    reader = KeptKeySigner("a secret", salt="one")
    if tamper == "value":
        token = f"42.9f86.{signature}"
    elif tamper == "signature":
        token = f"{value}.{signature[:-2]}AA"
    elif tamper == "salt":
        reader = KeptKeySigner("a secret", salt="two")
    else:
        reader = KeptKeySigner("another secret", salt="one")
    with pytest.raises(BadSignature):
        reader.unsign(token)


def test_fallback_keys_still_verify_and_the_newest_signs() -> None:
    old = KeptKeySigner("old secret", salt="s").sign("v")
    rotated = KeptKeySigner(["old secret", "new secret"], salt="s")
    assert rotated.unsign(old) == b"v"
    assert rotated.sign("v") == Signer("new secret", salt="s").sign("v")
    with pytest.raises(BadSignature):
        KeptKeySigner("new secret", salt="s").unsign(old)


def test_keyed_hashes_are_hmac() -> None:
    key = derived_key("a secret", b"campaign.ip-hash")
    assert key == hmac.new(b"a secret", b"campaign.ip-hash", hashlib.sha256).digest()
    assert derived_key(b"a secret", b"campaign.ip-hash") == key
    assert derived_key("another", b"campaign.ip-hash") != key
    for message in (b"", b"203.0.113.9", b"x" * 1000):
        expected = hmac.new(key, message, hashlib.sha256).hexdigest()
        assert keyed_hash(key, message).hexdigest() == expected
    # The state is copied, never updated in place: the same message twice, the same hash.
    assert keyed_hash(key, b"a").digest() == keyed_hash(key, b"a").digest()


def _app(interface: SecureCookieSessionInterface, secret: str, fallbacks=()) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=secret, SECRET_KEY_FALLBACKS=list(fallbacks))
    app.session_interface = interface

    @app.post("/set")
    def set_value():
        session["supporters"] = {"12": {"a": 12, "n": "Ann Lee", "c": "KH", "s": 41}}
        return ""

    @app.get("/get")
    def get_value():
        return session.get("supporters") or {}

    return app


def _cookie(app: Flask) -> str:
    client = app.test_client()
    client.post("/set")
    return client.get_cookie("session").value


@pytest.mark.parametrize(
    ("writer", "reader"),
    [
        (SessionCookies, SecureCookieSessionInterface),
        (SecureCookieSessionInterface, SessionCookies),
    ],
)
def test_session_cookies_are_flasks_own(writer, reader) -> None:
    cookie = _cookie(_app(writer(), "a secret"))
    client = _app(reader(), "a secret").test_client()
    client.set_cookie("session", cookie)
    assert client.get("/get").json == {"12": {"a": 12, "n": "Ann Lee", "c": "KH", "s": 41}}


@pytest.mark.parametrize(
    "data",
    [
        {"supporters": {"12": {"a": 12, "n": "Ann Lee", "c": "KH", "y": None, "s": 41}}},
        {"supporters": {"3": {"a": 3, "n": "سارا أحمدی ✓", "c": "IR", "p": "1 2", "s": 7}}},
        {"list": [1, 2.5, True, None, "x"], "empty": {}},
        {"tuple": (1, 2)},  # tagged: through Flask's serializer
        {" t": [1, 2]},  # a one-key dict whose key is a tag's: tagged too
        {"when": {"d": "not a date"}, "bytes": b"raw"},
    ],
)
def test_a_session_written_outside_a_request_reads_back_in_flask(data) -> None:
    """dumps_session writes what Flask's own session interface reads back as `data` (with
    the tags it needs), and what any other secret refuses."""
    app = _app(SecureCookieSessionInterface(), "a secret")

    def read() -> dict[str, bool]:
        # Compared in Python: a tuple, bytes or a dict read back as a list, str or a
        # tag's dict would not be equal.
        return {"equal": dict(session) == data, "empty": not session}

    app.get("/read")(read)
    with app.app_context():
        value = dumps_session(app, data)
    client = app.test_client()
    client.set_cookie("session", value)
    assert client.get("/read").json == {"equal": True, "empty": False}
    stranger = _app(SecureCookieSessionInterface(), "another secret")
    stranger.get("/read")(read)
    other = stranger.test_client()
    other.set_cookie("session", value)
    assert other.get("/read").json == {"equal": False, "empty": True}


def test_session_cookies_follow_a_key_rotation() -> None:
    cookie = _cookie(_app(SessionCookies(), "old secret"))
    rotated = _app(SessionCookies(), "new secret", fallbacks=["old secret"]).test_client()
    rotated.set_cookie("session", cookie)
    assert rotated.get("/get").json["12"]["n"] == "Ann Lee"
    stranger = _app(SessionCookies(), "new secret").test_client()
    stranger.set_cookie("session", cookie)
    assert stranger.get("/get").json == {}
    forged = _app(SessionCookies(), "a secret").test_client()
    forged.set_cookie("session", cookie[:-3] + "AAA")
    assert forged.get("/get").json == {}


def test_an_emails_tokens_are_each_purposes_own_timestamped_token(app, monkeypatch) -> None:
    """signature_tokens stamps the value once for the four links: each token is still what
    itsdangerous' TimestampSigner makes for its purpose, and reads back for it alone."""
    from campaign.signatures.tokens import (
        Purpose,
        read_signature_token,
        signature_token,
        signature_tokens,
    )

    now = int(time.time())  # one second for every signer: the tokens are then comparable
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now)
    with app.app_context():
        tokens = signature_tokens(tuple(Purpose), 41, "ana@example.org")
        for purpose in Purpose:
            plain = TimestampSigner(
                app.config["SECRET_KEY"], salt=f"campaign.signatures.{purpose.value}.signature"
            )
            value = tokens[purpose].rsplit(".", 2)[0]
            assert tokens[purpose] == plain.sign(value).decode()
            assert tokens[purpose] == signature_token(purpose, 41, "ana@example.org")
            assert read_signature_token(purpose, tokens[purpose]) == (41, value.split(".")[1])
        assert len(set(tokens.values())) == len(Purpose)
