"""The pipeline: clean → segment → date → who → places → calls → split → rewrite → dedupe."""

from __future__ import annotations

import re
from collections import Counter

from .calls import Clause, find_calls, imperative, item_clause, lead_in
from .clean import Block, clean
from .dates import find_date
from .dedupe import dedupe
from .draft import Demand, ReleaseDraft
from .language import detect_language, is_english
from .places import find_country, title_country
from .rewrite import rewrite
from .segment import Sentence, sentences
from .targets import consolidate, default_target, normalise_target, qualify, salutation
from .who import find_groups, find_selves, find_subjects

MAX_CHARS = 200_000
CALL_WORD = re.compile(r"\b(?:call|urge|demand|must|should|ask|release|free)\w*", re.I)


def extract_release(text: str) -> ReleaseDraft:
    """Read a press release and return a draft appeal; never raises."""
    draft = ReleaseDraft()
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = text if isinstance(text, str) else ""
    if len(text) > MAX_CHARS:
        draft.warnings.append(f"text is long: only the first {MAX_CHARS} characters were read")
        text = text[:MAX_CHARS]
    cleaned, blocks = clean(text)
    draft.cleaned_text = cleaned
    if not re.search(r"[^\W\d_]{2}", cleaned):
        draft.warnings.append("no text found")
        return draft
    language = detect_language(cleaned)
    if language != "en":
        draft.language = language
        draft.warnings.append("the release is not in English: this language is not supported yet")
        return draft
    analyse(cleaned, blocks, draft)
    return draft


def analyse(cleaned: str, blocks: list[Block], draft: ReleaseDraft) -> None:
    """Fill the draft from the cleaned text."""
    sents = sentences(cleaned, blocks)
    title = find_title(sents)
    if title:
        draft.title, draft.spans["title"] = title.text, [(title.start, title.end)]
    found = find_date(sents, cleaned)
    if found:
        draft.date, draft.spans["date"] = found[0], [(found[1], found[2])]
    calls_text = "\n".join(s.text for s in sents if CALL_WORD.search(s.text))
    # a sentence that lists names has few function words: a lower bar keeps it
    english = "\n".join(s.text for s in sents if is_english(s.text, 0.06) or len(s.text) < 60)
    draft.subjects = find_subjects(english, draft.title or "", calls_text)
    selves = find_selves(cleaned)
    draft.subjects += [g for g in find_groups(english, selves) if g not in draft.subjects]
    draft.spans["subjects"] = spans_of(cleaned, draft.subjects)
    clauses = collect_clauses(sents, draft.subjects, selves)
    build_demands(clauses, draft, title_country(draft.title))
    draft.targets = consolidate(draft.demands)
    draft.spans["targets"] = spans_of(cleaned, draft.targets)
    draft.country = find_country(draft.title, draft.targets, cleaned)
    draft.targets = qualify(draft.demands, draft.targets, draft.country)
    summary = find_summary(sents, title, draft.spans.get("date"))
    draft.summary = " ".join(s.text for s in summary)
    draft.spans["summary"] = [(s.start, s.end) for s in summary]
    add_warnings(draft)


# What a page around a release leaves before its title: a button's word ("Expand",
# "Share"), a note of where the text was found, a credit.
NOT_A_TITLE = re.compile(
    r"^(?:(?:from|via|source|photo|image|credit|read more|originally published)\b"
    r"|\W*[\w’'-]+\W*$)"
    r"|\bhere\W*$",
    re.I,
)


def find_title(sents: list[Sentence]) -> Sentence | None:
    """The first heading, else the first short line that is not a date."""
    sents = [s for s in sents if not NOT_A_TITLE.search(s.text.strip())]
    for sent in sents[:6]:
        if sent.kind == "heading" and len(sent.text) > 15:
            return sent
    first_block = [s for s in sents if s.block == sents[0].block] if sents else []
    if len(first_block) == 1 and len(first_block[0].text) < 250:
        return first_block[0]
    return sents[0] if sents and len(sents[0].text) < 250 else None


def collect_clauses(sents: list[Sentence], persons: list[str], selves: list[str]) -> list[Clause]:
    """Every call clause of the release, in reading order, with list items after lead-ins."""
    clauses: list[Clause] = []
    lead: tuple[str | None, str] | None = None
    for sent in sents:
        if sent.text.rstrip(" ”\"'").endswith("?"):
            lead = None
            continue  # questions ask, they do not demand
        found = find_calls(sent, persons, selves)
        item = item_clause(sent, lead) if sent.kind == "item" and lead else None
        if item:  # the verb that opens a recommendation is its demand, whatever follows
            found = [item]
        elif not found:
            single = imperative(sent)
            found = [single] if single else []
        clauses += found
        if sent.kind != "item":
            lead = lead_in(sent, persons, selves) or (lead if sent.kind == "heading" else None)
    return clauses


def build_demands(clauses: list[Clause], draft: ReleaseDraft, country: str | None) -> None:
    """Rewrite clauses into demands, public calls and reported calls, then dedupe demands."""
    letter_to = salutation(draft.cleaned_text)
    history: list[str] = [letter_to] if letter_to else []
    buckets = {
        "demand": draft.demands,
        "public": draft.public_calls,
        "reported": draft.reported_calls,
    }
    for clause in clauses:
        target = normalise_target(clause.target, history, draft.subjects)
        if target and clause.kind == "demand":
            history.append(target)
        for text in rewrite(clause.action, draft.subjects):
            span = (clause.sentence.start, clause.sentence.end)
            demand = Demand(text, target, clause.sentence.text, span, clause.origin)
            buckets[clause.kind].append(demand)
    main = Counter(d.target for d in draft.demands if d.target).most_common(1)
    fallback = main[0][0] if main else letter_to or default_target(draft.cleaned_text)
    for demand in draft.demands:
        demand.target = demand.target or fallback
    draft.demands[:] = dedupe(draft.demands, draft.subjects)


def find_summary(sents: list[Sentence], title: Sentence | None, date_spans) -> list[Sentence]:
    """Two or three sentences of background from the lead paragraphs."""
    chosen: list[Sentence] = []
    for sent in sents:
        if sent is title or sent.kind != "text" or len(sent.text.split()) < 8:
            continue
        quoted = sent.text[:1] in "“\"‘'" or sents_block_quoted(sents, sent)
        if sent.text.rstrip().endswith(":") or quoted:
            continue
        if date_spans and sent.start <= date_spans[0][0] < sent.end:
            continue
        chosen.append(sent)
        if len(chosen) == 3 or sum(len(s.text) for s in chosen) > 450:
            break
    return chosen


def sents_block_quoted(sents: list[Sentence], sent: Sentence) -> bool:
    """True when the sentence's paragraph opens with a quotation mark."""
    first = next(s for s in sents if s.block == sent.block)
    return first.text[:1] in "“\"‘'"


def spans_of(text: str, names: list[str]) -> list[tuple[int, int]]:
    """The first occurrence of each name in the cleaned text."""
    out = []
    for name in names:
        at = text.find(name)
        if at >= 0:
            out.append((at, at + len(name)))
    return out


def add_warnings(draft: ReleaseDraft) -> None:
    """Say what was not found, so the organiser knows what to fill in."""
    for field, label in (
        ("title", "title"),
        ("date", "date"),
        ("country", "country"),
        ("subjects", "subject"),
        ("targets", "target"),
        ("demands", "demand"),
    ):
        if not getattr(draft, field):
            draft.warnings.append(f"no {label} found")
