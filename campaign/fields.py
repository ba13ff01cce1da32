"""Form fields shared by several areas."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


def without_nul(value: Any) -> Any:
    """The text without NUL characters (other values as they are).

    PostgreSQL refuses NUL in text; it means nothing in what a person wrote and comes
    from pasting out of binary documents, so it is dropped rather than shown as an error
    the organiser could not see to fix.
    """
    return value.replace("\x00", "") if isinstance(value, str) else value


class WithoutNulMeta:
    """A form Meta that puts `without_nul` first among every field's filters.

    FieldList and FormField take no filters: the fields inside them need their own (a
    FormField's form with this Meta, a FieldList's field with `filters=[without_nul]`).
    """

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        if not issubclass(unbound_field.field_class, (FieldList, FormField)):
            filters = [without_nul, *unbound_field.kwargs.get("filters", ())]
            options = {**options, "filters": filters}
        return super().bind_field(form, unbound_field, options)  # type: ignore[misc]


class _OptionalCheckbox(CheckboxInput):
    """A checkbox of a list, never `required` in the page: WTForms copies the field's
    `required` flag to each box, so the browser would insist on every one being ticked
    where "choose at least one" was meant (which the field's own validator checks)."""

    def __call__(self, field: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("required", False)
        return super().__call__(field, **kwargs)


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = _OptionalCheckbox()


class NulFreeForm(FlaskForm):
    """A form whose text never carries NUL to the database (see `without_nul`)."""

    class Meta(WithoutNulMeta):
        pass
