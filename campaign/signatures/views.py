"""Route helpers: turning forms and settings into service calls and pages.

They may read the request and the app's settings; the services they call do not.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import quote

from flask import Response, current_app, g, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from campaign.appeals.content import appeal_content
from campaign.i18n import current_language
from campaign.languages import same_language
from campaign.letters import RenderedLetter
from campaign.models import Appeal, Channel, Signature, Target, utcnow
from campaign.signatures import letters as letter_services
from campaign.signatures.abuse import ip_hash, over_flagged_mail_limit, over_sign_limit
from campaign.signatures.forms import CONSENT_TEXT, LetterForm, SignatureForm
from campaign.signatures.letters import PERSONAL_MAX_CHARS, Supporter
from campaign.signatures.links import external_url
from campaign.signatures.mail import email_language
from campaign.signatures.mailto import encode, mailto_url
from campaign.signatures.printing import address_lines, letter_pdf
from campaign.signatures.services import SignatureData, SignResult


def signature_data(
    form: SignatureForm,
    appeal: Appeal,
    *,
    source: str | None = None,
    consent_text: str | None = None,
    screen: bool = True,
) -> SignatureData:
    """A valid sign form (from the page, the embed or the API) as the service's input.

    The signature keeps the language the supporter read the form in (its e-mails are
    written in it) and, unless told otherwise, the consent wording as they saw it.
    `screen` applies the per-IP limit and the honeypot, as for any form a stranger
    fills in; an API client holding a token is trusted and limited per token instead.
    """
    hashed = ip_hash(request.remote_addr) if screen else None
    limited, mail_limited = _limits(hashed) if screen else (False, False)
    return SignatureData(
        name=form.name.data or "",
        email=form.email.data or "",
        country=form.country.data or "",
        postcode=form.postcode.data or None,
        city=form.city.data or None,
        consent=bool(form.consent.data),
        consent_text=str(CONSENT_TEXT) if consent_text is None else consent_text,
        language=current_language(),
        source=(source or form.source.data or "page")[:64],
        ip_hash=hashed,
        honeypot=screen and bool((form.website.data or "").strip()),
        rate_limited=limited,
        mail_limited=mail_limited,
    )


def screened(data: SignatureData) -> SignatureData:
    """`data` read by the quick path (campaign.signatures.quick), with the per-IP limit
    applied as signature_data applies it."""
    limited, mail_limited = _limits(data.ip_hash)
    return replace(data, rate_limited=limited, mail_limited=mail_limited)


def _limits(hashed: str | None) -> tuple[bool, bool]:
    """Beyond SIGN_RATE_LIMIT (flagged), and then beyond FLAGGED_MAIL_LIMIT (no e-mail)."""
    limited = sign_limit_reached(hashed)
    return limited, limited and over_flagged_mail_limit(hashed)


def sign_limit_reached(hashed: str | None) -> bool:
    """Count this request's attempt to sign against SIGN_RATE_LIMIT; True beyond it.
    Counted once per request, however often asked (the quick path asks, and the general
    path after it when the signature goes that way)."""
    if "sign_limit_reached" not in g:
        g.sign_limit_reached = over_sign_limit(hashed)
    return bool(g.sign_limit_reached)


def sign_options() -> dict[str, Any]:
    return {"canonical_providers": bool(current_app.config["EMAIL_CANONICAL_PROVIDERS"])}


def supporter_after_signing(
    result: SignResult, data: SignatureData, appeal: Appeal, signed_here: int | None = None
) -> Supporter:
    """Who the letter pages address: what was typed, linked to the row only if it is new
    or this browser made it (`signed_here`, from its own signed cookie)."""
    linked = result.created or result.signature.id == signed_here
    return signer(data, appeal.id, result.signature.id if linked else None)


def signer(data: SignatureData, appeal_id: int, signature_id: int | None) -> Supporter:
    return Supporter(
        appeal_id=appeal_id,
        name=data.name,
        country=data.country,
        city=data.city or "",
        postcode=data.postcode or "",
        signature_id=signature_id,
    )


def appeal_target(appeal: Appeal, target_id: int) -> Target | None:
    """A primary target of the appeal (letters go to them; copies follow in CC)."""
    return next((t for t in appeal.primary_targets if t.id == target_id), None)


def compose(appeal: Appeal, target: Target, supporter: Supporter, form: LetterForm):
    return letter_services.compose(
        appeal,
        target,
        supporter,
        personal=form.personal.data or "",
        today=utcnow().date(),
        url=external_url("appeals.show", slug=appeal.slug),
    )


def for_reading(
    appeal: Appeal, target: Target, supporter: Supporter, form: LetterForm, letter: RenderedLetter
) -> RenderedLetter | None:
    """The letter in the supporter's interface language, when it is not the one sent."""
    return letter_services.compose_for_reading(
        appeal,
        target,
        supporter,
        language=current_language(),
        sent_language=letter.language,
        personal=form.personal.data or "",
        today=utcnow().date(),
        url=external_url("appeals.show", slug=appeal.slug),
    )


def _mailto(
    appeal: Appeal, target: Target, letter: RenderedLetter, form: LetterForm
) -> tuple[str | None, bool]:
    """The mail-app link for the letter (None without an address) and whether it was cut;
    a letter too long loses part of the supporter's own paragraph first."""
    if not target.email:
        return None, False
    return mailto_url(
        [target.email],
        letter.subject,
        letter.body,
        cc=letter_services.copy_addresses(appeal),
        max_length=int(current_app.config["MAILTO_MAX_LENGTH"]),
        own=letter_services.clean_personal(form.personal.data or ""),
    )


def letter_preview(
    appeal: Appeal, target: Target, supporter: Supporter, form: LetterForm
) -> dict[str, Any]:
    """The letter with the paragraph as typed so far, for the letter page to show (JSON)."""
    letter = compose(appeal, target, supporter, form)
    mailto, cut = _mailto(appeal, target, letter, form)
    return {"subject": letter.subject, "body": letter.body, "mailto": mailto, "mailto_cut": cut}


def letter_page(
    appeal: Appeal, target: Target, supporter: Supporter, form: LetterForm, *, action: str | None
) -> str:
    letter = compose(appeal, target, supporter, form)
    cc = letter_services.copy_addresses(appeal)
    mailto, cut = _mailto(appeal, target, letter, form)
    template = "signatures/print.html" if action == "print" else "signatures/letter.html"
    return render_template(
        template,
        appeal=appeal,
        content=appeal_content(appeal, current_language()),
        target=target,
        supporter=supporter,
        form=form,
        letter=letter,
        reading=for_reading(appeal, target, supporter, form, letter) if action != "print" else None,
        target_reads_it=any(
            same_language(lang, letter.language) for lang in target.languages or []
        ),
        mailto=mailto,
        mailto_cut=cut,
        cc=cc,
        action=action,
        can_send_for_me=letter_services.can_send_for_me(appeal, target),
        address_lines=address_lines(target),
        today=utcnow().date(),
        personal_max_chars=PERSONAL_MAX_CHARS,
    )


def record(
    session: Session,
    appeal: Appeal,
    target: Target,
    supporter: Supporter,
    form: LetterForm,
    channel: Channel,
) -> None:
    letter_services.record_send(
        session,
        appeal,
        target,
        channel,
        signature_id=supporter.signature_id,
        letter=compose(appeal, target, supporter, form),
        now=utcnow(),
    )


def pdf_response(
    appeal: Appeal, target: Target, supporter: Supporter, form: LetterForm
) -> Response:
    letter = compose(appeal, target, supporter, form)
    data = letter_pdf(
        letter,
        target,
        supporter_name=supporter.name,
        today=utcnow().date(),
        language=letter.language,
    )
    filename = f"letter-{appeal.slug}-{target.id}.pdf"
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def send_for_me(
    session: Session,
    appeal: Appeal,
    target: Target,
    supporter: Supporter,
    signature: Signature | None,
    form: LetterForm,
) -> bool:
    config = current_app.config
    letter = compose(appeal, target, supporter, form)
    # In the letter's language (the official's), not the supporter's interface.
    with force_locale(email_language(letter.language)):
        footer = _(
            "Sent on behalf of %(name)s through %(site)s. Replies to this message reach them "
            "directly.",
            name=supporter.name,
            site=config["BASE_URL"],
        )
    return letter_services.send_for_me(
        session,
        appeal,
        target,
        signature,
        letter,
        now=utcnow(),
        per_hour=int(config["LETTERS_PER_TARGET_PER_HOUR"]),
        cc_copies=bool(config["LETTER_CC_COPY_TARGETS"]),
        footer=f"\n--\n{footer}\n",
    )


def share_links(appeal: Appeal, title: str | None = None) -> list[tuple[str, str]]:
    """Plain links to share the appeal: nothing is loaded from the sites they point at.

    `title` is the one the page shows (a translation's, for a reader of its language).
    """
    url = external_url("appeals.show", slug=appeal.slug)
    text = title or appeal.title
    u, t = quote(url, safe=""), quote(text, safe="")
    message = f"{text}\n\n{url}"
    body = quote(message, safe="")
    return [
        (_("E-mail"), f"mailto:?subject={t}&body={encode(message)}"),
        ("WhatsApp", f"https://wa.me/?text={body}"),
        ("Telegram", f"https://t.me/share/url?url={u}&text={t}"),
        ("X (Twitter)", f"https://twitter.com/intent/tweet?url={u}&text={t}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("Bluesky", f"https://bsky.app/intent/compose?text={body}"),
    ]
