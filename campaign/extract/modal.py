"""Modal calls: "the police must release X", "X must be released", "abuses must stop"."""

from __future__ import annotations

import re

from .kinds import clause_subject
from .lexicon import DETERMINERS, PRONOUNS, PUBLIC
from .passive import passive_action
from .verbphrase import is_authority, starts_with_verb

MODAL = re.compile(
    r"\b(?P<modal>must|should|shall|needs? to|has to|have to|ought to|will have to|"
    r"(?:is|are) (?:urged|required|obliged|called upon|called on|asked|expected|requested|"
    r"invited|encouraged|advised) to)\s+(?=\S)",
    re.I,
)


def modal_clauses(text: str, persons: list[str]) -> list[tuple]:
    """ "X must A", "X should not A", the passive "Y must be released", "abuses must stop"."""
    out = []
    for match in MODAL.finditer(text):
        subject = clause_subject(text[: match.start()].rstrip())
        rest = text[match.end() :]
        begin = max(0, text.rfind(subject, 0, match.start())) if subject else match.start()
        passive = passive_action(subject, rest, persons) or intransitive(subject, rest, persons)
        if passive:
            out.append((begin, match.end(), None, "demand", "passive", passive))
        elif starts_with_verb(rest) and (
            is_authority(subject, persons) or subject.lower() in {"it"}
        ):
            kind = "public" if PUBLIC.match(subject) else "demand"
            who = subject if subject.lower() not in {"it", "they"} else None
            out.append((begin, match.end(), who, kind, "modal", None))
    return out


def intransitive(subject: str, rest: str, persons: list[str]) -> str | None:
    """ "The attacks on journalists must stop." → "stop the attacks on journalists"."""
    match = re.match(r"(?:\w+ly\s+)?(stop|cease|end)\s*(?:[.;,!]|now\b|immediately\b|$)", rest)
    words = subject.split()
    if not match or not words or words[0].lower() in PRONOUNS or len(words) > 14:
        return None
    if any(p.lower() in subject.lower() for p in persons):
        return None
    first = words[0].lower() if words[0].lower() in DETERMINERS else words[0]
    return f"{match.group(1)} {first} {' '.join(words[1:])}".strip()
