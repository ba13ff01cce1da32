"""A supporter's letter to one target: composed from the appeal's template in the
sandbox, then sent by mailto, by the platform (the outbox), or printed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from campaign.appeals.content import content_in
from campaign.countries import country_name
from campaign.deadlines import deadline_day
from campaign.languages import UnknownLanguage, best_match, normalise, same_language
from campaign.letters import (
    AppealView,
    LetterContext,
    RenderedLetter,
    SupporterView,
    TargetView,
    draft_letter,
    render_letter,
)
from campaign.models import (
    Appeal,
    Channel,
    Flag,
    LetterSend,
    LetterTemplate,
    Outbox,
    OutboxStatus,
    Signature,
    Target,
)
from campaign.outbox.services import queue_email

PERSONAL_MAX_CHARS = 1000


@dataclass(frozen=True)
class Supporter:
    """Who is writing: what they typed when signing, kept in their own session.

    `signature_id` is None when the address had signed before: the page must not
    link a stranger to someone else's signature.
    """

    appeal_id: int
    name: str
    country: str
    city: str = ""
    postcode: str = ""
    signature_id: int | None = None

    def to_session(self) -> dict[str, Any]:
        return {
            "a": self.appeal_id,
            "n": self.name,
            "c": self.country,
            "y": self.city,
            "p": self.postcode,
            "s": self.signature_id,
        }

    @classmethod
    def from_session(cls, value: Any) -> Supporter | None:
        try:
            return cls(
                appeal_id=int(value["a"]),
                name=str(value["n"]),
                country=str(value["c"]),
                city=str(value.get("y") or ""),
                postcode=str(value.get("p") or ""),
                signature_id=value.get("s"),
            )
        except (KeyError, TypeError, ValueError):
            return None

    @classmethod
    def of(cls, signature: Signature, *, linked: bool = True) -> Supporter:
        return cls(
            appeal_id=signature.appeal_id,
            name=signature.name or "",
            country=signature.country,
            city=signature.city or "",
            postcode=signature.postcode or "",
            signature_id=signature.id if linked else None,
        )


class LetterUnavailable(Exception):
    """This way of sending is not offered for this appeal or target."""


class NotConfirmed(Exception):
    """The platform sends letters only for confirmed signatures."""


def target_languages(target: Target) -> list[str]:
    """The target's languages in order of preference, unknown codes left out."""
    found = []
    for tag in target.languages or []:
        try:
            found.append(normalise(str(tag)))
        except UnknownLanguage:
            continue
    return found


def find_template(appeal: Appeal, target: Target, languages: list[str]) -> LetterTemplate | None:
    """The first letter in `languages` order: the target's own in a language, then the
    default one in it, then the next language; None when no language has a letter."""
    own = [t for t in appeal.letters if t.target_id == target.id]
    default = [t for t in appeal.letters if t.target_id is None]
    for language in languages:
        for candidates in (own, default):
            found = best_match(language, [t.language for t in candidates])
            if found is not None:
                return next(t for t in candidates if t.language == found)
    return None


def letter_template(appeal: Appeal, target: Target) -> LetterTemplate | None:
    """The letter `target` receives, in the first of its languages that has one, else in
    the appeal's language; the target's own letter before the default in each."""
    preferences = [*target_languages(target), appeal.language]
    found = find_template(appeal, target, preferences)
    if found is not None:
        return found
    # A letter marked with another language than the appeal's (its language was changed).
    own = [t for t in appeal.original_letters if t.target_id == target.id]
    default = [t for t in appeal.original_letters if t.target_id is None]
    return (own or default or [None])[0]


def letter_context(
    appeal: Appeal,
    target: Target,
    supporter: Supporter,
    *,
    personal: str,
    today: date,
    url: str,
    language: str | None = None,
) -> LetterContext:
    """What the template sees, in the letter's `language` (the appeal's by default):
    the appeal's translation into it when there is one, country names and dates in it."""
    language = language or appeal.language
    content = content_in(appeal, language)
    return LetterContext(
        supporter=SupporterView(
            name=supporter.name,
            city=supporter.city,
            country=country_name(supporter.country, language),
            postcode=supporter.postcode,
        ),
        target=TargetView(
            name=target.name,
            title=target.title,
            organisation=target.organisation,
            salutation=target.salutation,
            postal_address=target.postal_address,
        ),
        appeal=AppealView.of(
            content.title,
            list(content.demands),
            summary=content.summary,
            url=url,
            subjects=tuple(s.name for s in appeal.subjects),
            deadline=deadline_day(appeal.deadline),
        ),
        today=today,
        personal=clean_personal(personal),
        language=language,
    )


def compose(
    appeal: Appeal, target: Target, supporter: Supporter, *, personal: str, today: date, url: str
) -> RenderedLetter:
    """The letter as plain text, in the target's language; if the organiser's letter
    cannot render, the one in the appeal's language, then the model letter."""
    chosen = letter_template(appeal, target)
    original = find_template(appeal, target, [appeal.language])
    for template in dict.fromkeys(t for t in (chosen, original) if t is not None):
        letter = _render(appeal, target, supporter, template, personal, today, url)
        if letter is not None:
            return letter
    context = letter_context(appeal, target, supporter, personal=personal, today=today, url=url)
    subject, body = draft_letter(
        context.appeal.subjects, context.appeal.summary, context.target, context.language
    )
    letter, errors = render_letter(subject, body, context)
    if letter is None:  # the model letter always renders; this is a programming error
        raise RuntimeError(f"the model letter failed: {errors}")
    return letter


def compose_for_reading(
    appeal: Appeal,
    target: Target,
    supporter: Supporter,
    *,
    language: str,
    sent_language: str,
    personal: str,
    today: date,
    url: str,
) -> RenderedLetter | None:
    """The letter in the supporter's `language`, to read beside the one sent in
    `sent_language`; None when they are the same language or there is no such letter."""
    if same_language(language, sent_language):
        return None
    template = find_template(appeal, target, [language])
    if template is None:
        return None
    return _render(appeal, target, supporter, template, personal, today, url)


def _render(
    appeal: Appeal,
    target: Target,
    supporter: Supporter,
    template: LetterTemplate,
    personal: str,
    today: date,
    url: str,
) -> RenderedLetter | None:
    context = letter_context(
        appeal,
        target,
        supporter,
        personal=personal,
        today=today,
        url=url,
        language=template.language,
    )
    letter, _errors = render_letter(template.subject, template.body, context)
    return letter


def clean_personal(text: str) -> str:
    """The supporter's paragraph as plain text: control characters out, length bounded."""
    kept = "".join(ch for ch in text if ch in "\n\t" or (ch >= " " and ch != "\x7f"))
    lines = [line.rstrip() for line in kept.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()[:PERSONAL_MAX_CHARS]


def record_send(
    session: Session,
    appeal: Appeal,
    target: Target,
    channel: Channel,
    *,
    signature_id: int | None,
    letter: RenderedLetter,
    now: datetime,
) -> LetterSend:
    """Note that a letter went out; its text only if the appeal keeps letter texts.

    One record per supporter, target and channel: printing the page and then saving the
    PDF, or opening the mail app twice, is still one letter in the counts.
    """
    if signature_id is not None:
        earlier = session.scalar(
            select(LetterSend).where(
                LetterSend.signature_id == signature_id,
                LetterSend.target_id == target.id,
                LetterSend.channel == channel,
            )
        )
        if earlier is not None:
            return earlier
    send = LetterSend(
        appeal_id=appeal.id,
        target_id=target.id,
        signature_id=signature_id,
        channel=channel,
        created_at=now,
        body=f"{letter.subject}\n\n{letter.body}" if appeal.keep_letter_text else None,
    )
    session.add(send)
    return send


def letters_written(session: Session, signature_id: int | None) -> dict[int, set[Channel]]:
    """How the supporter of `signature_id` has written to each official so far, by target
    id: the list of officials says whom they have written to already."""
    if signature_id is None:
        return {}
    written: dict[int, set[Channel]] = {}
    rows = session.execute(
        select(LetterSend.target_id, LetterSend.channel).where(
            LetterSend.signature_id == signature_id
        )
    )
    for target_id, channel in rows:
        written.setdefault(target_id, set()).add(channel)
    return written


def copy_addresses(appeal: Appeal) -> list[str]:
    """The addresses a letter is copied to: the appeal's copy targets that have one."""
    return [t.email for t in appeal.copy_targets if t.email]


def can_send_for_me(appeal: Appeal, target: Target) -> bool:
    return appeal.send_letters and bool(target.email)


def send_for_me(
    session: Session,
    appeal: Appeal,
    target: Target,
    signature: Signature | None,
    letter: RenderedLetter,
    *,
    now: datetime,
    per_hour: int,
    cc_copies: bool,
    footer: str = "",
) -> bool:
    """Queue the letter from the platform with Reply-To the supporter; False if it was
    queued before. Flagged signatures are told it went, but nothing is sent."""
    if not can_send_for_me(appeal, target) or signature is None or signature.email is None:
        raise LetterUnavailable
    # A signature flagged for its network's numbers was sent the confirmation e-mail too
    # (unless a honeypot's): confirming it, which clears the flag, comes first.
    unconfirmed = appeal.confirm_signatures and signature.confirmed_at is None
    if unconfirmed and signature.flag is not Flag.HONEYPOT:
        raise NotConfirmed
    if signature.flag is not None:
        return True
    assert target.email is not None
    cc = copy_addresses(appeal) if cc_copies else []
    # Before queueing: the new row must not count as the latest one.
    slot = next_slot(session, target.email, now=now, per_hour=per_hour)
    message = queue_email(
        session,
        kind="letter",
        to=target.email,
        subject=letter.subject,
        body_text=letter.body + footer,
        now=now,
        reply_to=signature.email,
        cc=cc,
        appeal=appeal,
        signature=signature,
        dedupe_key=f"letter:{signature.id}:{target.id}",
    )
    if message is None:
        return False
    message.next_attempt_at = slot
    record_send(
        session, appeal, target, Channel.EMAIL, signature_id=signature.id, letter=letter, now=now
    )
    return True


def next_slot(session: Session, address: str, *, now: datetime, per_hour: int) -> datetime:
    """When the next letter to `address` may go: spaced evenly, `per_hour` an hour."""
    if per_hour <= 0:
        return now
    latest = session.scalar(
        select(func.max(Outbox.next_attempt_at)).where(
            Outbox.kind == "letter",
            Outbox.to_addr == address,
            Outbox.status == OutboxStatus.PENDING,
        )
    )
    if latest is None:
        return now
    return max(now, latest + timedelta(seconds=3600 / per_hour))
