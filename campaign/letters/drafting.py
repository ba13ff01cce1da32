"""The model letter: drafted in the appeal's language for its primary target, then the
organiser's to edit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from campaign.languages import primary
from campaign.letters.context import TargetView

# The appeal's title and demands are template variables, not copied text: the organiser
# corrects them on the review page after the letter is drafted, and a translation of the
# appeal gives them in its own language; the letter follows both.
DEMANDS = "{% for demand in appeal.demands %}\n- {{ demand }}\n{% endfor %}\n"
SUBJECT = "{{ appeal.title }}"


@dataclass(frozen=True)
class Wording:
    """A model letter's fixed phrases in one language."""

    greeting: str  # Jinja expression: the greeting of a target without a salutation
    greeting_text: str  # the same, as template text
    about: str  # "%s" is who or what the letter is about
    quoted: str  # the appeal's title, quoted: "%s" is the title
    and_: str
    urge: str
    thanks: str
    sign_off: str
    # `about` before a name that begins with a vowel, where the language elides ("" when
    # it does not): French writes "au sujet d'Ihsane El Kadi", not "de Ihsane".
    about_vowel: str = ""


# A name beginning with one of these takes the elided form. Not "h" nor "y": whether "de"
# elides before them depends on the name ("de Hassan", "d'Hélène"; "d'Yves", "de Yasmine"),
# and "de" before them is the lesser fault.
VOWELS = frozenset("aeiouàâäæéèêëîïôöœùûü")

WORDINGS = {
    "en": Wording(
        greeting='"Dear " ~ target.name',
        greeting_text="Dear {{ target.name }}",
        about="I am writing to you about %s.",
        quoted="“%s”",
        and_=" and ",
        urge="I respectfully urge you to:",
        thanks="I thank you for your attention to this case and look forward to your response.",
        sign_off="Yours sincerely,",
    ),
    "fr": Wording(
        greeting='"Madame, Monsieur"',
        greeting_text="Madame, Monsieur",
        about="Je vous écris au sujet de %s.",
        about_vowel="Je vous écris au sujet d'%s.",
        quoted="«\u00a0%s\u00a0»",
        and_=" et ",
        urge="Je vous demande respectueusement de\u00a0:",
        thanks=(
            "Je vous remercie de l'attention que vous porterez à cette affaire et attends "
            "votre réponse avec intérêt."
        ),
        sign_off="Veuillez agréer l'expression de ma haute considération.",
    ),
    "es": Wording(
        greeting='"Estimado/a " ~ target.name',
        greeting_text="Estimado/a {{ target.name }}",
        about="Le escribo en relación con %s.",
        quoted="«%s»",
        and_=" y ",
        urge="Le insto respetuosamente a:",  # then each demand, in the infinitive
        thanks="Le agradezco su atención a este caso y quedo a la espera de su respuesta.",
        sign_off="Atentamente,",
    ),
    "pt": Wording(
        greeting='"Exmo(a). Sr(a). " ~ target.name',
        greeting_text="Exmo(a). Sr(a). {{ target.name }}",
        about="Escrevo-lhe a respeito de %s.",
        quoted="«%s»",
        and_=" e ",
        urge="Exorto-o respeitosamente a:",  # then each demand, in the infinitive
        thanks="Agradeço a sua atenção a este caso e aguardo a sua resposta.",
        sign_off="Com os melhores cumprimentos,",
    ),
    "de": Wording(
        greeting='"Sehr geehrte Damen und Herren"',
        greeting_text="Sehr geehrte Damen und Herren",
        about="ich schreibe Ihnen wegen %s.",
        quoted="„%s“",
        and_=" und ",
        urge="Ich fordere Sie respektvoll auf:",
        thanks=(
            "Ich danke Ihnen für Ihre Aufmerksamkeit in diesem Fall und sehe Ihrer Antwort "
            "mit Interesse entgegen."
        ),
        sign_off="Mit freundlichen Grüßen",
    ),
}


def wording(language: str) -> Wording:
    """The phrases for `language`; English for a language the model letter is not written in."""
    return WORDINGS.get(primary(language or ""), WORDINGS["en"])


def draft_letter(
    subjects: Sequence[str],
    summary: str = "",
    target: TargetView | None = None,
    language: str = "en",
) -> tuple[str, str]:
    """Return (subject, body) template sources for a courteous letter, in `language` when
    the model letter is written in it, asking for the appeal's demands."""
    words = wording(language)
    names = _join_names(subjects, words.and_)
    about = names or words.quoted % SUBJECT
    elides = words.about_vowel and names[:1].casefold() in VOWELS
    opening = (words.about_vowel if elides else words.about) % about
    background = _as_text(_first_sentence(summary))
    body = f"{_salutation(target, words)},\n\n{opening}"
    if background:
        body += f" {background}"
    body += (
        f"\n\n{words.urge}\n\n{DEMANDS}\n"
        "{% if personal %}\n{{ personal }}\n\n{% endif %}\n"
        f"{words.thanks}\n\n{words.sign_off}\n\n"
        "{{ supporter.name }}\n{{ supporter.place }}\n"
    )
    return SUBJECT, body


def _salutation(target: TargetView | None, words: Wording) -> str:
    """The greeting: fixed for a known target, adapting to each target otherwise."""
    if target is None:
        return f"{{{{ target.salutation or {words.greeting} }}}}"
    return "{{ target.salutation }}" if target.salutation else words.greeting_text


def _join_names(names: Sequence[str], and_: str) -> str:
    names = [_as_text(n) for n in names if n.strip()]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + and_ + names[-1]


def _first_sentence(summary: str) -> str:
    text = " ".join(summary.split())
    for end in (". ", "! ", "? "):
        cut = text.find(end)
        if 0 < cut < 400:
            return text[: cut + 1]
    return text if len(text) < 400 else ""


def _as_text(text: str) -> str:
    """Text copied into the template: template syntax in it must not become code."""
    return text.replace("{", "(").replace("}", ")")
