"""Export choices, read from the query string (GET: a download link can be bookmarked)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import Optional, ValidationError

from campaign.countries import is_country
from campaign.exports.counts import GROUPINGS
from campaign.exports.filters import COLUMNS, DEFAULT_COLUMNS, SignatureFilter
from campaign.fields import MultiCheckboxField


class ExportForm(FlaskForm):
    class Meta:
        csrf = False  # a GET download: it changes nothing but the audit log

    appeal = MultiCheckboxField("Appeals")
    since = DateField("Signed from", validators=[Optional()])
    until = DateField("Signed until", validators=[Optional()])
    countries = StringField("Countries", description="ISO codes, e.g. KH, FR; empty: all")
    include_unconfirmed = BooleanField("Include unconfirmed signatures")
    consented_only = BooleanField("Only people who agreed to be contacted")
    include_flagged = BooleanField("Include flagged signatures")
    columns = MultiCheckboxField(
        "Columns", choices=[SelectChoice(k, label) for k, label in COLUMNS.items()]
    )
    format = SelectField(
        "Format",
        choices=[SelectChoice("csv", "CSV"), SelectChoice("xlsx", "Excel (XLSX)")],
        default="csv",
    )
    bom = BooleanField("Add a byte-order mark (for Excel)")

    def validate_countries(self, field: StringField) -> None:
        wrong = [c for c in self.country_codes() if not is_country(c)]
        if wrong:
            raise ValidationError(f"Unknown country code: {', '.join(wrong)}")

    def validate_until(self, field: DateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end date is before the start date.")

    def validate_appeal(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError("Choose at least one appeal.")

    def country_codes(self) -> tuple[str, ...]:
        raw = (self.countries.data or "").replace(";", ",").replace(" ", ",")
        return tuple(dict.fromkeys(c.strip().upper() for c in raw.split(",") if c.strip()))

    def to_filter(self, appeal_ids: tuple[int, ...]) -> SignatureFilter:
        return SignatureFilter(
            appeal_ids=appeal_ids,
            since=self.since.data,
            until=self.until.data,
            countries=self.country_codes(),
            confirmed_only=not self.include_unconfirmed.data,
            consented_only=self.consented_only.data,
            include_flagged=self.include_flagged.data,
            columns=tuple(self.columns.data or DEFAULT_COLUMNS),
        )


class CountsForm(FlaskForm):
    class Meta:
        csrf = False

    appeal = MultiCheckboxField("Appeals", description="None chosen: every appeal")
    by = SelectField("Per", choices=[SelectChoice(g, g) for g in GROUPINGS], default="appeal")
    format = SelectField(
        "Format", choices=[SelectChoice("csv", "CSV"), SelectChoice("json", "JSON")], default="csv"
    )
