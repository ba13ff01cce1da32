"""What a sign POST reads and builds: no more than it needs, and the same results as
when it built everything afresh."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import event

from campaign.appeals.content import appeal_content, appeal_title
from campaign.extensions import db
from campaign.models import AppealTranslation, Signature
from campaign.signatures.links import external_url
from campaign.signatures.mail import (
    NAME_MARKER,
    fill_links,
    prepare_supporter_email,
    render_supporter_email,
    supporter_links,
)
from campaign.signatures.tokens import Purpose, read_signature_token, signature_token
from tests.conftest import csrf_token
from tests.signatures.conftest import outbox, sign, signatures

FINGERPRINT = hashlib.sha256(b"ana@example.org").hexdigest()[:16]


@pytest.fixture
def statements(app):
    """The SQL statements the app runs, in order."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_signing_in_the_appeals_language_reads_its_row_only(
    client, session, scene, statements
) -> None:
    client.get(f"/a/{scene.appeal.slug}")  # the form's token
    session.expire_all()
    statements.clear()
    assert sign(client, scene.appeal).status_code == 303
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    for table in ("demands", "subjects", "appeal_targets", "appeal_updates"):
        assert not any(f"FROM {table}" in s for s in reads), (table, reads)
    [message] = outbox(session, "confirm")
    assert scene.appeal.title in message.subject


def test_the_confirmation_names_the_appeal_as_the_signer_reads_it(client, session, scene) -> None:
    scene.appeal.translations = [
        AppealTranslation(language="fr", title="Libérez Sok Chea",
                          demands=["Libérer le prisonnier", "Abandonner toutes les charges"]),
    ]  # fmt: skip
    session.flush()
    headers = {"Accept-Language": "fr-FR,fr;q=0.9"}
    token = csrf_token(client, f"/a/{scene.appeal.slug}")
    session.expire_all()
    response = client.post(
        f"/a/{scene.appeal.slug}/sign",
        data={
            "csrf_token": token,
            "name": "Ana Ruiz",
            "email": "ana@example.org",
            "country": "FR",
            "website": "",
        },
        headers=headers,
    )
    assert response.status_code == 303
    [message] = outbox(session, "confirm")
    assert "Libérez Sok Chea" in message.subject and "Free Sok Chea" not in message.subject
    [signature] = signatures(session, scene.appeal)
    assert signature.language == "fr"


def test_appeal_title_is_the_title_of_the_content_a_reader_sees(session, scene) -> None:
    scene.appeal.translations = [
        AppealTranslation(language="fr", title="Libérez Sok Chea", demands=["a", "b"]),
        AppealTranslation(language="es", title="Liberen", demands=["a"]),  # incomplete
    ]
    session.flush()
    for language in ("en", "fr", "fr-CA", "es", "de", ""):
        assert appeal_title(scene.appeal, language) == appeal_content(scene.appeal, language).title
    assert appeal_title(scene.appeal, "fr") == "Libérez Sok Chea"
    assert appeal_title(scene.appeal, "es") == scene.appeal.title


def test_links_follow_each_apps_base_url_and_secret(app, session, scene) -> None:
    with app.app_context():
        first_url = external_url("appeals.show", slug="free-sok")
        first_token = signature_token(Purpose.CONFIRM, 7, "ana@example.org")
        assert read_signature_token(Purpose.CONFIRM, first_token) is not None
    base, key = app.config["BASE_URL"], app.config["SECRET_KEY"]
    app.config["BASE_URL"], app.config["SECRET_KEY"] = "https://other.example/sub", "another"
    try:
        with app.app_context():
            assert external_url("appeals.show", slug="free-sok") == (
                "https://other.example/sub/a/free-sok"
            )
            # A token signed with the previous key is not good under this one.
            assert read_signature_token(Purpose.CONFIRM, first_token) is None
            token = signature_token(Purpose.CONFIRM, 7, "ana@example.org")
            assert read_signature_token(Purpose.CONFIRM, token) == (7, FINGERPRINT)
            assert read_signature_token(Purpose.LETTER, token) is None
    finally:
        app.config["BASE_URL"], app.config["SECRET_KEY"] = base, key
    with app.app_context():
        assert external_url("appeals.show", slug="free-sok") == first_url
        assert read_signature_token(Purpose.CONFIRM, first_token) is not None


SIGNERS = [
    {"name": "Ana Ruiz", "email": "ana@example.org", "country": "CL", "city": "Valparaíso",
     "postcode": None, "consent": True, "language": "en", "source": "page"},
    {"name": "Jean  d’Arc %(title)s", "email": "jean@example.fr", "country": "FR",
     "city": None, "postcode": "75001", "consent": False, "language": "fr",
     "source": "newsletter"},
    {"name": "Marie-Ève", "email": "marie@example.ca", "country": "CA", "city": "Québec",
     "postcode": "G1R", "consent": True, "language": "fr-CA", "source": "page"},
]  # fmt: skip


@pytest.mark.parametrize("fields", SIGNERS)
def test_a_prepared_confirmation_is_the_email_rendered_for_the_signer(
    app, session, scene, fields
) -> None:
    """The text is rendered once per appeal and language with a marker for the name:
    it must be, for every signer, what rendering it for them gives."""
    scene.appeal.translations = [
        AppealTranslation(language="fr", title="Libérez Sok Chea",
                          demands=[d.text for d in scene.appeal.demands]),
    ]  # fmt: skip
    session.flush()
    with app.test_request_context():
        for other in SIGNERS:  # the first render for the language may be another signer's
            prepare_supporter_email("confirm", _draft(scene.appeal, other), scene.appeal)
        draft = _draft(scene.appeal, fields)
        prepared = prepare_supporter_email("confirm", draft, scene.appeal)
        draft.id = 41
        links = supporter_links(draft, scene.appeal)
        # As the worker fills it when it sends the message.
        filled = fill_links(prepared.subject, links), fill_links(prepared.body, links)
        assert filled == render_supporter_email("confirm", draft, scene.appeal, links)
        assert fields["name"] in prepared.body and NAME_MARKER not in filled[1]


def test_a_prepared_confirmation_follows_the_appeals_title(app, session, scene) -> None:
    with app.test_request_context():
        draft = _draft(scene.appeal, SIGNERS[0])
        before = prepare_supporter_email("confirm", draft, scene.appeal)
        scene.appeal.title = "Free Sok Chea now"
        session.flush()
        after = prepare_supporter_email("confirm", draft, scene.appeal)
    assert "Free Sok Chea now" not in before.subject
    assert "Free Sok Chea now" in after.subject and "Free Sok Chea now" in after.body


def _draft(appeal, fields) -> Signature:
    return Signature(appeal_id=appeal.id, email_canonical=fields["email"], **fields)
