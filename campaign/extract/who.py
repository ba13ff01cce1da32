"""Who: the people a release is about, and the organisation speaking in it."""

from __future__ import annotations

import re
from collections import Counter

from .countries import NAME_TO_CODE
from .places import codes_in
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
chair board team europe asia africa campaigner lecturer major captain colonel
senator commander inspector officer defenders defender journalist activist activists bar free
freedom rule legal
report reports statement
"""
)
FUNCTION_WORDS = word_set(
    """
the a an in on at of for and or but to by with from this that these those it its our we they he
she his her their i as if when while after before during since today it's
"""
)
PARTICLES = word_set("al el bin ibn abu de da dos van von der la le di")
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
    r"^,\s*(?:the\s+)?(?:[\w-]+\s+){0,4}(?:director|researcher|spokes\w+|advocate|officer|"
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
        if name in NAME_TO_CODE or any(w.strip("'’s") in NAME_TO_CODE for w in words):
            continue
        found[name] += 1
    return found


def shared_words(name: str, candidates: Counter[str]) -> set[str]:
    """Words of a name that another person's name also has ("Aliyev" in two Aliyevs)."""
    mine = set(name.split())
    shared: set[str] = set()
    for other in candidates:
        theirs = set(other.split())
        if mine & theirs and not (mine <= theirs or theirs <= mine):
            shared |= mine & theirs
    return shared


def mentions(text: str, name: str, counts: Counter[str], shared: set[str]) -> int:
    """How often a name is mentioned: in full, or by a distinctive word no other name has."""
    parts = [w for w in name.split() if len(w) > 3 and not w.endswith(".") and w not in shared]
    return max([text.count(name)] + [counts[w] for w in parts])


def is_organisation(text: str, name: str) -> bool:
    """Names mostly written after "the" are bodies or places ("the Lok Sabha"), not people."""
    total = text.count(name)
    after_the = text.count("the " + name) + text.count("The " + name)
    return total > 0 and after_the * 2 >= total


def occurrences(text: str, word: str) -> list[int]:
    """Offsets of every occurrence of a string (faster than a regex built per name)."""
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def speaker_and_official(text: str, name: str) -> tuple[bool, bool]:
    """Is a name mostly a spokesperson's ("said X") and mostly an official's ("Minister X")?"""
    speaker = official = total = 0
    for start in occurrences(text, name):
        total += 1
        before = text[max(0, start - 40) : start]
        after = text[start + len(name) : start + len(name) + 60]
        if SPEAKER.match(after) or re.search(r"\b(?:said|says)\s*$", before):
            speaker += 1
        elif TITLE_BEFORE.search(before):
            official += 1
    return total > 0 and speaker * 2 >= total, total > 0 and (speaker + official) * 2 >= total


def common_words(text: str) -> Counter[str]:
    """Words the release also writes in lower case: they are common nouns, not names."""
    return Counter(re.findall(r"(?<![\w'’#@/.-])[a-z][a-z'’-]+", text))


def is_common(name: str, lower: Counter[str], counts: Counter[str]) -> bool:
    """True when a word of a name is an ordinary word of the text ("Video", "Crackdown")."""
    return any(
        lower[w.lower()] * 3 >= counts[w] and w.lower() not in PARTICLES
        for w in re.findall(r"[\w'’-]+", name)
        if w.lower() in lower
    )


def in_person_context(text: str, name: str) -> bool:
    """True when a name is mentioned next to words about detention, trial or harm."""
    last = name.split()[-1]
    for start in occurrences(text, last):
        window = text[max(0, start - 80) : start + len(last) + 80]
        if PERSON_CONTEXT.search(window):
            return True
    return False


def plausible_people(text: str, candidates: Counter[str], counts: Counter[str]) -> list[str]:
    """Candidate names less common words and bodies, then less variants of one name."""
    lower = common_words(text)
    names = Counter({n: c for n, c in candidates.items() if not is_common(n, lower, counts)})
    names = Counter({n: c for n, c in names.items() if not is_organisation(text, n)})
    people = []
    for i, name in enumerate(names):
        if any(name != o and name in o and names[o] >= names[name] for o in names):
            continue  # keep the fullest form of a name, unless that form is a one-off
        if any(o != name and set(o.split()) == set(name.split()) for o in list(names)[:i]):
            continue  # "Xueqin Huang" after "Huang Xueqin": one person, written both ways
        if any(o != name and o in name and names[o] > names[name] for o in names):
            continue  # "Ana Lima Wins" once in a headline, "Ana Lima" throughout
        people.append(name)
    return people


def find_subjects(text: str, title: str, calls_text: str, limit: int = 8) -> list[str]:
    """Named people the release is about, most mentioned first."""
    candidates = candidate_names(text)
    counts = Counter(w.removesuffix("’s").removesuffix("'s") for w in re.findall(r"[\w'’-]+", text))
    people = plausible_people(text, candidates, counts)
    scored: list[tuple[int, str, bool]] = []
    for name in people:
        score = mentions(text, name, counts, shared_words(name, Counter(people)))
        in_title = name in title or name.split()[-1] in title
        bonus = in_title + (name.split()[-1] in calls_text)
        speaker, official = speaker_and_official(text, name)
        if speaker or (official and not in_title):
            continue  # an official named in the title or a call is the subject of the release
        context = in_person_context(text, name)
        if score + bonus < 3 and not (score >= 2 and context):
            continue
        if bonus or context:
            scored.append((score + 2 * bonus, name, bool(bonus)))
    scored.sort(key=lambda item: (-item[0], text.find(item[1])))
    top = scored[0][0] if scored else 0
    # a name met only in passing, next to one the release is all about, is background
    chosen = [name for score, name, bonus in scored[:limit] if bonus or score * 4 >= top]
    listed = [n for n in listed_people(text, candidates) if not speaker_and_official(text, n)[0]]
    return chosen + [n for n in listed if not any(n in c or c in n for c in chosen)]


PERSON = r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2}"
# "activists A B, C D, journalists E F and G H": a list of people named one after the other
NAME_LIST = re.compile(
    PERSON + r"(?:,\s+(?:[a-z]+\s+)?" + PERSON + r")+,?\s+and\s+(?:[a-z]+\s+)?" + PERSON
)
HARM = re.compile(
    r"\b(?:arrest\w*|detain\w*|detention|jail\w*|imprison\w*|sentenc\w*|injur\w*|"
    r"beat(?:en)?|attack\w*|abduct\w*|charg\w*|releas\w*|tortur\w*|disappear\w*)\b",
    re.I,
)


def listed_people(text: str, candidates: Counter[str]) -> list[str]:
    """People a release names in one list next to what was done to them."""
    found: list[str] = []
    for match in NAME_LIST.finditer(text):
        window = text[max(0, match.start() - 150) : match.end() + 150]
        names = [n for n in re.findall(PERSON, match.group(0)) if n in candidates]
        if len(names) >= 3 and HARM.search(window):
            found += [n for n in names if n not in found]
    return found


GROUP_MEMBERS = re.compile(
    r"\b(?:members|leaders|activists|supporters)\s+of\s+(?:the\s+)?(?P<a>[A-Z]{2,8})\b"
    r"|\b(?P<b>[A-Z]{2,8})\s+(?:members|leaders|activists|supporters|politicians)\b"
)


def find_groups(text: str, selves: list[str]) -> list[str]:
    """Groups written as acronyms whose members the release speaks of: "the HDP's members"."""
    found = Counter(m.group("a") or m.group("b") for m in GROUP_MEMBERS.finditer(text))
    return [
        group
        for group, count in found.items()
        if count >= 2 and group not in selves and not codes_in(group) and group not in {"UN", "EU"}
    ]


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
