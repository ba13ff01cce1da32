"""Directory forms: shape only. Whether an e-mail is taken is the service's business."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, Field, Form, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from campaign.countries import country_choices
from campaign.fields import NulFreeForm
from campaign.i18n import current_language
from campaign.i18n.lazy import lazy_gettext as _l
from campaign.i18n.lazy import lazy_pgettext as _lp
from campaign.models import Target
from campaign.targets.fields import (
    FIELDS,
    MAX_LENGTHS,
    MAX_TEXT,
    TargetValues,
    format_languages,
    parse_email,
    parse_languages,
)


def _parsed_by(parser: Any) -> Any:
    """A validator that runs one of the shared field parsers and shows its message."""

    def validate(form: Form, field: Field) -> None:
        try:
            parser(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    return validate


def _stripped(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class TargetForm(NulFreeForm):
    name = StringField(
        _l("Name"),
        filters=[_stripped],
        validators=[
            DataRequired(_l("Enter the official's name.")),
            Length(max=MAX_LENGTHS["name"]),
        ],
    )
    title = StringField(_lp("official", "Title"), filters=[_stripped], validators=[Length(max=300)])
    organisation = StringField(
        _l("Organisation"), filters=[_stripped], validators=[Length(max=300)]
    )
    country = SelectField(_l("Country"), choices=[], validate_choice=False)
    postal_address = TextAreaField(
        _l("Postal address"), filters=[_stripped], validators=[Length(max=MAX_TEXT)]
    )
    email = StringField(
        _l("E-mail"), filters=[_stripped], validators=[Length(max=320), _parsed_by(parse_email)]
    )
    salutation = StringField(_l("Salutation"), filters=[_stripped], validators=[Length(max=200)])
    languages = StringField(
        _l("Preferred languages"), filters=[_stripped], validators=[_parsed_by(parse_languages)]
    )
    notes = TextAreaField(_l("Notes"), filters=[_stripped], validators=[Length(max=MAX_TEXT)])
    last_verified_on = DateField(
        _l("Last verified"),
        validators=[Optional()],
        format="%Y-%m-%d",
        render_kw={"type": "date"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = current_language()
        self.country.choices = [
            ("", _("— none (international) —")),
            *country_choices(language),
        ]

    def validate_country(self, field: Field) -> None:
        if field.data and field.data not in dict(country_choices()):
            raise ValidationError(_("Choose a country from the list."))

    @classmethod
    def for_target(cls, target: Target) -> TargetForm:
        """The form filled in with an entry's values, for editing."""
        values = {name: getattr(target, name) for name in FIELDS if name != "active"}
        values |= {
            "country": target.country or "",
            "email": target.email or "",
            "languages": format_languages(target.languages),
        }
        return cls(data=values)

    def values(self) -> TargetValues:
        """The validated fields, as the services take them."""
        return TargetValues(
            name=self.name.data or "",
            title=self.title.data or "",
            organisation=self.organisation.data or "",
            country=self.country.data or None,
            postal_address=self.postal_address.data or "",
            email=parse_email(self.email.data),
            salutation=self.salutation.data or "",
            languages=parse_languages(self.languages.data),
            notes=self.notes.data or "",
            last_verified_on=self.last_verified_on.data,
        )


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file to import."))])


class ActionForm(FlaskForm):
    """An empty form: deactivating and reactivating are POSTs with a CSRF token."""
