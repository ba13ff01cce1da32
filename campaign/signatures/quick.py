"""Signing's common case without WTForms or ORM objects: the path a surge takes.

Nearly every sign POST is plain: a new address, every field as the form asks, the appeal
live and unchanged since this process last read it. For those this module reads the form
with plain functions, keeps what signing needs of the appeal in the process (its id,
settings and confirmation e-mail, rendered with markers for the name and links), and
writes the signature and its e-mail on a connection of its own, run on the driver's cursor
(campaign.database.DriverStatement): on SQLite two INSERTs in one transaction, holding the
write lock as briefly as can be; on PostgreSQL one statement that inserts both rows
(prepare_insert_pair), committing by itself. The e-mail's signed links are left as
markers, filled by the outbox worker as it sends it.
Half the CPU of the general path, or less (README, "Speed under a surge").

Anything else returns None and goes the general way (SignatureForm, then
campaign.signatures.services.sign), which says what to correct, handles an address that
signed before, a flagged request, an appeal that asks for no confirmation or changed
since it was read. The rows written are the same either way: tests/signatures/
test_quick.py holds the two paths, and the form readers, to each other.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import current_app, request
from flask_babel import force_locale
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    bindparam,
    exists,
    or_,
    select,
)
from sqlalchemy.orm import Session

from campaign.appeals.services import public_appeal
from campaign.countries import is_country
from campaign.database import (
    NewRow,
    driver_statement,
    prepare_insert,
    prepare_insert_pair,
    statement_connection,
)
from campaign.extensions import db
from campaign.i18n import current_language, interface_languages
from campaign.models import Appeal, AppealStatus, Outbox, Signature
from campaign.models.base import UTCDateTime
from campaign.outbox.services import message_values
from campaign.signatures import forms
from campaign.signatures.abuse import ip_hash
from campaign.signatures.addresses import InvalidEmail, canonical_email, normalise_email
from campaign.signatures.form_token import from_this_site, token_is_valid
from campaign.signatures.letters import Supporter
from campaign.signatures.mail import (
    CONFIRM_KEY,
    PreparedEmail,
    confirm_key,
    email_language,
    marked_email,
)
from campaign.signatures.retry import write_with_retry
from campaign.signatures.services import SignatureData, signature_values
from campaign.signatures.views import sign_limit_reached, signer

# How long a process trusts what it read of an appeal for its e-mails (a translated
# title, say). Its status, deadline and last change are read again under the write lock
# with every signature, so no signature lands on a closed or edited appeal.
KEEP_SECONDS = 10.0
_KNOWN = "campaign.signable_appeals"


@dataclass(frozen=True)
class Sender:
    """What a sign POST tells of its sender besides the form."""

    language: str  # of the interface they read
    remote_addr: str | None
    same_site: bool  # the browser did not say the form came from another site

    @classmethod
    def of_request(cls) -> Sender:
        return cls(current_language(), request.remote_addr, from_this_site())


def read_form(
    form: Mapping[str, str], slug: str, sender: Sender | None = None
) -> SignatureData | None:
    """The sign form for the appeal at `slug` when its token is good and every field is
    plainly what SignatureForm accepts, else None: SignatureForm then reads it and says
    what is wrong. Nothing is counted against the sender's limit here. `sender`: the
    current request's by default."""
    sender = sender or Sender.of_request()
    if not token_is_valid(slug, form.get("csrf_token")) or not sender.same_site:
        return None
    if (form.get("website") or "").strip():
        return None  # the honeypot: flagged by the general path
    name = _plain(form.get("name"), forms.NAME_MAX)
    country = form.get("country") or ""
    city = _plain(form.get("city"), forms.CITY_MAX)
    postcode = _plain(form.get("postcode"), forms.POSTCODE_MAX)
    consent = form.get("consent")
    if not name or not forms.has_letter(name) or city is None or postcode is None:
        return None
    if not is_country(country):
        return None
    if consent is not None and consent not in forms.CONSENT_GIVEN:
        return None
    email = (form.get("email") or "").strip()
    if not email or len(email) > forms.EMAIL_MAX:
        return None
    try:
        email = normalise_email(
            email, check_deliverability=current_app.config["EMAIL_CHECK_DELIVERABILITY"]
        )
    except InvalidEmail:
        return None
    return SignatureData(
        name=name,
        email=email,
        country=country,
        postcode=postcode or None,
        city=city or None,
        consent=consent is not None,
        consent_text=_consent_text(sender.language),
        language=sender.language,
        source=forms.source_tag(form.get("source")),
        ip_hash=ip_hash(sender.remote_addr),
        # The per-IP limit is counted once the appeal is known to take signatures (sign).
    )


def _consent_text(language: str) -> str:
    """The consent wording in `language`, translated once per language."""
    text = _CONSENT_TEXTS.get(language)
    if text is None:
        with force_locale(language):
            text = _CONSENT_TEXTS[language] = str(forms.CONSENT_TEXT)
    return text


_CONSENT_TEXTS: dict[str, str] = {}


def _plain(value: str | None, longest: int) -> str | None:
    """The field tidied as SignatureForm tidies it ("" when empty), or None when the form
    would refuse it."""
    text = forms.tidy(value) or ""
    if len(text) > longest or not forms.is_plain(text):
        return None
    return text


@dataclass(frozen=True)
class SignableAppeal:
    """What signing needs of a live appeal, kept by the process between requests."""

    id: int
    slug: str
    updated_at: datetime
    confirm_emails: Mapping[str, PreparedEmail]  # by language, with markers
    read_at: float  # time.monotonic()


def signable(session: Session, slug: str, now: datetime) -> SignableAppeal | None:
    """The live appeal at `slug` that asks signers to confirm, as this process knows it
    (read again after KEEP_SECONDS), or None."""
    known: dict[str, SignableAppeal] = current_app.extensions.setdefault(_KNOWN, {})
    appeal = known.get(slug)
    if appeal is not None and time.monotonic() - appeal.read_at < KEEP_SECONDS:
        return appeal
    known.pop(slug, None)
    row = public_appeal(session, slug, content=False)
    if row is None or not row.is_open(now) or not row.confirm_signatures:
        return None
    appeal = SignableAppeal(
        id=row.id,
        slug=row.slug,
        updated_at=row.updated_at,
        confirm_emails={lang: marked_email("confirm", row, lang) for lang in interface_languages()},
        read_at=time.monotonic(),
    )
    known[slug] = appeal  # only appeals that exist and are live: the dict stays small
    return appeal


def forget(slug: str) -> None:
    current_app.extensions.get(_KNOWN, {}).pop(slug, None)


def sign(session: Session, slug: str, data: SignatureData, *, now: datetime) -> Supporter | None:
    """Sign the appeal at `slug` and queue the confirmation e-mail, committed; None, with
    nothing written, when this is not the common case."""
    appeal = signable(session, slug, now)
    email = appeal and appeal.confirm_emails.get(email_language(data.language))
    if appeal is None or email is None or data.honeypot:
        return None
    if sign_limit_reached(data.ip_hash):
        return None  # flagged by the general path, which reads the same answer

    canonical = canonical_email(
        data.email, providers=current_app.config["EMAIL_CANONICAL_PROVIDERS"]
    )
    # Everything that needs no row id is done before SQLite's write lock is taken: the
    # e-mail rendered, both rows' values converted for the driver. The e-mail's links,
    # signed for the new row, are made by the worker as it sends it (mail.LINK_MARKERS).
    bind = _bind(session)
    # Inserted only while the appeal takes signatures and is as it was when read.
    condition = {"signed_at": now, "appeal_updated_at": appeal.updated_at}
    values = signature_values(appeal.id, data, canonical, now)
    named = email.named(data.name)
    message = message_values(
        kind="confirm", to=data.email, subject=named.subject, body_text=named.body, now=now,
        appeal_id=appeal.id,
    )  # fmt: skip

    def not_inserted(connection: Connection) -> None:
        # The address had signed, or the appeal closed, passed its deadline or was
        # edited: the general path answers either. Only the second makes the process
        # read the appeal again (a repeat, a double click, must not).
        check = driver_statement(_still_unchanged(), connection.dialect)
        if not check.run(connection, {**condition, "appeal_id": appeal.id}).fetchone()[0]:
            forget(slug)

    if bind.dialect.name == "postgresql":
        # One statement inserts both rows, the e-mail's naming the signature's new id (no
        # lock to keep short here: PostgreSQL locks rows).
        pair = prepare_insert_pair(
            bind.dialect,
            NewRow(Signature, values, SIGNATURE_CONFLICT),
            NewRow(Outbox, message, MESSAGE_CONFLICT),
            "signature_id",
            only_if=_unchanged(),
            condition_values=condition,
            keyed={"dedupe_key": CONFIRM_KEY},
        )
        with statement_connection(bind) as connection:
            signature_id = pair.run(connection)
            if signature_id is None:
                not_inserted(connection)
                return None
        return signer(data, appeal.id, signature_id)

    signature_insert = prepare_insert(
        bind.dialect, Signature, values, SIGNATURE_CONFLICT,
        only_if=_unchanged(), condition_values=condition,
    )  # fmt: skip
    message_insert = prepare_insert(
        bind.dialect, Outbox, message | {"signature_id": None}, MESSAGE_CONFLICT
    )

    def work(connection: Connection) -> int | None:
        signature_id = signature_insert.run(connection)
        if signature_id is None:
            not_inserted(connection)
            return None
        message_insert.run(
            connection, {"dedupe_key": confirm_key(signature_id), "signature_id": signature_id}
        )
        return signature_id

    # On a connection of its own: what the session read (the appeal, now and then) is
    # not needed under the write lock.
    signature_id = write_with_retry(bind, work)
    if signature_id is None:
        return None
    return signer(data, appeal.id, signature_id)


SIGNATURE_CONFLICT = ("appeal_id", "email_canonical")
MESSAGE_CONFLICT = ("dedupe_key",)


def _bind(session: Session) -> Engine | Connection:
    """What the session writes with: the connection its factory is bound to (the tests',
    rolled back after each), else the app's engine. Not session.get_bind(), which makes
    the request a session only to ask it."""
    factory = getattr(session, "session_factory", None)
    bound = factory.kw.get("bind") if factory is not None else None
    return bound if bound is not None else db.engine


@cache
def _unchanged() -> ColumnElement[bool]:
    """True while the appeal of the signature still takes signatures and is as it was
    when read (the parameters of the signature's INSERT, and two of its own)."""
    return exists().where(
        Appeal.id == bindparam("appeal_id"),
        Appeal.status == AppealStatus.LIVE,
        or_(Appeal.deadline.is_(None), Appeal.deadline > bindparam("signed_at", type_=UTCDateTime)),
        Appeal.updated_at == bindparam("appeal_updated_at", type_=UTCDateTime),
    )


@cache
def _still_unchanged() -> Select[tuple[bool]]:
    """_unchanged on its own, for when the INSERT it guards returned nothing. Built once:
    driver_statement keeps one compiled statement per statement object."""
    return select(_unchanged())
