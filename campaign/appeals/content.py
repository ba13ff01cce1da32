"""Which text of an appeal a reader sees: the organiser's translation into the reader's
language when there is a complete one, the original otherwise."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from campaign.languages import best_match, primary, same_language
from campaign.models import Appeal, AppealTranslation, Demand, Subject


@dataclass(frozen=True)
class AppealContent:
    """The title, summary and demands shown, and in which language they are."""

    title: str
    summary: str
    demands: tuple[str, ...]
    language: str
    original_language: str
    # Shown: a translation of the original.
    translated: bool = False
    # Shown: the original, although a translation into the reader's language exists.
    translation_language: str | None = None
    # A translation's descriptions of the people concerned, (name, text) pairs; None for
    # the original, whose descriptions are the subjects' own.
    descriptions: tuple[tuple[str, str], ...] | None = None

    def about(self, subjects: Sequence[Subject]) -> list[tuple[str, str]]:
        """Who the appeal is about, each with their description in the language shown
        (none rather than one in another language)."""
        if self.descriptions is None:
            return [(s.name, s.description or "") for s in subjects]
        translated = dict(self.descriptions)
        return [(s.name, translated.get(s.name, "")) for s in subjects]

    @property
    def is_original(self) -> bool:
        return not self.translated


def translation_for(appeal: Appeal, language: str) -> AppealTranslation | None:
    """The complete translation for a reader of `language`, or None (the original fits).

    Readers of the original's language never load the translations (one query fewer).
    """
    if not language or same_language(language, appeal.language):
        return None
    complete = {t.language: t for t in appeal.translations if t.complete}
    found = best_match(language, complete)
    return complete[found] if found else None


def original_content(appeal: Appeal, translation_language: str | None = None) -> AppealContent:
    return AppealContent(
        title=appeal.title,
        summary=appeal.summary or "",
        demands=tuple(d.text for d in appeal.demands),
        language=appeal.language,
        original_language=appeal.language,
        translation_language=translation_language,
    )


def translated_content(appeal: Appeal, translation: AppealTranslation) -> AppealContent:
    return AppealContent(
        title=translation.title,
        summary=translation.summary or "",
        demands=tuple(translation.demands),
        language=translation.language,
        original_language=appeal.language,
        translated=True,
        descriptions=tuple((translation.subject_descriptions or {}).items()),
    )


def appeal_content(appeal: Appeal, language: str, *, original: bool = False) -> AppealContent:
    """What a reader of `language` sees; `original` asks for the original text anyway."""
    translation = translation_for(appeal, language)
    if translation is None:
        return original_content(appeal)
    if original:
        return original_content(appeal, translation_language=translation.language)
    return translated_content(appeal, translation)


def appeal_title(appeal: Appeal, language: str) -> str:
    """`appeal_content(appeal, language).title`, without loading the demands (an e-mail
    names the appeal; a query fewer for each signature)."""
    translation = translation_for(appeal, language)
    return appeal.title if translation is None else translation.title


def content_in(appeal: Appeal, language: str) -> AppealContent:
    """The appeal's text in exactly `language` (a letter's), else the original."""
    if same_language(language, appeal.language):
        return original_content(appeal)
    translation = appeal.translation(language)
    if translation is not None and translation.complete:
        return translated_content(appeal, translation)
    return original_content(appeal)


def contents_for(
    session: Session, appeals: Sequence[Appeal], language: str
) -> dict[int, AppealContent]:
    """`appeal_content` for each of a list of appeals, by appeal id, in at most one query.

    Only the translations into `language` of the appeals written in another language are
    read, with their appeal's demand texts (to tell a complete translation); when every
    appeal is in the reader's language nothing is read at all.
    """
    # A list shows titles and summaries: the originals' demands are not loaded (left empty).
    contents = {
        appeal.id: AppealContent(
            title=appeal.title,
            summary=appeal.summary or "",
            demands=(),
            language=appeal.language,
            original_language=appeal.language,
        )
        for appeal in appeals
    }
    code = primary(language or "")
    others = {a.id: a for a in appeals if code and not same_language(code, a.language)}
    if not others or not re.fullmatch(r"[a-z]{2,8}", code):
        return contents
    tag = func.lower(AppealTranslation.language)
    rows = session.execute(
        select(AppealTranslation, Demand.text)
        .outerjoin(Demand, Demand.appeal_id == AppealTranslation.appeal_id)
        .where(
            AppealTranslation.appeal_id.in_(others),
            or_(tag == code, tag.like(code + "-%")),  # tags are stored normalised: "pt-BR"
        )
        .order_by(AppealTranslation.id, Demand.position, Demand.id)
    ).all()
    demand_texts: dict[AppealTranslation, list[str]] = {}
    for translation, text in rows:  # one row per demand; one with None for no demands
        texts = demand_texts.setdefault(translation, [])
        if text is not None:
            texts.append(text)
    complete: dict[int, dict[str, AppealTranslation]] = {}
    for translation, texts in demand_texts.items():
        if translation.complete_for(texts):
            complete.setdefault(translation.appeal_id, {})[translation.language] = translation
    for appeal_id, found in complete.items():
        chosen = best_match(language, found)
        if chosen is not None:
            contents[appeal_id] = translated_content(others[appeal_id], found[chosen])
    return contents
