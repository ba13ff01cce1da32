"""Export choices, read from the query string (GET: a download link can be bookmarked).

The page is in the interface language; the files themselves (column headings, the counts'
keys, the delivery pack) stay English: they are a data format handed to CRMs and officials.
"""

from __future__ import annotations

from flask_babel import gettext as _
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
from campaign.exports.filters import (
    COLUMNS,
    DEFAULT_COLUMNS,
    FIRST_DAY,
    LAST_DAY,
    SignatureFilter,
    day_in_range,
)
from campaign.fields import MultiCheckboxField
from campaign.i18n.lazy import lazy_gettext as _l

# The columns as the form offers them; the file's own headings are filters.COLUMNS (English).
COLUMN_LABELS = {
    "appeal": _l("Appeal"),
    "name": _l("Name"),
    "email": _l("E-mail"),
    "country": _l("Country"),
    "postcode": _l("Postcode"),
    "city": _l("Town or city"),
    "comment": _l("Comment"),
    "consent": _l("Consent to contact"),
    "language": _l("Language"),
    "source": _l("Source"),
    "signed_at": _l("Signed at (UTC)"),
    "confirmed_at": _l("Confirmed at (UTC)"),
    "flag": _l("Flag"),
}
GROUPING_LABELS = {"appeal": _l("appeal"), "country": _l("country"), "day": _l("day")}


class ExportForm(FlaskForm):
    class Meta:
        csrf = False  # a GET download: it changes nothing but the audit log

    appeal = MultiCheckboxField(_l("Appeals"))
    since = DateField(_l("Signed from"), validators=[Optional()])
    until = DateField(_l("Signed until"), validators=[Optional()])
    countries = StringField(_l("Countries"), description=_l("ISO codes, e.g. KH, FR; empty: all"))
    include_unconfirmed = BooleanField(_l("Include unconfirmed signatures"))
    consented_only = BooleanField(_l("Only people who agreed to be contacted"))
    include_flagged = BooleanField(_l("Include flagged signatures"))
    columns = MultiCheckboxField(
        _l("Columns"),
        choices=[SelectChoice(k, COLUMN_LABELS[k]) for k in COLUMNS],
        validate_choice=False,  # validate_columns names the unknown ones, and the known
    )
    format = SelectField(
        _l("Format"),
        choices=[SelectChoice("csv", "CSV"), SelectChoice("xlsx", _l("Excel (XLSX)"))],
        default="csv",
    )
    bom = BooleanField(_l("Add a byte-order mark (for Excel)"))

    def validate_countries(self, field: StringField) -> None:
        wrong = [c for c in self.country_codes() if not is_country(c)]
        if wrong:
            raise ValidationError(_("Unknown country code: %(codes)s", codes=", ".join(wrong)))

    def validate_since(self, field: DateField) -> None:
        _check_range(field)

    def validate_until(self, field: DateField) -> None:
        _check_range(field)
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_("The end date is before the start date."))

    def validate_columns(self, field: MultiCheckboxField) -> None:
        wrong = [c for c in field.data or () if c not in COLUMNS]
        if wrong:
            raise ValidationError(
                _(
                    "Unknown column: %(columns)s. The columns are: %(known)s.",
                    columns=", ".join(wrong),
                    known=", ".join(COLUMNS),
                )
            )

    def validate_appeal(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError(_("Choose at least one appeal."))

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


def _check_range(field: DateField) -> None:
    if not day_in_range(field.data):
        raise ValidationError(
            _(
                "Choose a day from %(first)s to %(last)s.",
                first=FIRST_DAY.isoformat(),
                last=LAST_DAY.isoformat(),
            )
        )


class CountsForm(FlaskForm):
    class Meta:
        csrf = False

    # Ids of their own: the exports page shows this form below the signatures' one.
    appeal = MultiCheckboxField(
        _l("Appeals"), description=_l("None chosen: every appeal"), id="counts-appeal"
    )
    by = SelectField(
        _l("Per"),
        choices=[SelectChoice(g, GROUPING_LABELS[g]) for g in GROUPINGS],
        default="appeal",
    )
    format = SelectField(
        _l("Format"),
        choices=[SelectChoice("csv", "CSV"), SelectChoice("json", "JSON")],
        default="csv",
        id="counts-format",
    )
    bom = BooleanField(_l("Add a byte-order mark (for Excel)"), id="counts-bom")
