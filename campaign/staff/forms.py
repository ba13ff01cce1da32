"""Staff forms: shape only (the services check the rules)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from campaign.countries import country_options


class CriteriaForm(FlaskForm):
    """Bulk invalidation criteria; read from the query string for the preview."""

    email_domain = StringField("E-mail domain", validators=[Optional(), Length(max=253)])
    ip_hash = StringField("IP hash", validators=[Optional(), Length(max=64)])
    since = DateTimeLocalField("Signed from (UTC)", validators=[Optional()])
    until = DateTimeLocalField("Signed before (UTC)", validators=[Optional()])
    name_pattern = StringField(
        "Name pattern",
        validators=[Optional(), Length(max=200)],
        description="* matches anything, e.g. *test* or Bot *",
    )


class RestoreForm(FlaskForm):
    batch = HiddenField(validators=[DataRequired()])


class DecideForm(FlaskForm):
    """Accept or invalidate the ticked flagged signatures (ids read as a list)."""

    decision = SelectField(
        choices=[SelectChoice("accept", "Accept"), SelectChoice("invalidate", "Invalidate")]
    )


class PaperForm(FlaskForm):
    country = SelectField("Country", validators=[DataRequired()])
    count = IntegerField("Signatures", validators=[InputRequired(), NumberRange(min=1)])
    collected_on = DateField("Collected on", validators=[Optional()])
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_options(blank="Choose a country")


class DeleteForm(FlaskForm):
    """A POST with only the CSRF token."""
