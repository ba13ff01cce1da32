"""Everything the appeal's review page shows besides its form."""

from __future__ import annotations

from typing import Any

from campaign.extensions import db
from campaign.models import Appeal, utcnow
from campaign.organise.forms import (
    ActionForm,
    AddTargetForm,
    CloseForm,
    EmbedForm,
    LetterForm,
    NewTargetForm,
    UpdateForm,
)
from campaign.organise.highlight import anchors, highlight, marks_for
from campaign.organise.lifecycle import UNTITLED, publish_problems
from campaign.organise.updates import can_email
from campaign.organise.warnings import warning_texts

MAX_SUGGESTIONS = 8


def review_context(appeal: Appeal, form: Any, **forms: Any) -> dict[str, Any]:
    """The template context of organise/appeal.html; `forms` replace the empty inline
    forms (an update refused, with what was typed in it)."""
    from campaign.targets.services import suggest_targets

    extracted = appeal.release.extracted if appeal.release else None
    on_appeal = {at.target_id for at in appeal.appeal_targets}
    suggestions = [
        t
        for t in suggest_targets(
            db.session,
            country=appeal.country,
            addressees=(extracted or {}).get("targets") or [],
            limit=MAX_SUGGESTIONS + len(on_appeal),
        )
        if t.id not in on_appeal
    ][:MAX_SUGGESTIONS]
    return {
        "appeal": appeal,
        "form": form,
        "release_html": _release_html(appeal, extracted),
        "source_anchors": _source_anchors(appeal, extracted),
        "warnings": warning_texts((extracted or {}).get("warnings"), _found_since(appeal)),
        "addressees": (extracted or {}).get("targets") or [],
        "problems": publish_problems(appeal, utcnow()),
        "suggestions": suggestions,
        "add_form": AddTargetForm(formdata=None),
        "new_target_form": NewTargetForm(formdata=None),
        "letter_form": LetterForm(formdata=None),
        "update_form": UpdateForm(formdata=None),
        "can_email_update": can_email(appeal),
        "close_form": CloseForm(formdata=None),
        "action_form": ActionForm(formdata=None),
        "embed_form": EmbedForm(formdata=None, origins="\n".join(appeal.embed_origins)),
        "saved_meanwhile": None,  # what another save changed, when the form came too late
    } | forms


def _found_since(appeal: Appeal) -> frozenset[str]:
    """What the extractor may have missed that the appeal has now: its warning about it no
    longer applies (campaign.organise.warnings.MISSING)."""
    has = {
        "title": bool(appeal.title.strip()) and appeal.title.strip() != UNTITLED,
        "date": appeal.release is not None and appeal.release.published_on is not None,
        "country": bool(appeal.country),
        "subject": bool(appeal.subjects),
        "target": bool(appeal.appeal_targets),
        "demand": any(d.text.strip() for d in appeal.demands),
    }
    return frozenset(name for name, present in has.items() if present)


def _release_html(appeal: Appeal, extracted: dict[str, Any] | None) -> Any:
    if appeal.release is None:
        return None
    return highlight(_release_text(appeal, extracted), marks_for(extracted, list(appeal.demands)))


def _source_anchors(appeal: Appeal, extracted: dict[str, Any] | None) -> set[str]:
    """The ids in the release shown, so that no "From the release" link leads nowhere."""
    if appeal.release is None:
        return set()
    return anchors(_release_text(appeal, extracted), marks_for(extracted, list(appeal.demands)))


def _release_text(appeal: Appeal, extracted: dict[str, Any] | None) -> str:
    # Spans point into the extractor's cleaned text; releases made by hand point
    # into the text as pasted.
    return (extracted or {}).get("cleaned_text") or appeal.release.text
