"""Rendering organiser-written letters in Jinja's sandbox.

Templates are data: they run in `SandboxedEnvironment`, see only the views of
`context.py`, cannot include or import other templates, and cannot build huge
strings. Mistakes come back as `LetterError`s with a line number, never as
exceptions.
"""

from __future__ import annotations

import operator
import traceback
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from campaign.languages import long_date
from campaign.letters import limits
from campaign.letters.context import (
    AppealView,
    LetterContext,
    TargetView,
    sample_supporter,
)

MAX_TEMPLATE_CHARS = 20_000
MAX_OUTPUT_CHARS = 50_000
TOP_LEVEL = frozenset({"supporter", "target", "appeal", "today", "personal"})
FORBIDDEN_TAGS = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport, nodes.Macro)


@dataclass(frozen=True)
class LetterError:
    """A mistake in a letter, at a line of its template when known.

    `message` is English (this package knows no catalogue); `kind` and `details` let the
    pages that show it word it in the organiser's language (campaign.organise.letters).
    """

    line: int | None
    message: str
    kind: str = "other"
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class RenderedLetter:
    subject: str
    body: str
    language: str = "en"  # the letter's language (of its template)


class LetterSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, bounded (campaign.letters.limits) so that no template can exhaust
    memory or time; immutable, so `list.append` cannot grow a list in a loop either."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return limits.Instrument().visit(super()._parse(source, name, filename))

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        limits.check_binop(op, left, right)
        return limits.checked(BINOPS[op](left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's own signature)
        if getattr(__obj, "__self__", None) is __self:  # the instrumentation's own calls
            return __obj(*args)  # (without the loop and block variables Jinja passes along)
        limits.check_call(__obj, args, kwargs)
        return limits.checked(super().call(__context, __obj, *args, **kwargs))

    # Called from the instrumented template (see limits.Instrument).
    def letter_loop(self, iterable: Any) -> Any:
        for item in iterable:
            limits.current().step()
            yield item

    def letter_value(self, value: Any) -> Any:
        return limits.checked(value)

    def letter_write(self, value: Any) -> Any:
        limits.current().write(len(value if isinstance(value, str) else str(value)))
        return value

    def letter_write_count(self, count: int) -> str:
        limits.current().write(count)
        return ""


BINOPS = {"*": operator.mul, "**": operator.pow, "%": operator.mod, "+": operator.add}


# One environment per language a letter is written in: `long_date` writes its months.
@lru_cache(maxsize=64)
def _environment(autoescape: bool, language: str = "en") -> LetterSandbox:
    env = LetterSandbox(
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = partial(long_date, language=language)
    env.filters = {name: limits.guard_filter(name, f) for name, f in env.filters.items()}
    return env


TEXT_ENV = _environment(autoescape=False)  # e-mail bodies, mailto links, PDFs
HTML_ENV = _environment(autoescape=True)  # letters shown inside a page


def check_template(source: str) -> list[LetterError]:
    """Every problem in `source`: syntax, forbidden tags, unknown variables, failed render."""
    if len(source) > MAX_TEMPLATE_CHARS:
        message = f"The letter is longer than {MAX_TEMPLATE_CHARS:,} characters."
        return [LetterError(None, message, "too_long", {"count": MAX_TEMPLATE_CHARS})]
    try:
        tree = TEXT_ENV.parse(source)
    except TemplateSyntaxError as error:
        detail = error.message or "syntax error"
        return [LetterError(error.lineno, detail, "syntax", {"detail": detail})]
    errors = _check_tree(tree)
    if errors:
        return errors
    _, error = _render(TEXT_ENV, source, preview_context())
    return [error] if error else []


def _check_tree(tree: nodes.Template) -> list[LetterError]:
    errors = [
        LetterError(
            node.lineno, "Letters cannot include, import or extend other templates.", "forbidden"
        )
        for node in tree.find_all(FORBIDDEN_TAGS)
    ]
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name not in TOP_LEVEL | assigned | {"loop"}:
            message = f"Unknown variable “{name.name}”."
            errors.append(
                LetterError(name.lineno, message, "unknown_variable", {"name": name.name})
            )
    return errors


def render_letter(
    subject: str, body: str, context: LetterContext, *, html: bool = False
) -> tuple[RenderedLetter | None, list[LetterError]]:
    """Render a letter's subject and body for one supporter and target."""
    errors = check_template(subject) + check_template(body)
    if errors:
        return None, errors
    text_env = _environment(False, context.language)
    env = _environment(True, context.language) if html else text_env
    rendered_subject, subject_error = _render(text_env, subject, context)
    rendered_body, body_error = _render(env, body, context)
    found = [e for e in (subject_error, body_error) if e]
    if found:
        return None, found
    subject_text = " ".join(rendered_subject.split())
    return RenderedLetter(subject_text, rendered_body.strip() + "\n", context.language), []


def _render(
    env: LetterSandbox, source: str, context: LetterContext
) -> tuple[str, LetterError | None]:
    try:
        output = limits.budgeted(lambda: env.from_string(source).render(context.as_dict()))
    except UndefinedError as error:
        return "", _undefined_error(_template_line(error), error)
    except limits.TooMuch as error:
        return "", LetterError(_template_line(error), str(error), error.reason)
    except SecurityError as error:
        line, detail = _template_line(error), str(error)
        message = f"Not allowed in a letter: {detail}"
        return "", LetterError(line, message, "not_allowed", {"detail": detail})
    except TemplateError as error:
        detail = str(error)
        return "", LetterError(_template_line(error), detail, "other", {"detail": detail})
    except (
        Exception
    ) as error:  # any mistake in an organiser's template is theirs to fix: never a 500
        line, detail = _template_line(error), str(error) or type(error).__name__
        message = f"The letter could not be filled in: {detail}"
        return "", LetterError(line, message, "fill_failed", {"detail": detail})
    if len(output) > MAX_OUTPUT_CHARS:
        return "", LetterError(None, "The letter is too long once filled in.", "too_long_filled")
    return output, None


def _template_line(error: BaseException) -> int | None:
    """The template line an error was raised at, from Jinja's rewritten traceback."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


def _undefined_error(line: int | None, error: UndefinedError) -> LetterError:
    message = str(error)
    if "has no attribute" in message:
        attribute = message.rsplit("attribute", 1)[-1].strip(" '\"")
        return LetterError(
            line, f"Unknown field “{attribute}”.", "unknown_field", {"name": attribute}
        )
    return LetterError(line, message, "other", {"detail": message})


def preview_context(
    target: TargetView | None = None, appeal: AppealView | None = None
) -> LetterContext:
    """A full context with sample values: what every template is checked against."""
    return LetterContext(
        supporter=sample_supporter(),
        target=target
        or TargetView(
            name="Sok Chea",
            title="Minister of Justice",
            organisation="Ministry of Justice",
            salutation="Your Excellency",
            postal_address="1 Example Street\nPhnom Penh",
        ),
        appeal=appeal
        or AppealView.of(
            "Free the prisoner", ["Release the prisoner", "Drop all charges"], subjects=("Ana",)
        ),
        today=date(2026, 1, 15),
        personal="I have followed this case for a year.",
    )
