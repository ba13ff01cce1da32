"""The sign form's country select, rendered from a cache, is the HTML WTForms would write."""

import pytest
from wtforms.widgets import Select

from campaign.signatures.forms import new_sign_form


@pytest.mark.parametrize("chosen", ["", "FR", None, "not-a-country"])
def test_country_select_renders_as_wtforms_does(app, chosen):
    with app.test_request_context("/a/x", headers={"Accept-Language": "fr-FR"}):
        form = new_sign_form()
        form.country.data = chosen
        attrs = {"class_": "field__input", "aria-describedby": "country-hint"}
        cached = str(form.country(**attrs))
        plain = str(Select()(form.country, autocomplete="country", **attrs))
    assert cached == plain
    assert cached.count("<option") > 240
    assert (' selected value="FR"' in cached) == (chosen == "FR")
