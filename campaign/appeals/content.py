"""Which text of an appeal a reader sees: the organiser's translation into the reader's
language when there is a complete one, the original otherwise."""

from __future__ import annotations

from dataclasses import dataclass

from campaign.languages import best_match, same_language
from campaign.models import Appeal, AppealTranslation


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
    )


def appeal_content(appeal: Appeal, language: str, *, original: bool = False) -> AppealContent:
    """What a reader of `language` sees; `original` asks for the original text anyway."""
    translation = translation_for(appeal, language)
    if translation is None:
        return original_content(appeal)
    if original:
        return original_content(appeal, translation_language=translation.language)
    return translated_content(appeal, translation)


def content_in(appeal: Appeal, language: str) -> AppealContent:
    """The appeal's text in exactly `language` (a letter's), else the original."""
    if same_language(language, appeal.language):
        return original_content(appeal)
    translation = appeal.translation(language)
    if translation is not None and translation.complete:
        return translated_content(appeal, translation)
    return original_content(appeal)
