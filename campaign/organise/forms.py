"""Organiser forms: shape only; services check the domain rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from campaign.appeals.outcomes import OUTCOMES
from campaign.countries import country_options
from campaign.fields import NulFreeForm, WithoutNulMeta, without_nul
from campaign.i18n import current_language
from campaign.i18n.lazy import lazy_gettext as _l
from campaign.i18n.lazy import lazy_pgettext as _lp
from campaign.models import Outcome, TargetRole

LANGUAGES = [SelectChoice(code, name) for code, name in [
    ("en", _l("English")), ("fr", _l("French")), ("es", _l("Spanish")), ("ar", _l("Arabic")),
    ("pt", _l("Portuguese")), ("de", _l("German")), ("km", _l("Khmer")),
]]  # fmt: skip
MAX_RELEASE_CHARS = 500_000


class NewAppealForm(NulFreeForm):
    text = TextAreaField(
        _l("Paste the release"), validators=[Optional(), Length(max=MAX_RELEASE_CHARS)]
    )
    file = FileField(_l("…or upload it (.txt, .md or .html)"))

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        """One of the two is needed (a field validator would not run on an empty field),
        and only one: which of two releases was meant is the organiser's to say."""
        valid = super().validate(extra_validators)
        pasted, chosen = bool((self.text.data or "").strip()), bool(self.file.data)
        if valid and not pasted and not chosen:
            self.text.errors = [_("Paste the release or choose a file.")]
            return False
        if valid and pasted and chosen:
            self.file.errors = [
                _(
                    "Paste the release or choose a file, not both: clear the text to use "
                    "the file, or send the text without the file (choose it again later)."
                )
            ]
            return False
        return valid


class DemandRowForm(Form):
    """One demand row: the CSRF token belongs to the enclosing form."""

    class Meta(WithoutNulMeta):
        pass

    demand_id = HiddenField()
    text = TextAreaField(
        _l("Demand"), validators=[Optional(), Length(max=1000)], render_kw={"rows": 2}
    )
    position = IntegerField(_l("Order"), validators=[Optional(), NumberRange(min=0, max=999)])
    delete = BooleanField(_l("Remove"))


class ReviewForm(NulFreeForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the appeal a title.")), Length(max=300)]
    )
    slug = StringField(
        _l("Address"), validators=[DataRequired(_l("Give the appeal an address.")), Length(max=64)]
    )
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=5000)])
    country = SelectField(_l("Country"), validators=[Optional()])
    language = SelectField(_l("Language"), choices=LANGUAGES)
    deadline = DateField(_l("Take action before"), validators=[Optional()])
    signature_goal = IntegerField(
        _l("Signature goal"),
        validators=[
            Optional(),
            NumberRange(min=1, max=100_000_000, message=_l("The goal is a number from 1 upwards.")),
        ],
    )
    # A line each, "Name — who they are" (campaign.organise.services.parse_subject_line).
    subjects = TextAreaField(
        _l("People concerned (one per line)"), validators=[Optional(), Length(max=10_000)]
    )
    # No max_entries: WTForms asserts it when filling the form from stored demands, and
    # silently drops the rows beyond it from a submission (deleting those demands). The
    # number of rows is bounded by the request's size; the service caps the demands.
    demands = FieldList(FormField(DemandRowForm), min_entries=0)
    confirm_signatures = BooleanField(_l("Ask signers to confirm by e-mail before they count"))
    send_letters = BooleanField(_l("Offer to send letters for supporters (from our address)"))
    keep_letter_text = BooleanField(_l("Keep the text of each letter sent"))
    # The appeal as the form was filled from it (campaign.organise.review.review_version).
    version = HiddenField(validators=[Optional(), Length(max=64)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_options(_("International / none"), current_language())


class AddTargetForm(NulFreeForm):
    target_id = IntegerField(validators=[DataRequired()])
    role = SelectField(choices=[SelectChoice(r.value) for r in TargetRole])


class NewTargetForm(NulFreeForm):
    """A target created from the review screen and added to the appeal at once."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    # Ids of their own: the review page shows this form beside the appeal's (which has a
    # title too), and a label must name its own field.
    title = StringField(
        _lp("official", "Title"),
        validators=[Optional(), Length(max=300)],
        id="official-title",
    )
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=300)])
    email = StringField(_l("E-mail"), validators=[Optional(), Email(), Length(max=320)])
    postal_address = TextAreaField(_l("Postal address"), validators=[Optional(), Length(max=1000)])
    salutation = StringField(_l("Salutation"), validators=[Optional(), Length(max=200)])
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(TargetRole.PRIMARY.value, _l("Primary")),
            SelectChoice(TargetRole.COPY.value, _l("Copy to")),
        ],
    )


class LetterForm(NulFreeForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(
        _l("Letter"), validators=[DataRequired(), Length(max=20_000)], render_kw={"rows": 22}
    )


class CloseForm(NulFreeForm):
    # Nothing chosen to begin with: a default would record an outcome nobody picked.
    outcome = SelectField(
        _l("Outcome"),
        choices=[
            SelectChoice("", _l("Choose what happened…")),
            *(SelectChoice(o.value, OUTCOMES[o]) for o in Outcome),
        ],
        validators=[DataRequired(_l("Choose what happened."))],
    )
    note = TextAreaField(_l("Note for supporters"), validators=[Optional(), Length(max=3000)])


class UpdateForm(NulFreeForm):
    # Its own id beside the review form's title (see NewTargetForm).
    title = StringField(
        _l("Headline"), validators=[DataRequired(), Length(max=300)], id="update-title"
    )
    body = TextAreaField(_l("Details"), validators=[Optional(), Length(max=5000)])
    happened_on = DateField(_l("When it happened"), validators=[Optional()])
    email_signers = BooleanField(_l("E-mail it to signers who asked to hear more"))


class EmbedForm(NulFreeForm):
    origins = TextAreaField(
        _l("Sites allowed to show the sign form (one a line)"),
        validators=[Optional(), Length(max=3000)],
        render_kw={"rows": 3, "placeholder": "https://www.example.org"},
    )


class ActionForm(NulFreeForm):
    """An empty form: a POST button with its CSRF token."""


class TranslationForm(NulFreeForm):
    """The appeal in another language; one demand field per demand of the original."""

    language = StringField(_l("Language code"), validators=[Optional(), Length(max=16)])
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Translate the title.")), Length(max=300)]
    )
    summary = TextAreaField(
        _l("Summary"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 8}
    )
    demands = FieldList(
        TextAreaField(
            _l("Demand"),
            filters=[without_nul],  # a FieldList's field is not bound by the form's Meta
            validators=[Optional(), Length(max=2000)],
            render_kw={"rows": 3},
        ),
        min_entries=0,  # one per demand of the original: no max_entries (see ReviewForm)
    )
    # One per person concerned who has a description (translations.described(appeal)).
    about = FieldList(
        StringField(_l("About"), filters=[without_nul], validators=[Optional(), Length(max=1000)]),
        min_entries=0,
    )
    letter_subject = StringField(
        _l("Subject of the letter"), validators=[Optional(), Length(max=300)]
    )
    letter_body = TextAreaField(
        _l("Letter"), validators=[Optional(), Length(max=20_000)], render_kw={"rows": 18}
    )
    # The demands the translator was shown (campaign.organise.translations.demands_version).
    source = HiddenField(validators=[Optional(), Length(max=64)])
