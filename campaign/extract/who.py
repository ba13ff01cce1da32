"""Who: the people a release is about, and the organisation speaking in it."""

from __future__ import annotations

import re
from collections import Counter

from .countries import NAME_TO_CODE
from .words import word_set

NAME = re.compile(
    r"(?<![\w'’-])(?:(?:al|el|bin|ibn|abu|de|da|van|von|le|la|di)[- ])?[A-Z][\w'’-]*[a-zà-ÿ]"
    r"(?:[ ](?:(?:al|el|bin|ibn|de|da|dos|van|von|der|la|di)[- ])?"
    r"(?:[A-Z]\.|[A-Z][\w'’-]*[a-zà-ÿ])){1,3}"
)
NOT_NAME = word_set(
    """
the a an in on at of for and or but to by with from this that these those it its our we they he
she his her their i as if when while after before during since under over about january
february march april may june july august september october november december monday tuesday
wednesday thursday friday saturday sunday mr mrs ms dr government ministry court council act
bill law party university international human rights watch foundation institute committee
commission union republic state states national police office department agency authority
authorities minister president prime special rapporteur working group general secretary
assembly parliament center centre province city district street road prison article section
code convention covenant declaration digital internet freedom amnesty news media press release
network project centre alliance association society coalition federation forum service services
company limited bank organization organisation nations united european africa african asia
asian america american world global public court's justice high supreme criminal civil data
privacy protection security information technology affairs home foreign interior army military
forces police commissioner chief senior director executive deputy programme program researcher
campaigns campaign advocate spokesperson lawyer professor attorney judge ambassador chairman
chair board team defenders defender journalist activist activists bar free freedom rule legal
report reports statement
"""
)
FUNCTION_WORDS = word_set(
    """
the a an in on at of for and or but to by with from this that these those it its our we they he
she his her their i as if when while after before during since today it's
"""
)
LEADING_WORDS = word_set("like neither both following dear honorable honourable excellency his")
GROUP_WORDS = word_set(
    """
studies social work scholarship order review periodic universal movement league battalion
island islands territory state capital software suspension services service tracking tool
solution objective times post journal tonight content regulation verification certificate
certificates cell judgement judgment standing joint ethnic peaceful processions east west
north south college london without borders copyright protection policy telecom ministries
central additional impugned mobile phone week online curated providers complaints
"""
)
PERSON_CONTEXT = re.compile(
    r"\b(?:arrest\w*|detain\w*|detention|jail\w*|imprison\w*|sentenc\w*|convict\w*|charg\w*|"
    r"releas\w*|free|kill\w*|murder\w*|attack\w*|abduct\w*|disappear\w*|tortur\w*|"
    r"prisoner|defender|journalist|activist|blogger|lawyer|leader|critic|dissident|"
    r"whereabouts|trial|case|health|hunger)\b",
    re.I,
)
SPEAKER = re.compile(
    r"^,?\s*(?:the\s+)?(?:[\w-]+\s+){0,4}(?:director|researcher|spokes\w+|advocate|officer|"
    r"head|chair\w*|president|coordinator|counsel|campaigner|executive|founder|lead|"
    r"manager|fellow|analyst|adviser|advisor|expert|member)\b|^,?\s*(?:said|says|added|told)\b",
    re.I,
)
TITLE_BEFORE = re.compile(
    r"(?:minister|president|ambassador|secretary|commissioner|attorney|judge|senator|"
    r"rapporteur|chair\w*|ceo|director|governor|mayor|king|queen|emir|prince|general|"
    r"spokes\w+|said|says|according to|by)\s*,?\s*$",
    re.I,
)
ORG_SELF = re.compile(
    r"(?P<org>(?:[A-Z][\w&'’.-]*\s+){0,6}?[A-Z][\w&'’.-]*)\s*(?:\((?P<acr>[A-Z]{2,8})\)\s*)?"
    r"(?:said|says|calls|urges|demands|condemns|welcomes|is calling|has called|today)\b"
)


def norm(word: str) -> str:
    """A word lower-cased, without a possessive ending."""
    return word.lower().removesuffix("'s").removesuffix("’s").strip(".")


def candidate_names(text: str) -> Counter[str]:
    """Capitalised sequences of two to four words that look like personal names."""
    found: Counter[str] = Counter()
    for match in NAME.finditer(text):
        words = match.group(0).split()
        while words and (norm(words[0]) in NOT_NAME or norm(words[0]) in LEADING_WORDS):
            words = words[1:]
        while words and norm(words[-1]) in NOT_NAME:
            words = words[:-1]
        name = " ".join(words).removesuffix("’s").removesuffix("'s")
        if len(name.split()) < 2 or any(norm(w) in NOT_NAME | GROUP_WORDS for w in words):
            continue
        if any(w.strip("'’s") in NAME_TO_CODE for w in words):
            continue
        found[name] += 1
    return found


def mentions(text: str, name: str, counts: Counter[str]) -> int:
    """How often a name is mentioned: in full, or by its surname or single distinctive word."""
    parts = [w for w in name.split() if len(w) > 3 and not w.endswith(".")]
    return max([text.count(name)] + [counts[w] for w in parts])


def is_speaker_or_official(text: str, name: str) -> bool:
    """Spokespeople ("X, director at", "said X") and officials ("Minister X") are not subjects."""
    speaker = official = total = 0
    for match in re.finditer(re.escape(name), text):
        total += 1
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 60]
        if SPEAKER.match(after) or re.search(r"\b(?:said|says)\s*$", before):
            speaker += 1
        elif TITLE_BEFORE.search(before):
            official += 1
    return total > 0 and (speaker + official) * 2 >= total


def in_person_context(text: str, name: str) -> bool:
    """True when a name is mentioned next to words about detention, trial or harm."""
    for match in re.finditer(re.escape(name.split()[-1]), text):
        window = text[max(0, match.start() - 80) : match.end() + 80]
        if PERSON_CONTEXT.search(window):
            return True
    return False


def find_subjects(text: str, title: str, calls_text: str, limit: int = 8) -> list[str]:
    """Named people the release is about, most mentioned first."""
    candidates = candidate_names(text)
    counts = Counter(w.removesuffix("’s").removesuffix("'s") for w in re.findall(r"[\w'’-]+", text))
    scored: list[tuple[int, str]] = []
    for name in candidates:
        if any(name != other and name in other for other in candidates):
            continue  # keep the fullest form of a name
        score = mentions(text, name, counts)
        bonus = (name in title or name.split()[-1] in title) + (name.split()[-1] in calls_text)
        if score + bonus < 3 or is_speaker_or_official(text, name):
            continue
        if not bonus and not in_person_context(text, name):
            continue
        scored.append((score + 2 * bonus, name))
    scored.sort(key=lambda item: (-item[0], text.find(item[1])))
    return [name for _, name in scored[:limit]]


def find_selves(text: str) -> list[str]:
    """Names the releasing organisation uses for itself ("IRFS calls on", "X said today")."""
    counts: Counter[str] = Counter()
    for match in ORG_SELF.finditer(text[:20000]):
        org = re.sub(r"^(?:The|And|But|Today|In|On)\s+", "", match.group("org").strip())
        if len(org) > 2 and org.split()[0].lower() not in FUNCTION_WORDS:
            counts[org] += 1
        if match.group("acr"):
            counts[match.group("acr")] += 1
    return [org for org, _ in counts.most_common(4)]
