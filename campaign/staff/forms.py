"""Staff forms: shape only (the services check the rules)."""

from __future__ import annotations

from datetime import timedelta

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
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from campaign.countries import country_options
from campaign.i18n import current_language
from campaign.i18n.lazy import lazy_gettext as _l
from campaign.models import utcnow


class CriteriaForm(FlaskForm):
    """Bulk invalidation criteria; read from the query string for the preview."""

    email_domain = StringField(_l("E-mail domain"), validators=[Optional(), Length(max=253)])
    ip_hash = StringField(_l("IP hash"), validators=[Optional(), Length(max=64)])
    since = DateTimeLocalField(_l("Signed from (UTC)"), validators=[Optional()])
    until = DateTimeLocalField(_l("Signed before (UTC)"), validators=[Optional()])
    name_pattern = StringField(
        _l("Name pattern"),
        validators=[Optional(), Length(max=200)],
        description=_l("* matches anything, e.g. *test* or Bot *"),
    )


class RestoreForm(FlaskForm):
    batch = HiddenField(validators=[DataRequired()])


class DecideForm(FlaskForm):
    """Accept or invalidate the ticked flagged signatures (ids read as a list)."""

    decision = SelectField(
        choices=[
            SelectChoice("accept", _l("Accept")),
            SelectChoice("invalidate", _l("Invalidate")),
        ]
    )


# One entry is one collection (a vigil, a stall, a batch of sheets): far below what the
# count column holds, and a slip of the keyboard cannot put billions on the public page.
MAX_PAPER_COUNT = 1_000_000


def _a_number_first(_form: FlaskForm, field: IntegerField) -> None:
    """Stop at "Not a valid integer value.": the range checks would add two more errors
    about a number that was never read ("1.5" showed three)."""
    if field.data is None and field.process_errors:
        raise StopValidation()


class PaperForm(FlaskForm):
    country = SelectField(_l("Country"), validators=[DataRequired()])
    count = IntegerField(
        _l("Signatures"),
        validators=[
            InputRequired(),
            _a_number_first,
            NumberRange(min=1),
            NumberRange(
                max=MAX_PAPER_COUNT,
                message=_l(
                    "At most 1,000,000 signatures at a time: enter a larger collection as "
                    "several counts."
                ),
            ),
        ],
    )
    collected_on = DateField(_l("Collected on"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_options(str(_l("Choose a country")), current_language())

    def validate_collected_on(self, field: DateField) -> None:
        # A day's grace: it is already tomorrow in some time zones.
        if field.data and field.data > utcnow().date() + timedelta(days=1):
            raise ValidationError(_l("The day of collection cannot be in the future."))


class DeleteForm(FlaskForm):
    """A POST with only the CSRF token."""
