"""Signing and confirming. Plain functions handed a Session; they never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from campaign.database import insert_unless_conflict
from campaign.models import Appeal, AppealStatus, Flag, Signature
from campaign.signatures.addresses import canonical_email
from campaign.signatures.mail import (
    PreparedEmail,
    follow_up,
    prepare_supporter_email,
    queue_supporter_email,
)
from campaign.signatures.tokens import Purpose, fingerprint_matches, read_signature_token
from campaign.webhooks import events as webhook_events


class AppealClosed(Exception):
    """The appeal no longer accepts signatures."""


@dataclass(frozen=True)
class SignatureData:
    """What the sign form gathered, already checked for shape."""

    name: str
    email: str  # normalised: as given, domain lower-cased
    country: str
    postcode: str | None = None
    city: str | None = None
    consent: bool = False
    consent_text: str = ""
    language: str = "en"
    source: str = "page"
    ip_hash: str | None = None
    honeypot: bool = False  # the invisible field was filled in
    rate_limited: bool = False  # beyond SIGN_RATE_LIMIT: flagged, counts once confirmed
    mail_limited: bool = False  # rate limited and beyond FLAGGED_MAIL_LIMIT: no e-mail

    @property
    def gets_mail(self) -> bool:
        """Whether the signer may be e-mailed. A filled-in honeypot is a bot's; a flagged
        signature from a crowded network is often a person's, and confirming is how it
        comes to count, up to the limit that keeps the site from mailing whoever a
        script names."""
        return not (self.honeypot or self.mail_limited)


@dataclass(frozen=True)
class PreparedSignature:
    """What signing works out before its transaction: the canonical address and the
    e-mail that follows (confirmation or receipt), rendered (see PreparedEmail)."""

    canonical: str
    email: PreparedEmail | None


@dataclass(frozen=True)
class SignResult:
    signature: Signature  # the new signature, or the one the address had already made
    created: bool


def sign(
    session: Session,
    appeal: Appeal,
    data: SignatureData,
    *,
    now: datetime,
    canonical_providers: bool = True,
    prepared: PreparedSignature | None = None,
    signed_here: int | None = None,
) -> SignResult:
    """Add a signature, or find the address's earlier one; queue the e-mail that follows.

    The unique index (appeal, canonical e-mail) decides duplicates (INSERT … ON CONFLICT
    DO NOTHING), so that two racing requests cannot both insert. `prepared` (from
    prepare(), called before the transaction) keeps that work out of it. `signed_here`:
    the signature this browser made on the appeal, if any; the same again (a double
    click, a reload) is not news to tell the address about.
    """
    if not still_open(session, appeal, now):
        raise AppealClosed
    if prepared is None:
        prepared = prepare(appeal, data, now=now, canonical_providers=canonical_providers)
    canonical = prepared.canonical
    signature = _new_signature(appeal, data, canonical, now)
    flag = signature.flag
    if not insert_unless_conflict(session, signature, ["appeal_id", "email_canonical"]):
        existing = session.scalar(
            select(Signature).where(
                Signature.appeal_id == appeal.id, Signature.email_canonical == canonical
            )
        )
        if existing is None:  # pragma: no cover - the conflict was on this very row
            raise RuntimeError("a signature conflicted with a row that is not there")
        if flag is None and _reclaimable(existing):
            signature = _reclaim(existing, data, now)
        else:
            if flag is None and existing.id != signed_here:
                _tell_already_signed(session, existing, appeal, now)
            return SignResult(existing, created=False)
    if gets_follow_up(appeal, data):
        name, key = follow_up(appeal)
        queue_supporter_email(
            session,
            name,
            signature,
            appeal,
            now=now,
            dedupe_key=key(signature.id),
            prepared=prepared.email,
        )
    if flag is None and not appeal.confirm_signatures:  # it counts from now
        webhook_events.signature_confirmed(session, signature, now=now)
    return SignResult(signature, created=True)


def still_open(session: Session, appeal: Appeal, now: datetime) -> bool:
    """Whether the appeal accepts signatures, from its row as it is now: read inside the
    signing transaction, so that a signature never lands after the appeal closed (the
    appeal object itself may have been loaded before the transaction)."""
    # Through the session (not its connection): a change to the appeal not yet flushed
    # is flushed first, and so read.
    status, deadline = session.execute(_appeal_status(), {"id": appeal.id}).one()
    return status is AppealStatus.LIVE and (deadline is None or now < deadline)


@cache
def _appeal_status() -> Select[tuple[AppealStatus, datetime | None]]:
    """Built once (its cache key with it): the id travels as a parameter."""
    return select(Appeal.status, Appeal.deadline).where(Appeal.id == bindparam("id"))


def prepare(
    appeal: Appeal, data: SignatureData, *, now: datetime, canonical_providers: bool = True
) -> PreparedSignature:
    """The work of sign() that needs no database: done before its transaction begins, so
    that the (SQLite: database-wide) write lock is held for the INSERTs and commit only."""
    canonical = canonical_email(data.email, providers=canonical_providers)
    email = None
    if gets_follow_up(appeal, data):
        draft = _new_signature(appeal, data, canonical, now)
        email = prepare_supporter_email(follow_up(appeal)[0], draft, appeal)
    return PreparedSignature(canonical, email)


def gets_follow_up(appeal: Appeal, data: SignatureData) -> bool:
    """Whether a new signature is e-mailed: its confirmation, which is how a flagged one
    from a crowded network comes to count; or its receipt, which says that it is added,
    so not for a flagged one (it waits for staff, who send it on accepting it)."""
    if appeal.confirm_signatures:
        return data.gets_mail
    return data.gets_mail and not data.rate_limited


def _new_signature(appeal: Appeal, data: SignatureData, canonical: str, now: datetime) -> Signature:
    return Signature(**signature_values(appeal.id, data, canonical, now))


def signature_values(
    appeal_id: int, data: SignatureData, canonical: str, now: datetime
) -> dict[str, Any]:
    """The columns of a new signature from what the form gathered."""
    flag = Flag.HONEYPOT if data.honeypot else Flag.RATE_LIMIT if data.rate_limited else None
    return {
        "appeal_id": appeal_id,
        "name": data.name,
        "email": data.email,
        "email_canonical": canonical,
        "country": data.country,
        "postcode": data.postcode or None,
        "city": data.city or None,
        "consent": data.consent,
        "consent_text": data.consent_text or None,
        "language": data.language,
        "source": data.source,
        "ip_hash": data.ip_hash,
        "flag": flag,
        "created_at": now,
    }


def _reclaimable(existing: Signature) -> bool:
    """A flagged, never-confirmed row: what a bot (or a crowded network) left behind."""
    return existing.flag is not None and existing.confirmed_at is None


def _reclaim(existing: Signature, data: SignatureData, now: datetime) -> Signature:
    """Let a clean request take over a flagged row for its address, as if newly signed.

    Otherwise a bot that used someone's address, or a limit tripped behind a shared
    network, would keep that person's real signature from ever counting.
    """
    fresh = _new_signature(existing.appeal, data, existing.email_canonical or "", now)
    for column in ("name", "email", "country", "postcode", "city", "consent", "consent_text"):
        setattr(existing, column, getattr(fresh, column))
    existing.language, existing.source, existing.ip_hash = data.language, data.source, data.ip_hash
    existing.flag = None
    existing.created_at = now
    return existing


def _tell_already_signed(
    session: Session, signature: Signature, appeal: Appeal, now: datetime
) -> None:
    """E-mail the address that it had signed (at most once a day, so no one is mail-bombed)."""
    queue_supporter_email(
        session,
        "already_signed",
        signature,
        appeal,
        now=now,
        dedupe_key=f"already-signed:{signature.id}:{now.date().isoformat()}",
    )


def signature_from_token(session: Session, purpose: Purpose, token: str) -> Signature | None:
    """The signature a valid token names, if it still holds the address it was made for."""
    parsed = read_signature_token(purpose, token)
    if parsed is None:
        return None
    signature = session.get(Signature, parsed[0])
    if signature is None or not fingerprint_matches(parsed[1], signature.email_canonical):
        return None
    return signature


def confirm(session: Session, signature: Signature, *, now: datetime) -> bool:
    """Confirm a signature (double opt-in); False if it was confirmed before.

    Raises AppealClosed once the appeal has closed (by the organiser or its deadline): a
    signature not confirmed by then does not count, so that the figures handed over at
    closing stay as they were (its moment would come after the close).
    """
    if signature.confirmed_at is not None:
        return False
    if not still_open(session, signature.appeal, now):
        raise AppealClosed
    signature.confirmed_at = now
    if signature.flag is Flag.RATE_LIMIT:
        # Flagged for the number of signatures from its network, not for anything it did:
        # the link reached a mailbox, which is what the limit could not tell. It counts.
        signature.flag = None
    if signature.flag is None and signature.invalidated_at is None:
        webhook_events.signature_confirmed(session, signature, now=now)
    return True


def needs_confirmation(signature: Signature, appeal: Appeal) -> bool:
    return appeal.confirm_signatures and signature.confirmed_at is None


def counted_condition(appeal: Appeal) -> list[object]:
    """SQL conditions for a signature that counts: confirmed if required, not flagged,
    not invalidated (the definition the staff's counts use)."""
    conditions: list[object] = [
        Signature.appeal_id == appeal.id,
        Signature.flag.is_(None),
        Signature.invalidated_at.is_(None),
    ]
    if appeal.confirm_signatures:
        conditions.append(Signature.confirmed_at.is_not(None))
    return conditions


def send_reminders(session: Session, *, now: datetime, delay: timedelta) -> int:
    """Queue the one reminder each unconfirmed signature gets, `delay` after signing."""
    due = session.scalars(
        select(Signature)
        .join(Appeal, Appeal.id == Signature.appeal_id)
        .where(
            Appeal.status == AppealStatus.LIVE,
            Appeal.confirm_signatures.is_(True),
            Signature.confirmed_at.is_(None),
            Signature.reminded_at.is_(None),
            Signature.flag.is_(None),
            Signature.invalidated_at.is_(None),
            Signature.anonymised_at.is_(None),
            Signature.unsubscribed_at.is_(None),
            Signature.created_at <= now - delay,
        )
        .order_by(Signature.id)
    ).all()
    sent = 0
    for signature in due:
        signature.reminded_at = now  # set even if not queued: never a second reminder
        if not signature.appeal.is_open(now):
            continue
        if queue_supporter_email(
            session,
            "reminder",
            signature,
            signature.appeal,
            now=now,
            dedupe_key=f"reminder:{signature.id}",
        ):
            sent += 1
    return sent
