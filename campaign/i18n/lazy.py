"""Text translated when it is shown rather than when the module is imported: form labels,
validator messages and other module-level text.

Flask-Babel's own LazyString hands its text to Jinja unescaped (its `__html__` returns the
plain string), so an apostrophe or a quote in a translation would reach the page raw, even
inside an attribute such as a placeholder. `LazyText` is escaped like any other string.
"""

from __future__ import annotations

from flask_babel import gettext, pgettext
from flask_babel.speaklater import LazyString
from markupsafe import escape


class LazyText(LazyString):
    def __html__(self) -> str:
        return str(escape(str(self)))


def lazy_gettext(string: str, **variables: object) -> LazyText:
    """`gettext(string, **variables)`, run each time the text is used."""
    return LazyText(gettext, string, **variables)


def lazy_pgettext(context: str, string: str, **variables: object) -> LazyText:
    """`pgettext(context, string, **variables)`, run each time: for a word that needs two
    translations, such as an official's "Title" (their office) beside an appeal's."""
    return LazyText(pgettext, context, string, **variables)
