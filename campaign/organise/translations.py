"""An appeal's translations: its title, summary, demands and default letter in another
language, written by an organiser beside the original."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from campaign.audit import record
from campaign.languages import UnknownLanguage, language_name, normalise, same_language
from campaign.letters import check_template
from campaign.models import Appeal, AppealTranslation, LetterTemplate, Subject, User
from campaign.organise.letter_errors import error_texts


class TranslationRefused(ValueError):
    """A translation with mistakes, as messages by field name."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for found in errors.values() for m in found))
        self.errors = errors


@dataclass(frozen=True)
class TranslationData:
    language: str
    title: str
    summary: str = ""
    demands: list[str] = field(default_factory=list)
    letter_subject: str = ""
    letter_body: str = ""
    # demands_version() of the demands the translator was shown; "" when not known.
    source: str = ""
    # The description of each of described(appeal), in order.
    about: list[str] = field(default_factory=list)


def described(appeal: Appeal) -> list[Subject]:
    """The people concerned whose description the translator translates."""
    return [s for s in appeal.subjects if (s.description or "").strip()]


def demands_version(appeal: Appeal) -> str:
    """A short digest of the appeal's demands as they are now: the editor sends back the one
    it was opened with, so that a save cannot pair translations with demands that were
    reworded meanwhile (their number unchanged, nothing else would tell)."""
    texts = "\x1f".join(d.text for d in appeal.demands)
    return hashlib.sha256(texts.encode()).hexdigest()[:32]


def default_letter(appeal: Appeal, language: str) -> LetterTemplate | None:
    """The letter in `language` that every target reading it receives."""
    return next(
        (lt for lt in appeal.letters if lt.target_id is None and lt.language == language), None
    )


def check_language(appeal: Appeal, code: str) -> str:
    """The code in its usual form, if it names a language other than the appeal's."""
    try:
        language = normalise(code)
    except UnknownLanguage:
        message = _("“%(code)s” is not a language code we know, e.g. fr, es, km.", code=code)
        raise TranslationRefused({"language": [message]}) from None
    if same_language(language, appeal.language):
        raise TranslationRefused(
            {"language": [_("The appeal itself is written in this language.")]}
        )
    return language


def save_translation(
    session: Session,
    appeal: Appeal,
    data: TranslationData,
    *,
    editing: AppealTranslation | None,
    user: User | None,
    now: datetime,
) -> AppealTranslation:
    """Add the translation (`editing` None) or change it, with its letter, if it is valid."""
    language = editing.language if editing else check_language(appeal, data.language)
    if editing is None and appeal.translation(language) is not None:
        raise TranslationRefused(
            {"language": [_("There is a translation into %(language)s already; edit it instead.",
                            language=language_name(language))]}
        )  # fmt: skip
    _check(appeal, data)
    translation = editing or AppealTranslation(language=language, created_at=now)
    if editing is None:
        appeal.translations.append(translation)
    translation.title = data.title.strip()
    translation.summary = data.summary.strip()
    translation.demands = [d.strip() for d in data.demands]
    # What was translated: the translation stays complete while the demands are these.
    translation.source_demands = [d.text for d in appeal.demands]
    # By name, so that each stays with its person whatever is added or reordered later.
    translation.subject_descriptions = {
        subject.name: text.strip()
        for subject, text in zip(described(appeal), data.about, strict=False)
        if text.strip()
    }
    translation.updated_at = now
    has_letter = _set_letter(appeal, language, data, now)
    session.flush()
    record(
        session,
        "appeal.translation_save",
        user=user,
        appeal=appeal,
        details={"language": language, "created": editing is None, "letter": has_letter},
    )
    return translation


def _check(appeal: Appeal, data: TranslationData) -> None:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Translate the title.")]
    if len(data.demands) != len(appeal.demands):
        errors["demands"] = [
            _(
                "Translate each of the appeal's demands, in order: %(count)d in all.",
                count=len(appeal.demands),
            )
        ]
    elif data.source and data.source != demands_version(appeal):
        errors["demands"] = [
            _(
                "The appeal's demands were changed while you were translating. Check each "
                "translation against the demand it now stands beside, then save again."
            )
        ]
    elif not all(d.strip() for d in data.demands):
        errors["demands"] = [_("Translate every demand.")]
    subject, body = data.letter_subject.strip(), data.letter_body.strip()
    if subject and not body:
        errors["letter_body"] = [_("Write the letter, or leave its subject empty too.")]
    elif body and not subject:
        errors["letter_subject"] = [_("Give the letter a subject.")]
    for name, source in (("letter_subject", subject), ("letter_body", body)):
        found = error_texts(check_template(source)) if source else []
        if found:
            errors.setdefault(name, []).extend(found)
    if errors:
        raise TranslationRefused(errors)


def _set_letter(appeal: Appeal, language: str, data: TranslationData, now: datetime) -> bool:
    """Store the letter in `language`, or drop it when both its fields were left empty."""
    letter = default_letter(appeal, language)
    subject, body = data.letter_subject.strip(), data.letter_body.strip()
    if not subject:
        if letter is not None:
            appeal.letters.remove(letter)
        return False
    if letter is None:
        letter = LetterTemplate(target_id=None, language=language, subject="", body="")
        appeal.letters.append(letter)
    letter.subject, letter.body, letter.updated_at = subject, body, now
    return True


def delete_translation(
    session: Session, appeal: Appeal, translation: AppealTranslation, *, user: User | None
) -> None:
    """Drop the translation and every letter in its language: readers get the original."""
    language = translation.language
    appeal.translations.remove(translation)
    for letter in [lt for lt in appeal.letters if lt.language == language]:
        appeal.letters.remove(letter)
    session.flush()
    details = {"language": language}
    record(session, "appeal.translation_delete", user=user, appeal=appeal, details=details)


def form_defaults(appeal: Appeal, translation: AppealTranslation | None) -> dict[str, object]:
    """The editor's fields: the translation's text, or blanks, one per demand."""
    if translation is None:
        return {
            "demands": ["" for _demand in appeal.demands],
            "about": ["" for _subject in described(appeal)],
            "source": demands_version(appeal),
        }
    letter = default_letter(appeal, translation.language)
    descriptions = translation.subject_descriptions or {}
    return {
        "about": [descriptions.get(s.name, "") for s in described(appeal)],
        "source": demands_version(appeal),
        "language": translation.language,
        "title": translation.title,
        "summary": translation.summary,
        "demands": aligned_demands(appeal, translation),
        "letter_subject": letter.subject if letter else "",
        "letter_body": letter.body if letter else "",
    }


def aligned_demands(appeal: Appeal, translation: AppealTranslation) -> list[str]:
    """The translator's text for each of the appeal's demands as they are now.

    A demand that is still there keeps its translation wherever it moved; the demands
    reworded or added since get, in order, the translations of those no longer there,
    to correct (and blanks when there are none left). Without the texts it translated
    (`source_demands` None) the translation is matched by position.
    """
    current = [d.text for d in appeal.demands]
    texts, sources = list(translation.demands or []), translation.source_demands
    if sources is None or len(sources) != len(texts):
        return (texts + [""] * len(current))[: len(current)]
    unused = dict(enumerate(sources))
    found: list[str | None] = []
    for text in current:
        index = next((i for i, source in unused.items() if source == text), None)
        if index is not None:
            del unused[index]
        found.append(None if index is None else texts[index])
    leftovers = [texts[i] for i in unused]  # dicts keep the order of the demands
    return [text if text is not None else (leftovers.pop(0) if leftovers else "") for text in found]
