"""Forms check shape only; services check the domain rules."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from babel import support
from flask import current_app, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import Choice
from wtforms.i18n import messages_path
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import Select, html_params

from campaign.countries import country_choices, is_country
from campaign.i18n import SOURCE_LANGUAGE, current_language
from campaign.i18n.lazy import lazy_gettext as _l
from campaign.signatures.addresses import InvalidEmail, normalise_email
from campaign.signatures.form_token import LinkFormCSRF, SignFormCSRF
from campaign.signatures.letters import PERSONAL_MAX_CHARS
from campaign.templating import number

# Lazy: shown, and stored with the signature, in the language of the page it was ticked on.
CONSENT_TEXT = _l(
    "Yes, e-mail me about this case and other urgent appeals. I can unsubscribe at any time."
)
FORBIDDEN_IN_NAMES = frozenset("<>")
# Zero-width non-joiner and joiner: format characters that are part of how Persian and
# Indic words are spelt. Every other format character (Cf) is refused: invisible, it
# makes a name of nothing (U+200B) or one that reads otherwise than it is stored (the
# bidi overrides U+202A-U+202E, U+2066-U+2069).
JOINERS = frozenset("\u200c\u200d")
# What a ticked consent box may send (a browser sends "y", its value; scripts send others).
CONSENT_GIVEN = ("y", "on", "true", "1")
# The longest each field may be (campaign.signatures.quick reads the form by the same rules).
NAME_MAX, EMAIL_MAX, CITY_MAX, POSTCODE_MAX = 200, 254, 120, 16
# What the e-mail input lets the browser take: more than EMAIL_MAX, so that an address
# too long reaches the server and gets its "too long" message. At EMAIL_MAX (the length
# WTForms would set) the browser cut it silently, and the cut address then lacked its @.
EMAIL_INPUT_MAX = 320


def tidy(value: str | None) -> str | None:
    """Unicode NFC (so composed and decomposed letters compare equal), spaces collapsed."""
    if value is None:
        return None
    return " ".join(unicodedata.normalize("NFC", value).split())


def plain_text(_form: FlaskForm, field: StringField) -> None:
    """Names and places are plain text: no markup, no control or invisible format
    characters, and something to read (a letter or a number)."""
    value = field.data or ""
    if any(ch in FORBIDDEN_IN_NAMES for ch in value):
        raise ValidationError(_("Please leave out the characters < and >."))
    if _has_control_character(value):
        raise ValidationError(_("Please use letters, numbers and punctuation only."))
    if value and not _has_letter_or_number(value):
        raise ValidationError(_("Please use at least one letter or number."))


def is_plain(value: str) -> bool:
    """What plain_text accepts ("" included: an optional field left empty)."""
    if value.isascii():
        # The same rules, by one regular expression each instead of a call per character:
        # ASCII's only control characters are C0 and DEL, its only letters and digits
        # A-Z, a-z and 0-9 (tests/signatures/test_plain_text.py holds the two ways together).
        return not _ASCII_UNPLAIN.search(value) and (not value or bool(_ASCII_WORD.search(value)))
    if any(ch in FORBIDDEN_IN_NAMES for ch in value) or _has_control_character(value):
        return False
    return _has_letter_or_number(value)


_ASCII_UNPLAIN = re.compile("[\x00-\x1f\x7f<>]")
_ASCII_WORD = re.compile("[A-Za-z0-9]")
_ASCII_LETTER = re.compile("[A-Za-z]")


def _has_control_character(value: str) -> bool:
    return any(_is_control(ch) for ch in value)


def _is_control(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category == "Cc" or (category == "Cf" and ch not in JOINERS)


def has_letter(value: str) -> bool:
    """Whether `value` has a letter of any script: a name of digits alone is no one's."""
    if value.isascii():
        return bool(_ASCII_LETTER.search(value))
    return any(unicodedata.category(ch)[0] == "L" for ch in value)


def name_in_letters(_form: FlaskForm, field: StringField) -> None:
    if field.data and not has_letter(field.data):
        raise ValidationError(_("Please write your name in letters."))


def _has_letter_or_number(value: str) -> bool:
    # Numbers too, not letters alone: the same check reads postcodes (quick.read_form
    # applies is_plain to every text field alike).
    return any(unicodedata.category(ch)[0] in "LN" for ch in value)


class CountrySelect(Select):
    """A select whose ~250 options are rendered once per list and chosen value.

    WTForms builds every option's HTML on every render: ~40 ms of each view of an
    appeal's page, which carries the sign form. The options are the same for everyone
    but the one selected, so they are kept, rendered, per (choices, selected value).
    """

    def __call__(self, field: SelectField, **kwargs: object) -> Markup:
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for k in dir(flags):
            if k in self.validation_attrs and k not in kwargs:
                kwargs[k] = getattr(flags, k)
        options = _rendered_options(tuple(field.choices or ()), field.data)
        params = html_params(name=field.name, **kwargs)
        return Markup(f"<select {params}>{options}</select>")  # noqa: S704 (escaped, as WTForms does)


@lru_cache(maxsize=512)
def _rendered_options(choices: tuple[tuple[str, str], ...], selected: object) -> Markup:
    return Markup("").join(
        Select.render_option(Choice(value, label, selected=value == selected, render_kw={}))
        for value, label in choices
    )


class SignatureForm(FlaskForm):
    class Meta:
        # Not bound to a session: the appeal's page is the same for every visitor and can
        # be cached (campaign.signatures.form_token). csrf_context: the appeal's slug.
        csrf_class = SignFormCSRF
        csrf_context = ""

        def get_translations(self, form: FlaskForm) -> object:
            # Flask-WTF reads WTForms' catalogue from disk on every request.
            return wtforms_translations(str(get_locale() or "en"))

    name = StringField(
        _l("Your name"),
        filters=[tidy],
        validators=[
            DataRequired(_l("Please enter your name.")),
            Length(max=NAME_MAX, message=_l("Please keep your name under 200 characters.")),
            plain_text,
            name_in_letters,
        ],
        render_kw={"autocomplete": "name", "maxlength": NAME_MAX},
    )
    email = StringField(
        _l("Your e-mail address"),
        filters=[lambda v: v.strip() if v else v],
        validators=[
            DataRequired(_l("Please enter your e-mail address.")),
            Length(max=EMAIL_MAX, message=_l("That e-mail address is too long.")),
        ],
        render_kw={
            "autocomplete": "email",
            "type": "email",
            "inputmode": "email",
            "maxlength": EMAIL_INPUT_MAX,
        },
    )
    country = SelectField(
        _l("Your country"),
        widget=CountrySelect(),
        validate_choice=False,  # the validator below gives a clearer message
        validators=[InputRequired(_l("Please choose your country."))],
        render_kw={"autocomplete": "country"},
    )
    city = StringField(
        _l("Your town or city (optional)"),
        filters=[tidy],
        validators=[
            Optional(),
            Length(max=CITY_MAX, message=_l("Please keep this under 120 characters.")),
            plain_text,
        ],
        render_kw={"autocomplete": "address-level2", "maxlength": CITY_MAX},
    )
    postcode = StringField(
        _l("Postcode (optional)"),
        filters=[tidy],
        validators=[
            Optional(),
            Length(max=POSTCODE_MAX, message=_l("A postcode has at most 16 characters.")),
            plain_text,
        ],
        render_kw={"autocomplete": "postal-code", "maxlength": POSTCODE_MAX},
    )
    consent = BooleanField(CONSENT_TEXT, default=False)
    # Where the supporter came from (?source=newsletter on the appeal's link), for staff.
    source = HiddenField(filters=[lambda v: source_tag(v)])
    # The honeypot: hidden from people (CSS, aria-hidden, no tab stop), filled by bots.
    website = StringField(
        _l("Leave this field empty"),
        render_kw={"autocomplete": "off", "tabindex": "-1"},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = [
            ("", _("Choose your country")),
            *country_choices(current_language()),
        ]

    def validate_email(self, field: StringField) -> None:
        try:
            field.data = normalise_email(
                field.data or "",
                check_deliverability=current_app.config["EMAIL_CHECK_DELIVERABILITY"],
            )
        except InvalidEmail as error:
            raise ValidationError(
                _("Please check your e-mail address: %(reason)s", reason=email_problem(error))
            ) from None

    def validate_consent(self, field: BooleanField) -> None:
        # A checkbox sends its value or nothing; anything else was not typed by a person.
        if field.raw_data and field.raw_data[0] not in CONSENT_GIVEN:
            raise ValidationError(_("Please tick the box, or leave it empty."))

    def validate_country(self, field: SelectField) -> None:
        if not is_country(field.data):
            raise ValidationError(_("Please choose your country from the list."))


def email_problem(error: InvalidEmail) -> str:
    """What is wrong with the address: the validator's own precise words in English, the
    gist in other languages (the validator speaks only English)."""
    if current_language() == SOURCE_LANGUAGE:
        return str(error)
    if error.undeliverable:
        return _("its domain does not receive e-mail.")
    return _("it is not a valid address.")


@lru_cache(maxsize=16)
def wtforms_translations(locale: str) -> support.Translations:
    """WTForms' own messages in `locale`, loaded once per process."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


def new_sign_form(slug: str | None = None) -> SignatureForm:
    """An empty form for the appeal at `slug` (by default the one the URL names), its
    country guessed from the browser's Accept-Language region."""
    slug = slug or (request.view_args or {}).get("slug", "")
    form = SignatureForm(formdata=None, meta={"csrf_context": slug})
    form.country.data = country_from_accept_language(
        [lang for lang, _q in request.accept_languages]
    )
    form.source.data = source_tag(request.args.get("source"))
    return form


def source_tag(value: str | None) -> str:
    """A tag of letters, digits, - and _ (at most 64), or "page": never an error to fix."""
    tag = "".join(
        ch for ch in (value or "").strip().lower() if ch.isascii() and (ch.isalnum() or ch in "-_")
    )
    return tag[:64] or "page"


def country_from_accept_language(languages: list[str]) -> str:
    """The first region in the list ("fr-CA" → "CA") that is a country, else ""."""
    for language in languages:
        parts = language.replace("_", "-").split("-")
        for part in parts[1:]:
            if len(part) == 2 and is_country(part.upper()):
                return part.upper()
    return ""


ACTIONS = ("preview", "mailto", "email", "print", "pdf")


class LetterForm(FlaskForm):
    personal = TextAreaField(
        _l("Your own paragraph (optional)"),
        validators=[
            Optional(),
            Length(
                max=PERSONAL_MAX_CHARS,
                message=_l(
                    "Please keep your paragraph under %(count)s characters.",
                    count=LazyString(lambda: number(PERSONAL_MAX_CHARS)),
                ),
            ),
        ],
        render_kw={"rows": 5, "maxlength": PERSONAL_MAX_CHARS},
    )
    action = StringField(validators=[AnyOf(ACTIONS, message=_l("Please choose how to send."))])


class ConfirmForm(FlaskForm):
    """A button and its CSRF token: confirming is a POST, so link scanners cannot.

    The token is bound to the e-mailed link, not to a session (LinkFormCSRF): the link
    is often opened in a browser that keeps no cookie of ours. Made with
    `meta={"csrf_context": (purpose, link token)}` (link_form).
    """

    class Meta:
        csrf_class = LinkFormCSRF
        csrf_context = ("", "")


def link_form(purpose: str, link_token: str) -> ConfirmForm:
    """The button behind the e-mailed link `link_token` made for `purpose`."""
    return ConfirmForm(meta={"csrf_context": (purpose, link_token)})
