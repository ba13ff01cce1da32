"""A letter's mistakes in the organiser's language.

campaign.letters knows no Flask and no catalogue: its `LetterError`s carry an English
message with a kind and details, and are worded here wherever a page or a form shows them.
"""

from __future__ import annotations

from flask_babel import gettext as _

from campaign.letters import LetterError
from campaign.templating import number


def error_text(error: LetterError) -> str:
    """A letter's mistake as the organiser reads it, in the interface language.

    What Jinja itself says of a mistake (a syntax error's detail) has no translation and
    is quoted as it is.
    """
    details = error.details
    if error.kind == "too_long":
        message = _(
            "The letter is longer than %(count)s characters.", count=number(details["count"])
        )
    elif error.kind == "too_long_filled":
        message = _("The letter is too long once filled in.")
    elif error.kind == "forbidden":
        message = _("Letters cannot include, import or extend other templates.")
    elif error.kind == "unknown_variable":
        message = _("Unknown variable “%(name)s”.", name=details["name"])
    elif error.kind == "unknown_field":
        message = _("Unknown field “%(name)s”.", name=details["name"])
    elif error.kind == "syntax":
        message = _("The letter cannot be read: %(detail)s", detail=details["detail"])
    elif error.kind == "not_allowed":
        message = _("Not allowed in a letter: %(detail)s", detail=details["detail"])
    elif error.kind == "too_big":
        message = _("The letter builds a text, list or number that is too large.")
    elif error.kind == "too_slow":
        message = _("The letter takes too long to fill in: it repeats itself too many times.")
    elif error.kind == "fill_failed":
        message = _("The letter could not be filled in: %(detail)s", detail=details["detail"])
    else:
        message = error.message
    if error.line:
        return _("Line %(line)s: %(message)s", line=number(error.line), message=message)
    return message


def error_texts(errors: list[LetterError]) -> list[str]:
    return [error_text(e) for e in errors]
