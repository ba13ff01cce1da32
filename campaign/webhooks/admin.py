"""Admins register webhook URLs, see their deliveries, and switch them off."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectChoice, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from campaign.audit import record
from campaign.auth.login import current_account
from campaign.auth.roles import require_roles
from campaign.extensions import db
from campaign.fields import MultiCheckboxField
from campaign.i18n.lazy import lazy_gettext as _l
from campaign.models import Event, Role, Webhook

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")
require_roles(bp, Role.ADMIN)

EVENT_LABELS = {
    Event.SIGNATURE_CONFIRMED: _l("Each signature that counts (confirmed)"),
    Event.APPEAL_STATUS: _l("Each appeal published, closed or archived"),
    Event.SUPPORTER_UNSUBSCRIBED: _l("A person it was sent asks for no more e-mail"),
    Event.SUPPORTER_DELETED: _l("A person it was sent has their data deleted (ids only)"),
    Event.SIGNATURE_INVALIDATED: _l("Signatures it was sent are invalidated (ids only)"),
    Event.SIGNATURE_RESTORED: _l("Signatures it was sent are restored (ids only)"),
}


class WebhookForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    url = StringField(
        _l("URL that receives the POSTs"), validators=[DataRequired(), Length(max=2000)]
    )
    events = MultiCheckboxField(
        _l("Events"),
        choices=[SelectChoice(e.value, label) for e, label in EVENT_LABELS.items()],
        validators=[DataRequired(_l("Choose at least one event."))],
    )

    def validate_url(self, field: StringField) -> None:
        parts = urlsplit(field.data or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValidationError(
                _("Give a web address, e.g. https://crm.example.org/hooks/campaign.")
            )


class SwitchForm(FlaskForm):
    """A POST button with its CSRF token."""


@bp.route("/", methods=["GET", "POST"])
def index() -> ResponseReturnValue:
    form, created = WebhookForm(), None
    if form.validate_on_submit():
        created = Webhook(
            name=form.name.data.strip(),
            url=form.url.data.strip(),
            events=sorted(form.events.data),
            secret=secrets.token_hex(32),
        )
        db.session.add(created)
        db.session.flush()
        record(
            db.session,
            "webhook.create",
            user=current_account(),
            details={"webhook_id": created.id, "events": created.events},
        )
        db.session.commit()
        form = WebhookForm(formdata=None)
    hooks = db.session.scalars(select(Webhook).order_by(Webhook.id.desc())).all()
    page = render_template(
        "admin/webhooks.html",
        form=form,
        created=created,
        hooks=hooks,
        switch_form=SwitchForm(formdata=None),
    )
    return page, 200, {"Cache-Control": "no-store"}  # the secret of a new webhook is on it


@bp.get("/<int:webhook_id>")
def deliveries(webhook_id: int) -> ResponseReturnValue:
    hook = db.session.get(Webhook, webhook_id) or abort(404)
    return render_template(
        "admin/webhook.html", hook=hook, deliveries=hook.deliveries.limit(100).all()
    )


@bp.post("/<int:webhook_id>/switch")
def switch(webhook_id: int) -> ResponseReturnValue:
    hook = db.session.get(Webhook, webhook_id) or abort(404)
    if SwitchForm().validate_on_submit():
        hook.active = not hook.active
        record(
            db.session,
            "webhook.switch",
            user=current_account(),
            details={"webhook_id": hook.id, "active": hook.active},
        )
        db.session.commit()
        if hook.active:
            flash(_("“%(name)s” is on.", name=hook.name), "success")
        else:
            flash(_("“%(name)s” is off.", name=hook.name), "success")
    return redirect(url_for("webhooks.index"))
