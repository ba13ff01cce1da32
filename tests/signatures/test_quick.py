"""The sign POST's two paths (campaign.signatures.quick, then SignatureForm and
services.sign) held to each other: the same form read the same way, the same rows and
e-mail written, and the general path taking over whenever the common case does not hold.
Also prepare_insert and DriverStatement, which the quick path writes with, against the ORM."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text, update
from werkzeug.datastructures import MultiDict

from campaign.counting import refresh_count
from campaign.database import driver_statement, prepare_insert
from campaign.models import (
    Appeal,
    AppealStatus,
    AppealTranslation,
    Event,
    Flag,
    Outbox,
    OutboxStatus,
    Signature,
    Webhook,
    WebhookDelivery,
    utcnow,
)
from campaign.outbox.services import message_values
from campaign.outbox.supporters import as_sent
from campaign.signatures import abuse, forms, quick, services, views
from campaign.signatures.form_token import WINDOW_SECONDS, sign_form_token
from campaign.signatures.forms import SignatureForm
from campaign.signatures.tokens import Purpose, fingerprint_matches, read_signature_token
from tests.factories import make_appeal
from tests.signatures.conftest import outbox, sign_data, signatures


@pytest.fixture(autouse=True)
def no_appeal_known(app):
    """The process's appeals are forgotten between tests (another test's appeal may have
    had the same slug, and an appeal is trusted for KEEP_SECONDS)."""
    app.extensions.pop(quick._KNOWN, None)
    yield
    app.extensions.pop(quick._KNOWN, None)


@dataclass
class Paths:
    """Which way each sign POST went."""

    quick: list[Any] = field(default_factory=list)  # what quick.sign returned, per call
    general: list[services.SignatureData] = field(default_factory=list)  # services.sign's data
    quick_off: bool = False  # quick.sign answers None without trying: the general path


@pytest.fixture
def paths(monkeypatch) -> Paths:
    seen = Paths()
    real_quick, real_general = quick.sign, services.sign

    def quick_sign(*args: Any, **kwargs: Any) -> Any:
        result = None if seen.quick_off else real_quick(*args, **kwargs)
        seen.quick.append(result)
        return result

    def general_sign(session, appeal, data, **kwargs: Any) -> Any:
        seen.general.append(data)
        return real_general(session, appeal, data, **kwargs)

    monkeypatch.setattr(quick, "sign", quick_sign)
    monkeypatch.setattr(services, "sign", general_sign)
    return seen


@pytest.fixture
def limiter_hits(monkeypatch) -> list[str | None]:
    """Every count against SIGN_RATE_LIMIT, by IP hash (the real limiter still decides)."""
    hits: list[str | None] = []

    def counting(key: str | None) -> bool:
        hits.append(key)
        return abuse.over_sign_limit(key)

    monkeypatch.setattr(views, "over_sign_limit", counting)
    return hits


def post(client, appeal: Appeal, language: str | None = None, **fields: object):
    headers = {"Accept-Language": language} if language else {}
    data = sign_data(client, appeal, **fields)
    return client.post(f"/a/{appeal.slug}/sign", data=data, headers=headers)


def known(app, slug: str) -> quick.SignableAppeal | None:
    return app.extensions.get(quick._KNOWN, {}).get(slug)


def read_appeal_now(app, session, slug: str) -> quick.SignableAppeal | None:
    """quick.signable, as a sign POST calls it."""
    with app.test_request_context():
        return quick.signable(session, slug, utcnow())


# -- 1. The same rows either way ------------------------------------------------------

# The signed links of a supporter e-mail, by purpose (itsdangerous tokens: [\w.-]).
LINKS = {
    Purpose.CONFIRM: re.compile(r"/a/[\w-]+/confirm/([\w.-]+)"),
    Purpose.LETTER: re.compile(r"/a/[\w-]+/letter/start/([\w.-]+)"),
    Purpose.UNSUBSCRIBE: re.compile(r"/unsubscribe/([\w.-]+)"),
    Purpose.DELETE_DATA: re.compile(r"/delete-my-data/([\w.-]+)"),
}
NOT_COMPARED = {"id", "name", "email", "email_canonical", "created_at", "ip_hash"}
SAME_IN_OUTBOX = ("kind", "cc", "reply_to", "body_html", "status", "attempts", "last_error",
                  "sent_at", "appeal_id")  # fmt: skip


def without_signer(value: str, signature: Signature, *, links: int = 0) -> str:
    """`value` with the signer's name and signed links as placeholders, each link checked
    to be good for this signature (its id and address) and for its purpose only."""
    value = value.replace(signature.name or "", "{NAME}")
    found = 0
    for purpose, pattern in LINKS.items():
        for token in pattern.findall(value):
            parsed = read_signature_token(purpose, token)
            assert parsed is not None, (purpose, token)
            assert parsed[0] == signature.id
            assert fingerprint_matches(parsed[1], signature.email_canonical)
            other = next(p for p in Purpose if p is not purpose)
            assert read_signature_token(other, token) is None
            found += 1
        placeholder = f"{{{purpose.name}}}"
        value = pattern.sub(lambda m, p=placeholder: m.group(0).replace(m.group(1), p), value)
    assert found >= links, value
    return value


def thanks_page(client, response, language: str | None) -> str:
    headers = {"Accept-Language": language} if language else {}
    return client.get(response.headers["Location"], headers=headers).get_data(as_text=True)


def confirmation_of(session, signature: Signature) -> Outbox:
    [message] = session.scalars(select(Outbox).where(Outbox.signature_id == signature.id))
    return message


@pytest.mark.parametrize(
    "language",
    [None, pytest.param("fr-FR,fr;q=0.9", id="fr")],
)
def test_the_quick_and_general_paths_write_the_same_rows(
    client, session, scene, paths, language
) -> None:
    fields = {"country": "FR", "city": "Paris", "postcode": "75011", "consent": "y",
              "source": "newsletter"}  # fmt: skip
    quick_page = post(client, scene.appeal, language, name="Ana Ruiz", email="ana@example.org",
                      **fields)  # fmt: skip
    assert quick_page.status_code == 303 and paths.general == []  # the quick path took it
    [quick_supporter] = paths.quick
    thanks = [thanks_page(client, quick_page, language).replace("Ana Ruiz", "{NAME}")]
    paths.quick_off = True
    general_page = post(client, scene.appeal, language, name="Ben Okafor",
                        email="Ben.Okafor@Example.ORG", **fields)  # fmt: skip
    assert general_page.status_code == 303 and len(paths.general) == 1
    assert quick_page.headers["Location"] == general_page.headers["Location"]
    thanks.append(thanks_page(client, general_page, language).replace("Ben Okafor", "{NAME}"))
    assert thanks[0] == thanks[1] and "{NAME}" in thanks[0]  # the same page, but for the name
    assert quick_supporter.signature_id is not None

    session.expire_all()
    first, second = sorted(signatures(session, scene.appeal), key=lambda s: s.id)
    assert (first.name, first.email, first.email_canonical) == (
        "Ana Ruiz", "ana@example.org", "ana@example.org")  # fmt: skip
    assert (second.email, second.email_canonical) == ("Ben.Okafor@example.org",
                                                      "ben.okafor@example.org")  # fmt: skip
    assert quick_supporter.signature_id == first.id
    for column in Signature.__table__.columns:
        if column.key not in NOT_COMPARED:
            assert getattr(first, column.key) == getattr(second, column.key), column.key
    assert first.ip_hash == second.ip_hash and first.ip_hash
    for signature in (first, second):
        assert signature.created_at.utcoffset() == timedelta(0)
        assert abs(utcnow() - signature.created_at) < timedelta(minutes=1)
    expected_language = "fr" if language else "en"
    assert first.language == expected_language and first.consent is True
    assert first.source == "newsletter" and first.flag is None and first.confirmed_at is None

    messages = [confirmation_of(session, s) for s in (first, second)]
    assert len(outbox(session)) == 2
    for signature, message in zip((first, second), messages, strict=True):
        assert message.to_addr == signature.email
        assert message.dedupe_key == f"confirm:{signature.id}"
        assert message.created_at == message.next_attempt_at == signature.created_at
    for column in SAME_IN_OUTBOX:
        assert getattr(messages[0], column) == getattr(messages[1], column), column
    assert messages[0].kind == "confirm" and messages[0].status is OutboxStatus.PENDING
    assert messages[0].appeal_id == scene.appeal.id and messages[0].cc == []
    assert messages[0].headers == messages[1].headers
    pairs = list(zip(messages, (first, second), strict=True))
    assert without_signer(pairs[0][0].body_text, first) == without_signer(
        pairs[1][0].body_text, second
    )
    # As the worker sends them: each with its own signer's links, made then.
    sent = [as_sent(m) for m in messages]
    assert list(sent[0][2]) == list(sent[1][2]) and "List-Unsubscribe" in sent[0][2]
    for name in sent[0][2]:
        assert without_signer(sent[0][2][name], first) == without_signer(sent[1][2][name], second)
    subjects = [without_signer(m[0], s) for m, s in zip(sent, (first, second), strict=True)]
    bodies = [without_signer(m[1], s, links=4) for m, s in zip(sent, (first, second), strict=True)]
    assert subjects[0] == subjects[1] and bodies[0] == bodies[1]
    assert "{NAME}" in bodies[0] and "{CONFIRM}" in bodies[0] and "{DELETE_DATA}" in bodies[0]
    if language:  # the French confirmation, with the French consent wording kept
        assert subjects[0].startswith("Veuillez confirmer votre signature")
        assert "Free Sok Chea" in subjects[0]
        assert first.consent_text.startswith("Oui, tenez-moi informé·e par e-mail")
    else:
        assert subjects[0] == "Please confirm your signature: Free Sok Chea"
        assert first.consent_text.startswith("Yes, e-mail me about this case")


# -- 2. The form readers agree --------------------------------------------------------

SLUG = "free-sok"
SPACES = ["", " ", "  ", "\t", "\n", "\u00a0", "\u2028", "\x1c", "\x85", "\u3000"]
ODD = ["<", ">", "\x00", "\x07", "\x7f", "\x9f", "\u200b", "\u202e", "e\u0301", "\u0958",
       "ﬁ", "Å", "'", '"', "&", "%(x)s", "\ufeff", "😀", "ស"]  # fmt: skip
# Letters as people type them: accents composed or not (NFC joins "e\u0301" into one).
LETTERS = ["a", "Z", "é", "e\u0301", "Ω", "ស", "李", "-", "'", "’", ".", "1"]


def padded(body: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(SPACES), body, st.sampled_from(SPACES)).map("".join)


def near(longest: int, pieces: list[str]) -> st.SearchStrategy[str]:
    """Text of about `longest` pieces: some a letter and its accent, so the raw text may
    be longer than what is kept."""
    return st.integers(max(longest - 3, 1), longest + 3).flatmap(
        lambda n: st.lists(st.sampled_from(pieces), min_size=n, max_size=n).map("".join)
    )


def good_text(longest: int) -> st.SearchStrategy[str]:
    """A name, town or postcode as a person types it, spaces around and inside."""
    words = st.lists(st.sampled_from([*LETTERS, " ", "  ", "\u00a0"]), min_size=1, max_size=12)
    return padded(st.one_of(words.map("".join), near(longest, [*LETTERS, " "])))


def bad_text(longest: int) -> st.SearchStrategy[str | None]:
    """Anything at all: absent, controls, markup, every plane of Unicode, too long."""
    pieces = st.one_of(
        st.sampled_from(SPACES + ODD), st.characters(codec="utf-8", exclude_categories=("Cs",))
    )
    anything = st.lists(pieces, max_size=12).map("".join)
    # Mostly what a person types, with one character slipped in that plain text refuses.
    slipped = st.tuples(good_text(longest), st.sampled_from(ODD), st.integers(0, 12)).map(
        lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]
    )
    return st.one_of(
        st.none(), slipped, padded(st.one_of(anything, near(longest, [*LETTERS, *ODD])))
    )


def long_address(length: int) -> str:
    """A well-formed address of `length` characters (labels of at most 63)."""
    labels, left = [], length - len("ana@") - len(".org")
    while left > 0:
        label = min(63, left)
        if left - label == 1:  # a label of one and its dot: shorten this one instead
            label -= 2
        labels.append("d" * label)
        left -= label + 1
    return f"ana@{'.'.join(labels)}.org"


GOOD_EMAILS = st.one_of(
    st.sampled_from(["ana@example.org", " Ana.Ruiz+x@GMail.com ", "josé@example.com",
                     "用户@例子.广告", "\tana@EXAMPLE.org\n", "o'brien@example.ie"]),
    st.integers(forms.EMAIL_MAX - 6, forms.EMAIL_MAX + 2).map(long_address),
    st.emails(),
)  # fmt: skip
BAD_EMAILS = st.one_of(
    st.none(),
    st.sampled_from(["ana@", "ana..ruiz@example.org", "ana ruiz@example.org", "ana@example",
                     "a" * 65 + "@example.org", "ana@exa mple.org", "<ana@example.org>",
                     "ana@example.org\x00", "", "  "]),
    st.text(max_size=30),
)  # fmt: skip
COUNTRIES = ["CL", "FR", "GB", "KH", "CA"]
BAD_COUNTRIES = st.one_of(
    st.none(),
    st.sampled_from(["gb", "XX", "ZZ", "", " FR", "FR ", "UK", "EU"]),
    st.text(max_size=3),
)
GOOD = {
    "name": good_text(forms.NAME_MAX),
    "email": GOOD_EMAILS,
    "country": st.sampled_from(COUNTRIES),
    "city": st.one_of(st.none(), good_text(forms.CITY_MAX)),
    "postcode": st.one_of(st.none(), good_text(forms.POSTCODE_MAX)),
    "consent": st.sampled_from([None, *forms.CONSENT_GIVEN]),
    "source": st.one_of(st.none(), st.text(max_size=80)),
    "website": st.sampled_from([None, "", " ", "\t\n"]),
    "csrf_token": st.just("valid"),
    "Origin": st.sampled_from([None, "http://localhost", "null"]),
    "Accept-Language": st.sampled_from([None, "fr-FR,fr;q=0.9", "es", "de-CH", "en-GB"]),
}
BAD = {
    "name": bad_text(forms.NAME_MAX),
    "email": BAD_EMAILS,
    "country": BAD_COUNTRIES,
    "city": bad_text(forms.CITY_MAX),
    "postcode": bad_text(forms.POSTCODE_MAX),
    "consent": st.sampled_from(["", "no", "false", "Y", " y", "0", "yes"]),
    "website": st.one_of(st.just("http://spam.example"), st.text(min_size=1, max_size=4)),
    "csrf_token": st.sampled_from(["other appeal", "stale", "garbage", "empty", "absent"]),
    "Origin": st.sampled_from(["https://elsewhere.example", "http://localhost.example"]),
}


@st.composite
def sign_forms(draw: st.DrawFn) -> dict[str, str | None]:
    """A form most of whose fields are as a person fills them, up to three of them not."""
    values = {name: draw(strategy) for name, strategy in GOOD.items()}
    fields = st.sampled_from(sorted(BAD))
    spoiled = st.one_of(  # a third of the forms have exactly one field to correct
        st.just([]), fields.map(lambda name: [name]), st.lists(fields, max_size=3, unique=True)
    )
    for name in draw(spoiled):
        values[name] = draw(BAD[name])
    return values


def form_of(**fields: str | None) -> dict[str, str | None]:
    """A form of FORM's values but `fields`."""
    return FORM | fields


FORM: dict[str, str | None] = {
    "name": "Ana Ruiz", "email": "ana@example.org", "country": "CL", "city": None,
    "postcode": None, "consent": None, "source": None, "website": "", "csrf_token": "valid",
    "Origin": None, "Accept-Language": None,
}  # fmt: skip


def token(kind: str | None) -> str | None:
    return {
        "valid": sign_form_token(SLUG),
        "other appeal": sign_form_token("another-appeal"),
        "stale": sign_form_token(SLUG, now=utcnow().timestamp() - 10 * 24 * 3600),
        "garbage": f"{int(utcnow().timestamp()) // WINDOW_SECONDS * WINDOW_SECONDS}.abc",
        "empty": "",
        "absent": None,
    }[kind or "absent"]


@settings(
    max_examples=150,
    deadline=None,
    # `app` is the run's own; the autouse fixtures only reset counters and caches.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=sign_forms())
@example(values=form_of())
@example(values=form_of(name="Ana <b>Ruiz</b>"))
@example(values=form_of(city="Paris\x00"))
@example(values=form_of(postcode="\u202e75011"))
@example(values=form_of(name="\u200b"))  # invisible: refused either way
@example(values=form_of(name="\u202eevil\u202c"))  # a bidi override: refused either way
@example(values=form_of(name="\u200d", city="…"))  # nothing to read: refused either way
@example(values=form_of(name="مهرداد می\u200cخواهد"))  # ZWNJ, part of the spelling: kept
@example(values=form_of(name=" \x1c Ana\u00a0 Ruiz \n"))  # spaces, all of them
@example(values=form_of(name="e\u0301" * forms.NAME_MAX))  # as long as it may be, once NFC
@example(values=form_of(name="é" * (forms.NAME_MAX + 1)))
@example(values=form_of(postcode="1" * (forms.POSTCODE_MAX + 1)))
@example(values=form_of(consent=""))
@example(values=form_of(consent="no"))
@example(values=form_of(consent="on", **{"Accept-Language": "fr"}))
@example(values=form_of(country="gb"))
@example(values=form_of(email=" Ana.Ruiz+x@GMail.COM\t"))
@example(values=form_of(email="a" * 65 + "@example.org"))
@example(values=form_of(website=" http://spam.example"))
@example(values=form_of(csrf_token="other appeal"))
@example(values=form_of(Origin="https://elsewhere.example"))
def test_the_quick_form_reader_accepts_exactly_what_signatureform_accepts(app, values) -> None:
    assert not app.config["EMAIL_CHECK_DELIVERABILITY"]  # no DNS: the two readers agree
    headers = {k: values.pop(k) for k in ("Origin", "Accept-Language")}
    environ = {"REMOTE_ADDR": "203.0.113.9"}
    with (
        app.test_request_context(
            f"/a/{SLUG}/sign",
            method="POST",
            headers={k: v for k, v in headers.items() if v},
            environ_base=environ,
        ),
        pytest.MonkeyPatch.context() as patch,
    ):
        counted: list[str | None] = []

        def over_limit(key: str | None) -> bool:
            counted.append(key)
            return False

        patch.setattr(views, "over_sign_limit", over_limit)
        values["csrf_token"] = token(values["csrf_token"])
        form = MultiDict({k: v for k, v in values.items() if v is not None})

        data = quick.read_form(form, SLUG)
        read_counts = list(counted)
        wtform = SignatureForm(formdata=MultiDict(form), meta={"csrf_context": SLUG})
        valid = wtform.validate()
        honeypot_empty = not (form.get("website") or "").strip()
        event(f"valid: {valid}, honeypot empty: {honeypot_empty}")

        if data is None:
            assert read_counts == []  # nothing counted for a form the quick path left
            # A valid form with an empty honeypot never goes the slow way.
            assert not (valid and honeypot_empty), (dict(form), wtform.data)
        else:
            assert valid, wtform.errors
            assert honeypot_empty
            assert read_counts == [] and data.ip_hash  # counted once the appeal is known
            expected = views.signature_data(wtform, None)  # type: ignore[arg-type]
            assert data == expected  # every field, the language and consent wording too


# -- 3. An appeal changed since this process read it ----------------------------------


@pytest.mark.parametrize("change", ["title", "no confirmation"])
def test_an_appeal_edited_since_it_was_read_is_signed_the_general_way_and_read_again(
    app, client, session, scene, paths, change
) -> None:
    before = read_appeal_now(app, session, scene.appeal.slug)
    assert before is not None and known(app, scene.appeal.slug) is before
    if change == "title":
        scene.appeal.title = "Free Sok Chea now"
    else:
        scene.appeal.confirm_signatures = False
    session.commit()
    assert scene.appeal.updated_at != before.updated_at

    response = post(client, scene.appeal, name="Ana Ruiz", email="ana@example.org")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/a/{scene.appeal.slug}/thanks"
    assert paths.quick == [None] and len(paths.general) == 1  # tried, then the general path
    assert known(app, scene.appeal.slug) is None  # forgotten when found changed
    session.expire_all()
    [signature] = signatures(session, scene.appeal)
    assert signature.name == "Ana Ruiz" and signature.flag is None
    if change == "title":
        [message] = outbox(session)
        assert message.signature_id == signature.id
        assert message.subject == "Please confirm your signature: Free Sok Chea now"
        after = read_appeal_now(app, session, scene.appeal.slug)
        assert after is not None and after is not before
        assert after.id == before.id and after.updated_at == scene.appeal.updated_at
        assert "Free Sok Chea now" in after.confirm_emails["en"].subject
    else:
        [message] = outbox(session)  # no confirmation asked: a receipt instead
        assert message.kind == "receipt" and message.signature_id == signature.id
        assert read_appeal_now(app, session, scene.appeal.slug) is None


def test_a_count_refresh_leaves_the_process_s_appeal_good(client, session, scene, paths) -> None:
    assert post(client, scene.appeal, email="ana@example.org").status_code == 303
    assert paths.general == []
    session.expire_all()
    assert refresh_count(session, scene.appeal, now=utcnow() + timedelta(minutes=1))
    session.commit()
    assert post(client, scene.appeal, email="ben@example.org").status_code == 303
    assert paths.general == []  # still the common case: nothing a signer sees has changed


def test_what_a_process_knows_of_an_appeal_is_read_again_after_keep_seconds(
    app, client, session, scene, paths
) -> None:
    """A translation added without the appeal's row changing: its title reaches the
    confirmations once the process's copy is KEEP_SECONDS old."""
    token_data = sign_data(client, scene.appeal)
    before = read_appeal_now(app, session, scene.appeal.slug)
    assert before is not None and "Free Sok Chea" in before.confirm_emails["fr"].subject
    demands = [d.text for d in scene.appeal.demands]
    session.add(AppealTranslation(appeal=scene.appeal, language="fr", title="Libérez Sok Chea",
                                  demands=demands))  # fmt: skip
    session.commit()
    old = replace(before, read_at=before.read_at - quick.KEEP_SECONDS - 0.1)
    app.extensions[quick._KNOWN][scene.appeal.slug] = old
    token_data["country"] = "FR"
    response = client.post(f"/a/{scene.appeal.slug}/sign", data=token_data,
                           headers={"Accept-Language": "fr"})  # fmt: skip
    assert response.status_code == 303 and paths.general == []
    [message] = outbox(session, "confirm")
    assert "Libérez Sok Chea" in message.subject
    assert known(app, scene.appeal.slug) not in (None, old)


def test_an_appeal_that_is_not_public_is_not_found_either_way(client, session, paths) -> None:
    draft = make_appeal(session, AppealStatus.DRAFT)
    with client.application.test_request_context():
        data = {"csrf_token": sign_form_token(draft.slug), "name": "Ana Ruiz",
                "email": "ana@example.org", "country": "CL", "website": ""}  # fmt: skip
    assert client.post(f"/a/{draft.slug}/sign", data=data).status_code == 404
    assert client.post("/a/no-such-appeal/sign", data=data).status_code == 404
    assert paths.quick == [None] and paths.general == []  # the second: its token is not good
    assert signatures(session, draft) == [] and outbox(session) == []
    assert known(client.application, draft.slug) is None


# -- 4. An appeal closed since this process read it -----------------------------------


def change_leaving_updated_at(session, appeal: Appeal, **values: object) -> None:
    """Change the appeal's row, committed, as no edit by an organiser would: its
    updated_at stays, so what signing checks besides it is tested."""
    session.execute(
        update(Appeal).where(Appeal.id == appeal.id).values(updated_at=Appeal.updated_at, **values)
    )
    session.commit()
    session.expire_all()


@pytest.mark.parametrize("how", ["closed", "archived", "past its deadline"])
def test_an_appeal_closed_since_it_was_read_takes_no_signature(
    app, client, session, scene, paths, monkeypatch, how
) -> None:
    data = sign_data(client, scene.appeal)  # the page (its count made) and its form, open
    deadline = utcnow() + timedelta(minutes=5)
    # The changes leave updated_at as it was: the status and deadline are checked themselves.
    change_leaving_updated_at(session, scene.appeal, deadline=deadline)
    before = read_appeal_now(app, session, scene.appeal.slug)
    assert before is not None
    if how == "past its deadline":
        # A minute after the deadline, in another time zone: the instant is what counts.
        later = (deadline + timedelta(minutes=1)).astimezone(timezone(timedelta(hours=-7)))
        # The clock of both ways in: before Flask (quick_wsgi) and the route.
        monkeypatch.setattr("campaign.signatures.quick_wsgi.utcnow", lambda: later)
        monkeypatch.setattr("campaign.signatures.routes.utcnow", lambda: later)
    else:
        status = AppealStatus.CLOSED if how == "closed" else AppealStatus.ARCHIVED
        change_leaving_updated_at(session, scene.appeal, status=status)

    assert scene.appeal.updated_at == before.updated_at  # only the status or the clock moved
    response = client.post(f"/a/{scene.appeal.slug}/sign", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/a/{scene.appeal.slug}"
    assert paths.quick == [None] and paths.general == []
    assert known(app, scene.appeal.slug) is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This appeal has closed: signatures are no longer collected." in page
    assert signatures(session, scene.appeal) == [] and outbox(session) == []
    if how != "past its deadline":  # (the real clock has not reached it)
        assert read_appeal_now(app, session, scene.appeal.slug) is None  # not kept once closed


def test_a_post_to_a_closed_appeal_counts_nothing_against_the_limit(
    client, session, scene, limiter_hits
) -> None:
    data = sign_data(client, scene.appeal)
    scene.appeal.status = AppealStatus.CLOSED
    session.commit()
    response = client.post(f"/a/{scene.appeal.slug}/sign", data=data)
    assert response.status_code == 303 and response.headers["Location"] == f"/a/{scene.appeal.slug}"
    assert limiter_hits == []  # the sender's allowance is for signing
    assert signatures(session, scene.appeal) == []


# -- 5. The same address twice --------------------------------------------------------


@pytest.mark.parametrize("first_way", ["quick", "general"])
def test_an_address_that_signed_gets_the_general_paths_answer(
    client, session, scene, paths, first_way
) -> None:
    paths.quick_off = first_way == "general"
    first = post(client, scene.appeal, name="Ana Ruiz", email="ana.ruiz@gmail.com")
    assert first.status_code == 303 and len(paths.general) == (first_way == "general")
    paths.quick_off = False
    paths.quick.clear()
    paths.general.clear()

    known_before = known(client.application, scene.appeal.slug)
    elsewhere = client.application.test_client()  # not the browser that signed
    again = post(elsewhere, scene.appeal, name="Ana R.", email="Ana.Ruiz+petition@GMail.com")
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert paths.quick == [None] and len(paths.general) == 1  # tried, found it, went on
    # A repeat is no reason to read the appeal again.
    assert known(client.application, scene.appeal.slug) is not None
    if known_before is not None:
        assert known(client.application, scene.appeal.slug) is known_before
    page = elsewhere.get(again.headers["Location"]).get_data(as_text=True)
    assert "Thank you, Ana R." in page
    session.expire_all()
    [signature] = signatures(session, scene.appeal)
    assert signature.name == "Ana Ruiz" and signature.email == "ana.ruiz@gmail.com"
    assert [m.kind for m in outbox(session)] == ["confirm", "already_signed"]
    assert {m.signature_id for m in outbox(session)} == {signature.id}
    # A repeat compiles no statement of its own: a third try is answered with what is kept.
    compiled = driver_statement.cache_info().currsize
    assert post(client, scene.appeal, email="ana.ruiz@gmail.com").status_code == 303
    assert driver_statement.cache_info().currsize == compiled


# -- 6. The rate limit: one count per POST --------------------------------------------


@pytest.mark.parametrize(
    "confirm", [pytest.param(True, id="confirm"),
                pytest.param(False, id="no-confirmation")]
)  # fmt: skip
def test_each_post_counts_once_against_the_rate_limit(
    app, client, session, scene, paths, limiter_hits, monkeypatch, confirm
) -> None:
    scene.appeal.confirm_signatures = confirm
    session.commit()
    monkeypatch.setitem(app.config, "SIGN_RATE_LIMIT", "2 per hour")
    for n in range(3):
        assert post(client, scene.appeal, email=f"person{n}@example.org").status_code == 303
    assert len(limiter_hits) == 3 and len(set(limiter_hits)) == 1
    # The first two: the quick path when the appeal asks for confirmation.
    assert len(paths.general) == (1 if confirm else 3)
    assert paths.general[-1].rate_limited  # the third: the quick path's decision, reused
    # The honeypot leaves the quick path at once: the general path counts it, once.
    assert post(client, scene.appeal, email="bot@example.org", website="x").status_code == 303
    assert len(limiter_hits) == 4
    # A form sent back to be corrected counts nothing.
    assert post(client, scene.appeal, email="not-an-address").status_code == 422
    assert len(limiter_hits) == 4

    session.expire_all()
    rows = sorted(signatures(session, scene.appeal), key=lambda s: s.id)
    assert [s.flag for s in rows] == [None, None, Flag.RATE_LIMIT, Flag.HONEYPOT]
    to = [m.to_addr for m in outbox(session)]
    # The flagged one is asked to confirm too (FLAGGED_MAIL_LIMIT); the honeypot is not.
    # Without confirmation the counted ones get their receipt; the flagged one waits.
    everyone = ["person0@example.org", "person1@example.org", "person2@example.org"]
    assert to == (everyone if confirm else everyone[:2])


# -- 7. An appeal that asks for no confirmation ---------------------------------------


def test_an_appeal_without_confirmation_is_signed_the_general_way(
    app, client, session, scene, paths
) -> None:
    scene.appeal.confirm_signatures = False
    hook = Webhook(name="CRM", url="http://127.0.0.1:9/hook", secret="s",
                   events=[Event.SIGNATURE_CONFIRMED.value])  # fmt: skip
    session.add(hook)
    session.commit()
    response = post(client, scene.appeal, name="Ana Ruiz", consent="y")
    assert response.status_code == 303
    assert paths.quick == [None] and len(paths.general) == 1
    assert read_appeal_now(app, session, scene.appeal.slug) is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your signature is added." in page
    session.expire_all()
    [signature] = signatures(session, scene.appeal)
    assert signature.flag is None and signature.consent is True and signature.confirmed_at is None
    [receipt] = outbox(session)  # no link to confirm, but the links to letter and delete
    assert receipt.kind == "receipt" and receipt.signature_id == signature.id
    [delivery] = session.scalars(select(WebhookDelivery))
    assert delivery.event == "signature.confirmed" and delivery.webhook_id == hook.id
    assert delivery.event_key == f"signature.confirmed:{signature.id}"
    assert delivery.payload["signature"]["email"] == "ana@example.org"
    assert delivery.payload["appeal"]["slug"] == scene.appeal.slug


# -- prepare_insert and DriverStatement against the ORM -----------------------------------

EAST, WEST = timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))


def stored(session, table: str, row_id: int, columns: str) -> tuple[Any, ...]:
    """A row's values as the database holds them (no column types applied)."""
    query = text(f"SELECT {columns} FROM {table} WHERE id = :id")  # noqa: S608 (test constants)
    return tuple(session.execute(query, {"id": row_id}).one())


def insert_row(connection, model: type[Any], values: dict[str, Any], conflict: tuple[str, ...]):
    """The quick path's INSERT, prepared and run at once: the new id, or None."""
    return prepare_insert(connection.dialect, model, values, conflict).run(connection)


def signature_values(appeal: Appeal, email: str, when: datetime) -> dict[str, Any]:
    return {"appeal_id": appeal.id, "name": "Ana", "email": email, "email_canonical": email,
            "country": "CL", "consent": True, "consent_text": "Yes", "language": "fr",
            "source": "page", "ip_hash": "ab12", "flag": Flag.RATE_LIMIT,
            "created_at": when}  # fmt: skip


@pytest.mark.parametrize("microsecond", [250_000, pytest.param(0, id="whole-second")])
def test_insert_row_stores_enums_and_times_as_the_orm_does(session, microsecond) -> None:
    appeal = make_appeal(session)
    when = datetime(2026, 3, 1, 14, 30, 5, microsecond, tzinfo=EAST)
    connection = session.connection()
    values = signature_values(appeal, "ana@example.org", when)
    new_id = insert_row(connection, Signature, values, ("appeal_id", "email_canonical"))
    assert new_id is not None
    again = {**values, "name": "Someone else"}
    assert insert_row(connection, Signature, again, ("appeal_id", "email_canonical")) is None
    orm = Signature(**signature_values(appeal, "ben@example.org", when))
    session.add(orm)
    session.flush()
    session.expire_all()

    row = session.get(Signature, new_id)
    assert row.name == "Ana" and row.flag is Flag.RATE_LIMIT and row.consent is True
    assert row.created_at == when and row.created_at.utcoffset() == timedelta(0)
    assert row.created_at.hour == 9 and row.source == "page" and row.comment is None
    columns = "flag, created_at, consent, confirmed_at, source"
    assert stored(session, "signatures", new_id, columns) == stored(
        session, "signatures", orm.id, columns
    )
    found = session.scalars(select(Signature.id).where(Signature.created_at == when)).all()
    assert sorted(found) == sorted([new_id, orm.id])


def test_insert_row_stores_json_as_the_orm_does(session) -> None:
    appeal = make_appeal(session)
    now = utcnow()
    headers = {"List-Unsubscribe": "<https://example.org/u/x>", "X-Ünïcode": 'é "q"'}
    ids = []
    for n, cc in enumerate((["copy@example.org"], [])):
        values = message_values(kind="confirm", to="ana@example.org", subject="S",
                                body_text="B", now=now, headers=headers, cc=cc,
                                appeal_id=appeal.id, dedupe_key=f"test:{n}")  # fmt: skip
        ids.append(insert_row(session.connection(), Outbox, values, ("dedupe_key",)))
        session.add(Outbox(**{**values, "dedupe_key": f"orm:{n}"}))
    assert insert_row(session.connection(), Outbox, values, ("dedupe_key",)) is None
    session.flush()
    session.expire_all()
    [orm_copy, orm_none] = session.scalars(
        select(Outbox).where(Outbox.dedupe_key.like("orm:%")).order_by(Outbox.id)
    )
    for row_id, orm, cc in zip(ids, (orm_copy, orm_none), (["copy@example.org"], []), strict=True):
        row = session.get(Outbox, row_id)
        assert row.headers == headers and row.cc == cc
        assert row.status is OutboxStatus.PENDING and row.attempts == 0
        assert row.created_at == row.next_attempt_at == now
        columns = "cc, headers, status, attempts"
        assert stored(session, "outbox", row_id, columns) == stored(
            session, "outbox", orm.id, columns
        )


def test_insert_row_refuses_a_time_without_a_zone_as_the_orm_does(session) -> None:
    appeal = make_appeal(session)
    values = signature_values(appeal, "ana@example.org", datetime(2026, 3, 1, 14, 30))
    with pytest.raises(ValueError, match="naive datetime"):
        insert_row(session.connection(), Signature, values, ("appeal_id", "email_canonical"))
    assert signatures(session, appeal) == []


@pytest.mark.parametrize("zone", [UTC, EAST, WEST])
def test_the_unchanged_check_compares_instants_whatever_the_zone(session, zone) -> None:
    deadline = utcnow().replace(microsecond=123_456) + timedelta(days=1)
    appeal = make_appeal(session, deadline=deadline)
    updated_at = appeal.updated_at
    connection = session.connection()
    check = driver_statement(quick._still_unchanged(), connection.dialect)

    def found(now: datetime, updated: datetime = updated_at, appeal_id: int = appeal.id) -> bool:
        state = {
            "appeal_id": appeal_id,
            "signed_at": now.astimezone(zone),
            "appeal_updated_at": updated,
        }
        return bool(check.run(connection, state).fetchone()[0])

    assert found(deadline - timedelta(seconds=1))
    assert found(deadline - timedelta(seconds=1), updated_at.astimezone(zone))
    assert not found(deadline)  # closed at its deadline, as Appeal.is_open says
    assert not found(deadline + timedelta(seconds=1))
    assert not found(deadline - timedelta(hours=1), updated_at + timedelta(microseconds=1))
    assert not found(deadline - timedelta(hours=1), appeal_id=appeal.id + 1000)
    session.execute(
        update(Appeal).where(Appeal.id == appeal.id).values(
            deadline=None, updated_at=Appeal.updated_at)
    )  # fmt: skip
    assert found(deadline + timedelta(days=400))  # no deadline: open
    session.execute(
        update(Appeal).where(Appeal.id == appeal.id).values(
            status=AppealStatus.CLOSED, updated_at=Appeal.updated_at)
    )  # fmt: skip
    assert not found(deadline - timedelta(seconds=1))
