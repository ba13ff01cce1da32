"""Upgrading a database that holds data keeps every row: the first schema is filled, then
every later migration runs (on SQLite several rebuild tables to alter them)."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask_migrate import upgrade

from campaign.extensions import db
from tests.conftest import make_app
from tests.reliability.server import server_database

ROWS = {
    "users": "INSERT INTO users (id, email, name, password_hash, role, active, session_token) "
    "VALUES (1, 'ana@example.org', 'Ana', 'x', 'admin', true, 'tok')",
    "releases": "INSERT INTO releases (id, text, title) VALUES (1, 'Free Dara now.', 'Free Dara')",
    "appeals": "INSERT INTO appeals (id, slug, status, title, release_id, signature_count) "
    "VALUES (1, 'free-dara', 'live', 'Free Dara', 1, 2)",
    "targets": "INSERT INTO targets (id, name, country, email, languages) "
    "VALUES (1, 'Minister', 'KH', 'm@example.org', '[\"km\"]')",
    "appeal_targets": "INSERT INTO appeal_targets (id, appeal_id, target_id, role) "
    "VALUES (1, 1, 1, 'primary')",
    "subjects": "INSERT INTO subjects (id, appeal_id, name) VALUES (1, 1, 'Dara')",
    "demands": "INSERT INTO demands (id, appeal_id, position, text, span_start, span_end) "
    "VALUES (1, 1, 0, 'Release Dara', 0, 14)",
    "letter_templates": "INSERT INTO letter_templates (id, appeal_id, language, subject, body) "
    "VALUES (1, 1, 'en', 'Free Dara', '{{ target.salutation }}')",
    "signatures": "INSERT INTO signatures (id, appeal_id, name, email, email_canonical, country, "
    "consent, source) VALUES "
    "(1, 1, 'Sok Chea', 'sok@example.org', 'sok@example.org', 'KH', true, 'page'), "
    "(2, 1, 'Ngô Ñuñez', 'ngo@example.org', 'ngo@example.org', 'VN', false, 'page')",
    "letter_sends": "INSERT INTO letter_sends (id, appeal_id, target_id, signature_id, channel) "
    "VALUES (1, 1, 1, 1, 'mailto')",
    "outbox": "INSERT INTO outbox (id, kind, to_addr, cc, subject, body_text, headers, "
    "signature_id) VALUES (1, 'confirm', 'sok@example.org', '[]', 'Confirm', 'Click', '{}', 1)",
    "audit_events": "INSERT INTO audit_events (id, user_id, action, appeal_id, details) "
    "VALUES (1, 1, 'appeal.publish', 1, '{}')",
    "appeal_updates": "INSERT INTO appeal_updates (id, appeal_id, title) "
    "VALUES (1, 1, 'Trial set')",
}


def test_every_row_survives_every_migration(tmp_path) -> None:
    with server_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            upgrade(revision="0001")
            with db.engine.begin() as conn:
                for sql in ROWS.values():
                    conn.exec_driver_sql(sql)
            upgrade()
            with db.engine.connect() as conn:
                for table in ROWS:
                    query = f"SELECT count(*) FROM {table}"  # noqa: S608 (our own table names)
                    count = conn.execute(sa.text(query)).scalar()
                    assert count == (2 if table == "signatures" else 1), table
                name = conn.execute(sa.text("SELECT name FROM signatures WHERE id = 2")).scalar()
                assert name == "Ngô Ñuñez"
                origins = conn.execute(sa.text("SELECT embed_origins FROM appeals")).scalar()
                assert origins in ("[]", [])  # a new column gets its default on old rows
            db.engine.dispose()


def test_existing_translations_are_taken_to_translate_the_demands_as_they_are(tmp_path) -> None:
    app = make_app("sqlite:///" + str(tmp_path / "upgrade.sqlite"))
    with app.app_context():
        upgrade(revision="0008")
        with db.engine.begin() as conn:
            for sql in (
                "INSERT INTO appeals (id, slug, title) VALUES (1, 'free-dara', 'Free Dara')",
                "INSERT INTO demands (id, appeal_id, position, text) VALUES "
                "(1, 1, 1, 'Drop the charges'), (2, 1, 0, 'Release Dara')",
                "INSERT INTO appeal_translations (id, appeal_id, language, title, demands) "
                "VALUES (1, 1, 'fr', 'Libérez Dara', '[\"Libérer\", \"Abandonner\"]')",
            ):
                conn.exec_driver_sql(sql)
        upgrade()
        with db.engine.connect() as conn:
            sources = conn.execute(sa.text("SELECT source_demands FROM appeal_translations"))
            assert json.loads(sources.scalar()) == ["Release Dara", "Drop the charges"]
        db.engine.dispose()
