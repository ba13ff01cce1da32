"""The extractor's warnings in the interface language.

campaign.extract is pure Python (no Flask, no catalogue): its warnings are short English
sentences, stored with the release (Release.extracted["warnings"]). The review screen
matches each against the sentences the extractor writes and shows the translation; a
warning it does not know (one written by a later extractor) is shown as it is.
"""

from __future__ import annotations

import re

from flask_babel import gettext

from campaign.i18n.lazy import lazy_gettext as _l
from campaign.templating import number

# What was not found, as campaign.extract.pipeline.add_warnings names it: "no {label} found".
MISSING = {
    "title": _l("No title was found: write one."),
    "date": _l("No date was found in the release."),
    "country": _l("No country was found: choose it."),
    "subject": _l("No person at risk was found: name them."),
    "target": _l("No official to write to was found: add the targets."),
    "demand": _l("No demand was found: write what the appeal asks."),
}
FIXED = {
    "no text found": _l("No text was found in the release."),
    "the release is not in English: this language is not supported yet": _l(
        "The release is not in English: it could not be read. Fill in the appeal by hand."
    ),
}
MISSING_WARNING = re.compile(r"no (\w+) found")
LONG_WARNING = re.compile(r"text is long: only the first (\d+) characters were read")
# Written by campaign.organise.launch when a release has more demands than an appeal holds.
TRIMMED_WARNING = re.compile(r"(\d+) demands found: only the first (\d+) were kept")


def warning_text(warning: str) -> str:
    """One stored warning, in the interface language when it is one the extractor writes."""
    warning = str(warning)
    if warning in FIXED:
        return str(FIXED[warning])
    if (found := MISSING_WARNING.fullmatch(warning)) and found.group(1) in MISSING:
        return str(MISSING[found.group(1)])
    if found := LONG_WARNING.fullmatch(warning):
        return gettext(
            "The text is long: only its first %(count)s characters were read.",
            count=number(int(found.group(1))),
        )
    if found := TRIMMED_WARNING.fullmatch(warning):
        return gettext(
            "The release has %(found)s demands: the draft keeps the first %(kept)s. "
            "Check that they are the ones to ask for.",
            found=number(int(found.group(1))),
            kept=number(int(found.group(2))),
        )
    return warning


def warning_texts(warnings: object, found: frozenset[str] = frozenset()) -> list[str]:
    """The stored warnings (a list, or anything else stored there: nothing) as shown,
    without those about what is `found` since (MISSING's keys): the organiser has set it."""
    if not isinstance(warnings, list):
        return []
    return [warning_text(w) for w in warnings if _missing(w) not in found]


def _missing(warning: object) -> str | None:
    """What a "no … found" warning says is missing."""
    found = MISSING_WARNING.fullmatch(str(warning))
    return found.group(1) if found else None
