"""Services and helpers of the supporter side, without HTTP."""

from __future__ import annotations

import hashlib
import io
import logging
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from campaign.models import LetterTemplate, Outbox, utcnow
from campaign.outbox.supporters import as_sent
from campaign.signatures.addresses import InvalidEmail, canonical_email, normalise_email
from campaign.signatures.forms import country_from_accept_language
from campaign.signatures.letters import (
    Supporter,
    clean_personal,
    compose,
    letter_template,
    next_slot,
    send_for_me,
)
from campaign.signatures.printing import letter_pdf
from campaign.signatures.services import SignatureData, send_reminders, sign
from campaign.signatures.tokens import (
    Purpose,
    make_token,
    read_signature_token,
    read_token,
    signature_token,
)
from tests.factories import make_signature


@pytest.mark.parametrize(
    ("address", "canonical"),
    [
        ("Ana@Example.ORG", "ana@example.org"),
        ("Ana.Ruiz+news@gmail.com", "anaruiz@gmail.com"),
        ("a.n.a@googlemail.com", "ana@gmail.com"),
        ("ana+x@outlook.com", "ana@outlook.com"),
        ("ana.ruiz+x@example.org", "ana.ruiz+x@example.org"),  # unknown provider: kept
    ],
)
def test_canonical_email(address: str, canonical: str) -> None:
    assert canonical_email(normalise_email(address)) == canonical


def test_canonicalising_providers_can_be_turned_off() -> None:
    assert canonical_email("Ana.Ruiz+x@gmail.com", providers=False) == "ana.ruiz+x@gmail.com"


def test_normalise_keeps_the_local_part_and_lowers_the_domain() -> None:
    assert normalise_email("  Ana.Ruiz@EXAMPLE.org ") == "Ana.Ruiz@example.org"
    with pytest.raises(InvalidEmail):
        normalise_email("ana@@example.org")


@pytest.mark.parametrize(
    ("header", "country"),
    [(["fr-CA", "fr"], "CA"), (["en"], ""), (["km-KH"], "KH"), (["zh-Hant-TW"], "TW"), ([], "")],
)
def test_the_country_is_guessed_from_accept_language(header, country) -> None:
    assert country_from_accept_language(header) == country


def test_tokens_are_single_purpose_and_expire(app, session, monkeypatch) -> None:
    token = make_token(Purpose.CONFIRM, [1, "abc"])
    assert read_token(Purpose.CONFIRM, token) == [1, "abc"]
    assert read_token(Purpose.UNSUBSCRIBE, token) is None
    assert read_token(Purpose.CONFIRM, token + "x") is None
    monkeypatch.setitem(app.config, "CONFIRM_TOKEN_DAYS", -1)
    assert read_token(Purpose.CONFIRM, token) is None


def test_signature_tokens_are_single_purpose_expire_and_read_the_earlier_form(
    app, session, monkeypatch
) -> None:
    fingerprint = hashlib.sha256(b"ana@example.org").hexdigest()[:16]
    token = signature_token(Purpose.LETTER, 42, "ana@example.org")
    assert read_signature_token(Purpose.LETTER, token) == (42, fingerprint)
    assert read_signature_token(Purpose.CONFIRM, token) is None
    assert read_signature_token(Purpose.LETTER, token.replace("42.", "43.", 1)) is None
    # Links in e-mails sent before the compact form still work.
    earlier = make_token(Purpose.LETTER, [42, fingerprint])
    assert read_signature_token(Purpose.LETTER, earlier) == (42, fingerprint)
    assert read_signature_token(Purpose.UNSUBSCRIBE, earlier) is None
    monkeypatch.setitem(app.config, "LINK_TOKEN_DAYS", -1)
    assert read_signature_token(Purpose.LETTER, token) is None
    assert read_signature_token(Purpose.LETTER, earlier) is None


def data(**fields) -> SignatureData:
    values = {"name": "Ana", "email": "ana@example.org", "country": "CL"}
    return SignatureData(**(values | fields))


def test_signing_without_confirmation_sends_a_receipt_with_the_footer_links(
    app, session, scene
) -> None:
    scene.appeal.confirm_signatures = False
    result = sign(session, scene.appeal, data(language="fr"), now=utcnow())
    assert result.created and result.signature.confirmed_at is None
    # Once only, whatever path queues it again (staff accepting it, a retried request).
    [receipt] = session.scalars(select(Outbox)).all()
    assert receipt.kind == "receipt" and receipt.to_addr == "ana@example.org"
    assert receipt.dedupe_key == f"receipt:{result.signature.id}"
    _subject, body, headers = as_sent(receipt)  # its links are made as it is sent
    assert "Bonjour Ana," in body  # the signer's language
    assert "confirm" not in body.lower()  # nothing to confirm
    for path in ("/letter/start/", "/unsubscribe/", "/delete-my-data/"):
        assert f"http://localhost{path}" in body or f"/a/{scene.appeal.slug}{path}" in body
    assert headers["List-Unsubscribe"].startswith("<http://localhost/unsubscribe/")


def test_no_receipt_for_a_flagged_signature_without_confirmation(app, session, scene) -> None:
    scene.appeal.confirm_signatures = False
    sign(session, scene.appeal, data(honeypot=True), now=utcnow())
    sign(session, scene.appeal, data(email="crowd@example.org", rate_limited=True), now=utcnow())
    # Neither counts (it waits for staff), so neither is told that it is added.
    assert session.scalars(select(Outbox)).all() == []


def test_one_reminder_after_the_delay_never_more(app, session, scene) -> None:
    now = utcnow()
    old = make_signature(session, scene.appeal, confirmed=False, created_at=now - timedelta(days=3))
    make_signature(session, scene.appeal, confirmed=False, created_at=now - timedelta(hours=1))
    make_signature(session, scene.appeal, confirmed=True, created_at=now - timedelta(days=3))
    assert send_reminders(session, now=now, delay=timedelta(hours=48)) == 1
    session.flush()
    assert send_reminders(session, now=now + timedelta(days=5), delay=timedelta(hours=48)) == 1
    session.flush()  # the second signature's turn; the first is not reminded again
    assert send_reminders(session, now=now + timedelta(days=9), delay=timedelta(hours=48)) == 0
    reminders = session.scalars(
        select(Outbox).where(Outbox.kind == "reminder").order_by(Outbox.id)
    ).all()
    assert len(reminders) == 2 and reminders[0].to_addr == old.email
    assert "/confirm/" in reminders[0].body_text and reminders[0].headers["List-Unsubscribe"]


def test_the_send_reminders_command(runner, session, scene) -> None:
    make_signature(session, scene.appeal, confirmed=False, created_at=utcnow() - timedelta(days=3))
    result = runner.invoke(args=["campaign", "send-reminders"])
    assert result.exit_code == 0, result.output
    assert "Queued 1 reminder." in result.output


def supporter(scene, name="Ana Ruiz") -> Supporter:
    return Supporter(appeal_id=scene.appeal.id, name=name, country="KH", city="Phnom Penh")


def test_a_target_s_own_letter_comes_before_the_default(session, scene) -> None:
    own = LetterTemplate(appeal=scene.appeal, target=scene.minister, subject="Own", body="x")
    session.add(own)
    session.flush()
    session.refresh(scene.appeal)
    assert letter_template(scene.appeal, scene.minister) is own
    assert letter_template(scene.appeal, scene.embassy).target_id is None


def test_the_letter_is_personal_and_falls_back_to_the_model_letter(session, scene) -> None:
    letter = compose(
        scene.appeal,
        scene.minister,
        supporter(scene),
        personal="I care.\x00",
        today=date(2026, 3, 1),
        url="http://x",
    )
    assert "I care." in letter.body and "\x00" not in letter.body
    assert "Ana Ruiz\nPhnom Penh, Cambodia" in letter.body
    broken = letter_template(scene.appeal, scene.minister)
    broken.body = "{{ supporter.nope }}"
    session.flush()
    fallback = compose(
        scene.appeal,
        scene.minister,
        supporter(scene),
        personal="",
        today=date(2026, 3, 1),
        url="http://x",
    )
    assert "I respectfully urge you to" in fallback.body


def test_personal_text_is_cleaned_and_bounded() -> None:
    assert clean_personal("  a\r\nb\x07  \n") == "a\nb"
    assert len(clean_personal("x" * 5000)) == 1000


def test_letters_to_one_official_are_spread_over_the_hour(app, session, scene) -> None:
    scene.appeal.send_letters = True
    now = utcnow()
    letter = compose(
        scene.appeal, scene.minister, supporter(scene), personal="", today=now.date(), url=""
    )
    slots = []
    for n in range(3):
        signature = make_signature(session, scene.appeal, email=f"s{n}@example.org")
        assert send_for_me(
            session,
            scene.appeal,
            scene.minister,
            signature,
            letter,
            now=now,
            per_hour=30,
            cc_copies=False,
        )
        session.flush()
        slots.append(session.scalars(select(Outbox).order_by(Outbox.id.desc())).first())
    assert [(m.next_attempt_at - now).total_seconds() for m in slots] == [0, 120, 240]
    assert next_slot(session, "other@example.org", now=now, per_hour=30) == now


@pytest.mark.parametrize(
    "name", ["Ana Ruiz", "ហ៊ុន សុខា", "محمد الأحمد", "Zoë Łukasiewicz", "刘晓波", "अनुराधा शर्मा"]
)
def test_the_pdf_puts_the_address_in_the_envelope_window(session, scene, name, caplog) -> None:
    letter = compose(
        scene.appeal,
        scene.minister,
        supporter(scene, name),
        personal="",
        today=date(2026, 3, 1),
        url="",
    )
    with caplog.at_level(logging.WARNING):
        pdf = letter_pdf(
            letter, scene.minister, supporter_name=name, today=date(2026, 3, 1), language="en"
        )
    assert "missing" not in caplog.text.lower()  # every letter of the name has a font
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), tm[4], tm[5]))

    text = page.extract_text(visitor_text=visit)
    assert "1 March 2026" in text and "Yours sincerely" in text
    height_mm = float(page.mediabox.height) * 25.4 / 72
    [(_, x, y)] = [f for f in found if f[0].startswith("Minister of Justice, Sok Minister")]
    assert 18 <= x * 25.4 / 72 <= 25  # 20 mm from the left edge
    assert 45 <= height_mm - y * 25.4 / 72 <= 55  # the window's top, about 45–50 mm down
    if name.isascii():
        assert name in text


def test_a_locked_sqlite_database_is_retried_then_given_up_on(session) -> None:
    from sqlalchemy.exc import OperationalError

    from campaign.signatures.retry import commit_with_retry

    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return "done"

    assert commit_with_retry(session, flaky) == "done" and len(calls) == 3

    def broken() -> None:
        raise OperationalError("INSERT", {}, Exception("no such table: x"))

    with pytest.raises(OperationalError):
        commit_with_retry(session, broken)  # not a lock: raised at once
