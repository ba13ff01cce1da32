"""Organiser forms: shape only; services check the domain rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
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

from campaign.countries import country_options
from campaign.models import Outcome, TargetRole

LANGUAGES = [SelectChoice(code, name) for code, name in [
    ("en", "English"), ("fr", "French"), ("es", "Spanish"), ("ar", "Arabic"),
    ("pt", "Portuguese"), ("de", "German"), ("km", "Khmer"),
]]  # fmt: skip
MAX_RELEASE_CHARS = 500_000


class NewAppealForm(FlaskForm):
    text = TextAreaField(
        "Paste the release", validators=[Optional(), Length(max=MAX_RELEASE_CHARS)]
    )
    file = FileField("…or upload it (.txt, .md or .html)")

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        """One of the two is needed (a field validator would not run on an empty field)."""
        valid = super().validate(extra_validators)
        if valid and not (self.text.data or "").strip() and not self.file.data:
            self.text.errors = ["Paste the release or choose a file."]
            return False
        return valid


class DemandRowForm(Form):
    """One demand row: the CSRF token belongs to the enclosing form."""

    demand_id = HiddenField()
    text = TextAreaField("Demand", validators=[Optional(), Length(max=1000)], render_kw={"rows": 2})
    position = IntegerField("Order", validators=[Optional(), NumberRange(min=0, max=999)])
    delete = BooleanField("Remove")


class ReviewForm(FlaskForm):
    title = StringField(
        "Title", validators=[DataRequired("Give the appeal a title."), Length(max=300)]
    )
    slug = StringField(
        "Address", validators=[DataRequired("Give the appeal an address."), Length(max=64)]
    )
    summary = TextAreaField("Summary", validators=[Optional(), Length(max=5000)])
    country = SelectField("Country", validators=[Optional()])
    language = SelectField("Language", choices=LANGUAGES)
    deadline = DateField("Take action before", validators=[Optional()])
    signature_goal = IntegerField(
        "Signature goal",
        validators=[
            Optional(),
            NumberRange(min=1, max=100_000_000, message="The goal is a number from 1 upwards."),
        ],
    )
    subjects = TextAreaField(
        "People concerned (one per line)", validators=[Optional(), Length(max=3000)]
    )
    demands = FieldList(FormField(DemandRowForm), min_entries=0, max_entries=60)
    confirm_signatures = BooleanField("Ask signers to confirm by e-mail before they count")
    send_letters = BooleanField("Offer to send letters for supporters (from our address)")
    keep_letter_text = BooleanField("Keep the text of each letter sent")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_options("International / none")


class AddTargetForm(FlaskForm):
    target_id = IntegerField(validators=[DataRequired()])
    role = SelectField(choices=[SelectChoice(r.value) for r in TargetRole])


class NewTargetForm(FlaskForm):
    """A target created from the review screen and added to the appeal at once."""

    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    title = StringField("Title", validators=[Optional(), Length(max=300)])
    organisation = StringField("Organisation", validators=[Optional(), Length(max=300)])
    email = StringField("E-mail", validators=[Optional(), Email(), Length(max=320)])
    postal_address = TextAreaField("Postal address", validators=[Optional(), Length(max=1000)])
    salutation = StringField("Salutation", validators=[Optional(), Length(max=200)])
    role = SelectField(
        "Role",
        choices=[
            SelectChoice(TargetRole.PRIMARY.value, "Primary"),
            SelectChoice(TargetRole.COPY.value, "Copy to"),
        ],
    )


class LetterForm(FlaskForm):
    subject = StringField("Subject", validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(
        "Letter", validators=[DataRequired(), Length(max=20_000)], render_kw={"rows": 22}
    )


class CloseForm(FlaskForm):
    outcome = SelectField(
        "Outcome",
        choices=[SelectChoice(o.value, o.value.replace("_", " ").capitalize()) for o in Outcome],
    )
    note = TextAreaField("Note for supporters", validators=[Optional(), Length(max=3000)])


class UpdateForm(FlaskForm):
    title = StringField("Headline", validators=[DataRequired(), Length(max=300)])
    body = TextAreaField("Details", validators=[Optional(), Length(max=5000)])
    happened_on = DateField("When it happened", validators=[Optional()])
    email_signers = BooleanField("E-mail it to signers who asked to hear more")


class EmbedForm(FlaskForm):
    origins = TextAreaField(
        "Sites allowed to show the sign form (one a line)",
        validators=[Optional(), Length(max=3000)],
        render_kw={"rows": 3, "placeholder": "https://www.example.org"},
    )


class ActionForm(FlaskForm):
    """An empty form: a POST button with its CSRF token."""


class TranslationForm(FlaskForm):
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
            _l("Demand"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3}
        ),
        min_entries=0,
        max_entries=60,
    )
    letter_subject = StringField(
        _l("Subject of the letter"), validators=[Optional(), Length(max=300)]
    )
    letter_body = TextAreaField(
        _l("Letter"), validators=[Optional(), Length(max=20_000)], render_kw={"rows": 18}
    )
