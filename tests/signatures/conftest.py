"""Fixtures for the supporter side: a live appeal with officials and letters, a real
SMTP server, and rate limits forgotten between tests."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from campaign.letters import draft_letter
from campaign.models import Appeal, LetterTemplate, Outbox, Signature, Target, TargetRole
from campaign.outbox.supporters import as_sent
from campaign.outbox.worker import app_transport, drain
from campaign.signatures.abuse import reset_limits
from tests.conftest import csrf_token
from tests.factories import add_target, make_appeal, make_target
from tests.outbox.smtp import SMTPServer, smtp_server

__all__ = ["smtp_server"]


@pytest.fixture(autouse=True)
def forget_rate_limits(app: Flask) -> None:
    with app.app_context():
        reset_limits()


@dataclass
class Scene:
    appeal: Appeal
    minister: Target
    embassy: Target


@pytest.fixture
def scene(session) -> Scene:
    appeal = make_appeal(session, slug="free-sok", title="Free Sok Chea")
    minister = make_target(session, name="Sok Minister", email="minister@example.org")
    embassy = make_target(
        session, name="The Embassy", title="", email="embassy@example.org", postal_address=""
    )
    add_target(session, appeal, minister, TargetRole.PRIMARY)
    add_target(session, appeal, embassy, TargetRole.COPY)
    subject, body = draft_letter(["Sok Chea"])
    session.add(LetterTemplate(appeal=appeal, subject=subject, body=body))
    session.flush()
    session.expire(appeal)
    return Scene(appeal, minister, embassy)


def sign_data(
    client: FlaskClient, appeal: Appeal, token_path: str | None = None, **fields: object
) -> dict[str, object]:
    data: dict[str, object] = {
        "csrf_token": csrf_token(client, token_path or f"/a/{appeal.slug}"),
        "name": "Ana Ruiz",
        "email": "ana@example.org",
        "country": "CL",
        "city": "Valparaíso",
        "postcode": "",
        "website": "",
    }
    data.update(fields)
    return data


def sign(client: FlaskClient, appeal: Appeal, **fields: object):
    return client.post(f"/a/{appeal.slug}/sign", data=sign_data(client, appeal, **fields))


def signatures(session, appeal: Appeal) -> list[Signature]:
    return list(session.scalars(select(Signature).where(Signature.appeal_id == appeal.id)))


def outbox(session, kind: str | None = None) -> list[Outbox]:
    query = select(Outbox).order_by(Outbox.id)
    if kind:
        query = query.where(Outbox.kind == kind)
    return list(session.scalars(query))


def sent_text(message: Outbox) -> str:
    """The body of `message` as the worker sends it: the signer's links in their places."""
    return as_sent(message)[1]


def deliver(app: Flask, session, server: SMTPServer) -> None:
    """Run the worker against the test SMTP server until nothing is due."""
    app.config["MAIL_URL"] = server.url
    try:
        drain(session, app_transport(app))
    finally:
        app.config["MAIL_URL"] = None


URL = re.compile(r"https?://\S+")


def link(text: str, path_part: str) -> str:
    """The path of the first link in `text` containing `path_part`."""
    for url in URL.findall(text):
        if path_part in url:
            return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])
    raise AssertionError(f"no link with {path_part!r} in:\n{text}")
