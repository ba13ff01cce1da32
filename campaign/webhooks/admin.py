"""Admins register webhook URLs, see their deliveries, and switch them off."""

from __future__ import annotations

import ipaddress
import secrets
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import delete, select
from wtforms import SelectChoice, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from campaign.audit import record
from campaign.auth.login import current_account
from campaign.auth.roles import require_roles
from campaign.extensions import db
from campaign.fields import MultiCheckboxField
from campaign.i18n.lazy import lazy_gettext as _l
from campaign.models import Event, Role, Webhook, WebhookDelivery

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
        problem = url_problem((field.data or "").strip())
        if problem:
            raise ValidationError(problem)


LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def url_problem(url: str) -> str | None:
    """Why `url` cannot receive deliveries, or None.

    Deliveries carry names and e-mail addresses, so they travel over https; plain http
    only to a receiver on this machine. Addresses no receiver can have (link-local,
    where cloud metadata services answer, unspecified, multicast) are refused, so that
    the worker is not turned against the machine's own network. Names are not looked
    up here: the app works offline, and a name can point elsewhere tomorrow.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 (raises ValueError on a port out of range)
    except ValueError:
        host, parts = "", urlsplit("")
    if parts.scheme not in ("http", "https") or not host:
        return _("Give a web address, e.g. https://crm.example.org/hooks/campaign.")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if (
        address is not None
        and not address.is_loopback
        and (
            address.is_link_local
            or address.is_unspecified
            or address.is_multicast
            or address.is_reserved
        )
    ):
        return _("%(host)s cannot receive webhooks: give your receiver's own address.", host=host)
    loopback = host.lower() in LOOPBACK_NAMES or (address is not None and address.is_loopback)
    if parts.scheme == "http" and not loopback:
        return _(
            "Use an https:// address: deliveries carry names and e-mail addresses "
            "(http:// only for a receiver on this machine)."
        )
    return None


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
    return _deliveries_page(hook)


@bp.post("/<int:webhook_id>")
def edit(webhook_id: int) -> ResponseReturnValue:
    """Its name, address and events; its secret and deliveries stay as they are."""
    hook = db.session.get(Webhook, webhook_id) or abort(404)
    form = WebhookForm()
    if not form.validate_on_submit():
        return _deliveries_page(hook, edit_form=form, status=400)
    before = {"name": hook.name, "url": hook.url, "events": list(hook.events)}
    hook.name, hook.url = form.name.data.strip(), form.url.data.strip()
    hook.events = sorted(form.events.data)
    after = {"name": hook.name, "url": hook.url, "events": hook.events}
    record(
        db.session,
        "webhook.edit",
        user=current_account(),
        details={"webhook_id": hook.id, "before": before, "after": after},
    )
    db.session.commit()
    flash(_("“%(name)s” is saved.", name=hook.name), "success")
    return redirect(url_for("webhooks.deliveries", webhook_id=hook.id))


def _deliveries_page(
    hook: Webhook,
    *,
    new_secret: str | None = None,
    edit_form: WebhookForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    if edit_form is None:
        edit_form = WebhookForm(formdata=None, obj=hook)
    page = render_template(
        "admin/webhook.html",
        hook=hook,
        deliveries=hook.deliveries.limit(100).all(),
        new_secret=new_secret,
        action_form=SwitchForm(formdata=None),
        edit_form=edit_form,
    )
    # A new secret is on the page once: no copy is kept by the browser or a proxy.
    return page, status, {"Cache-Control": "no-store"}


@bp.post("/<int:webhook_id>/secret")
def new_secret(webhook_id: int) -> ResponseReturnValue:
    """A new secret, shown once, for a receiver whose secret leaked or is being rotated:
    the deliveries sent from now on are signed with it, those already sent are not."""
    hook = db.session.get(Webhook, webhook_id) or abort(404)
    if not SwitchForm().validate_on_submit():
        return redirect(url_for("webhooks.deliveries", webhook_id=hook.id))
    hook.secret = secrets.token_hex(32)
    record(db.session, "webhook.secret", user=current_account(), details={"webhook_id": hook.id})
    db.session.commit()
    return _deliveries_page(hook, new_secret=hook.secret)


@bp.post("/<int:webhook_id>/delete")
def remove(webhook_id: int) -> ResponseReturnValue:
    """The webhook and its deliveries, sent or pending, are gone: nothing more is sent."""
    hook = db.session.get(Webhook, webhook_id) or abort(404)
    if not SwitchForm().validate_on_submit():
        return redirect(url_for("webhooks.deliveries", webhook_id=hook.id))
    name, url = hook.name, hook.url
    db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id))
    db.session.delete(hook)
    record(
        db.session,
        "webhook.delete",
        user=current_account(),
        details={"webhook_id": webhook_id, "url": url},
    )
    db.session.commit()
    flash(_("“%(name)s” is deleted: nothing more is sent to it.", name=name), "success")
    return redirect(url_for("webhooks.index"))


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
