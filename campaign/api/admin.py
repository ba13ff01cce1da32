"""Admins manage API tokens: create (the secret is shown once), list, revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import SelectChoice, StringField
from wtforms.validators import DataRequired, Length

from campaign.api import tokens
from campaign.auth.login import current_account
from campaign.auth.roles import require_roles
from campaign.extensions import db
from campaign.fields import MultiCheckboxField
from campaign.i18n.lazy import lazy_gettext as _l
from campaign.models import ApiToken, Role, Scope, utcnow

bp = Blueprint("admin", __name__, url_prefix="/admin")
require_roles(bp, Role.ADMIN)

SCOPE_LABELS = {
    Scope.READ_COUNTS: _l("Read appeals and their counts"),
    Scope.READ_SIGNATURES: _l("Read signatures (names, e-mails, countries)"),
    Scope.RECORD_SIGNATURES: _l("Record signatures (embedded forms, CRMs)"),
}


class TokenForm(FlaskForm):
    name = StringField(_l("Who will use it"), validators=[DataRequired(), Length(max=120)])
    scopes = MultiCheckboxField(
        _l("What it may do"),
        choices=[SelectChoice(s.value, label) for s, label in SCOPE_LABELS.items()],
        validators=[DataRequired(_l("Choose at least one scope."))],
    )


class RevokeForm(FlaskForm):
    """A POST button with its CSRF token."""


@bp.route("/tokens", methods=["GET", "POST"])
def api_tokens() -> ResponseReturnValue:
    form, secret = TokenForm(), None
    if form.validate_on_submit():
        _token, secret = tokens.create_token(
            db.session,
            form.name.data,
            [Scope(v) for v in form.scopes.data],
            user=current_account(),
            now=utcnow(),
        )
        db.session.commit()
        form = TokenForm(formdata=None)
    page = render_template(
        "admin/tokens.html",
        form=form,
        secret=secret,
        tokens=tokens.list_tokens(db.session),
        revoke_form=RevokeForm(formdata=None),
        labels={s.value: text for s, text in SCOPE_LABELS.items()},
    )
    # The secret is on this page only: never cached, never kept.
    return page, 200, {"Cache-Control": "no-store"}


@bp.post("/tokens/<int:token_id>/revoke")
def revoke(token_id: int) -> ResponseReturnValue:
    token = db.session.get(ApiToken, token_id) or abort(404)
    if RevokeForm().validate_on_submit():
        tokens.revoke_token(db.session, token, user=current_account(), now=utcnow())
        db.session.commit()
        flash(
            _(
                "The token “%(name)s” is revoked: calls with it are refused from now on.",
                name=token.name,
            ),
            "success",
        )
    return redirect(url_for("admin.api_tokens"))
