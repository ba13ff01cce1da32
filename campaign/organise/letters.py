"""The organiser's side of letters: saving templates (checked in the sandbox) and previews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from campaign.appeals.content import content_in
from campaign.audit import record
from campaign.deadlines import deadline_day, site_zone
from campaign.i18n.lazy import lazy_gettext as _l
from campaign.languages import best_match, same_language
from campaign.letters import (
    AppealView,
    LetterContext,
    LetterError,
    RenderedLetter,
    TargetView,
    check_template,
    render_letter,
    sample_supporter,
)
from campaign.letters.context import VARIABLES
from campaign.models import Appeal, LetterTemplate, Target, User
from campaign.signatures.letters import letter_template, target_languages

# Shown where a supporter's own paragraph would go, so organisers see where it lands
# (in the organiser's language: it is a note to them, not part of the letter).
SAMPLE_PERSONAL = _l("(The supporter's own paragraph appears here when they write one.)")


# What each letter variable holds, as the editor explains it in the interface language
# (campaign.letters.context.VARIABLES has the same in English).
VARIABLE_HELP = {
    "supporter.name": _l("the supporter's name"),
    "supporter.city": _l("the supporter's town or city (may be empty)"),
    "supporter.country": _l("the supporter's country, by name"),
    "supporter.postcode": _l("the supporter's postcode (may be empty)"),
    "supporter.place": _l("town, postcode and country together, e.g. Lyon 69001, France"),
    "target.name": _l("the official's name"),
    "target.title": _l("the official's title, e.g. Prime Minister"),
    "target.organisation": _l("the official's ministry or office"),
    "target.salutation": _l("how to address them, e.g. Your Excellency"),
    "target.postal_address": _l("their postal address"),
    "appeal.title": _l("the appeal's title"),
    "appeal.summary": _l("the case in two or three sentences"),
    "appeal.url": _l("the public page of the appeal"),
    "appeal.subjects": _l("the names of the people concerned"),
    "appeal.demands": _l("the demands, in order (use in a for loop)"),
    "appeal.deadline": _l("the take-action-before date"),
    "today": _l("today's date"),
    "personal": _l("the paragraph the supporter wrote (may be empty)"),
}


def variables_help() -> dict[str, str]:
    """Each variable a letter may use and what it holds, in the interface language."""
    return {name: str(VARIABLE_HELP.get(name, meaning)) for name, meaning in VARIABLES.items()}


class LetterRefused(ValueError):
    """A template with mistakes, by field ('subject' or 'body')."""

    def __init__(self, errors: dict[str, list[LetterError]]) -> None:
        super().__init__("; ".join(str(e) for found in errors.values() for e in found))
        self.errors = errors


@dataclass(frozen=True)
class Preview:
    target: Target
    letter: RenderedLetter | None
    errors: list[LetterError]


def find_letter(
    appeal: Appeal, target_id: int | None, language: str | None = None
) -> LetterTemplate | None:
    """The default letter (None) or a target's own, in the appeal's original text, or in
    `language` (a translation's) when it is given."""
    if language is None:
        return next((lt for lt in appeal.original_letters if lt.target_id == target_id), None)
    found = (lt for lt in appeal.letters if lt.target_id == target_id and lt.language == language)
    return next(found, None)


def letter_languages(appeal: Appeal, target: Target) -> list[str]:
    """The languages a target's own letter can be written in: the appeal's, then each of
    the target's languages the appeal is translated into (a letter in a language follows
    the translation: the appeal's title and demands in it, and it goes when it does)."""
    found = [appeal.language]
    translated = [t.language for t in appeal.translations]
    for language in target_languages(target):
        match = best_match(language, translated)
        if match and match not in found and not same_language(match, appeal.language):
            found.append(match)
    return found


def save_letter(
    session: Session,
    appeal: Appeal,
    *,
    target: Target | None,
    subject: str,
    body: str,
    user: User | None,
    now: datetime,
    language: str | None = None,
) -> LetterTemplate:
    """Store the default letter (target None) or one target's own letter, if it is valid;
    a target's own letter in `language` (one of `letter_languages`) when it is given."""
    errors = {"subject": check_template(subject), "body": check_template(body)}
    errors = {name: found for name, found in errors.items() if found}
    if errors:
        raise LetterRefused(errors)
    target_id = target.id if target else None
    letter = find_letter(appeal, target_id, language)
    if letter is None:
        letter = LetterTemplate(
            target_id=target_id, language=language or appeal.language, subject="", body=""
        )
        appeal.letters.append(letter)
    letter.subject, letter.body, letter.updated_at = subject, body, now
    appeal.updated_at = now
    session.flush()
    details: dict[str, object] = {"target_id": target_id}
    if language is not None:
        details["language"] = language
    record(session, "appeal.letter_save", user=user, appeal=appeal, details=details)
    return letter


def delete_letter(
    session: Session,
    appeal: Appeal,
    target: Target,
    *,
    user: User | None,
    language: str | None = None,
) -> None:
    """Drop a target's own letter (in `language`, when given) so it receives the default
    one again."""
    letter = find_letter(appeal, target.id, language)
    if letter is not None:
        appeal.letters.remove(letter)
        session.flush()
        details: dict[str, object] = {"target_id": target.id}
        if language is not None:
            details["language"] = language
        record(session, "appeal.letter_delete", user=user, appeal=appeal, details=details)


def translated_letters(appeal: Appeal, targets: list[Target]) -> list[tuple[Target, str, bool]]:
    """The targets that receive a translated letter rather than the original: with its
    language, and whether it is their own letter (else the translation's default one)."""
    found = []
    for target in targets:
        letter = letter_template(appeal, target)
        if letter is not None and not same_language(letter.language, appeal.language):
            found.append((target, letter.language, letter.target_id is not None))
    return found


def previews(
    appeal: Appeal, subject: str, body: str, targets: list[Target], language: str | None = None
) -> list[Preview]:
    """The letter as each target would receive it from a sample supporter; in `language`
    (a translation's), the appeal's title and demands are the translation's."""
    if language is None:
        appeal_view = AppealView.from_appeal(appeal, zone=site_zone())
    else:
        content = content_in(appeal, language)
        appeal_view = AppealView.of(
            content.title,
            list(content.demands),
            summary=content.summary,
            subjects=tuple(s.name for s in appeal.subjects),
            deadline=deadline_day(appeal.deadline),
        )
    results = []
    for target in targets:
        context = LetterContext(
            supporter=sample_supporter(),
            target=TargetView.from_target(target),
            appeal=appeal_view,
            personal=str(SAMPLE_PERSONAL),
            language=language or appeal.language,
        )
        letter, errors = render_letter(subject, body, context)
        results.append(Preview(target, letter, errors))
    return results
