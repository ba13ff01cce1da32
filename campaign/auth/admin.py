"""Admins see every account, change its role, and switch off the account of someone who left."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import SelectField

from campaign.auth import services
from campaign.auth.login import current_account
from campaign.auth.roles import require_roles
from campaign.database import begin_write
from campaign.extensions import db
from campaign.i18n.lazy import lazy_gettext as _l
from campaign.models import Role, User
from campaign.organise.labels import label

bp = Blueprint("users", __name__, url_prefix="/admin/users")
require_roles(bp, Role.ADMIN)


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[r.value for r in Role])


class ActionForm(FlaskForm):
    """A POST button with its CSRF token."""


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_template(
        "admin/users.html",
        users=services.list_users(db.session),
        me=current_account(),
        roles=[(r.value, label(r)) for r in Role],
        action_form=ActionForm(formdata=None),
    )


@bp.post("/<int:user_id>/role")
def set_role(user_id: int) -> ResponseReturnValue:
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the roles."), "error")
        return redirect(url_for(".index"))
    user = _user_to_change(user_id)
    try:
        services.set_role(db.session, user, Role(form.role.data), by=current_account())
    except services.AccountError as refused:
        return _refuse(refused, user)
    db.session.commit()
    flash(
        _("%(email)s is now %(role)s.", email=user.email, role=label(user.role)),
        "success",
    )
    return redirect(url_for(".index"))


@bp.post("/<int:user_id>/deactivate")
def deactivate(user_id: int) -> ResponseReturnValue:
    return _set_active(user_id, False)


@bp.post("/<int:user_id>/activate")
def activate(user_id: int) -> ResponseReturnValue:
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool) -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        user = _user_to_change(user_id)
        try:
            services.set_active(db.session, user, active, by=current_account())
        except services.AccountError as refused:
            return _refuse(refused, user)
        db.session.commit()
        if active:
            flash(_("%(email)s is active again and can log in.", email=user.email), "success")
        else:
            flash(
                _("%(email)s is deactivated and logged out everywhere.", email=user.email),
                "success",
            )
    return redirect(url_for(".index"))


def _user_to_change(user_id: int) -> User:
    """The account, loaded once this request holds the write lock: the last-admin check
    must read the admins as they are when the change is written (SQLite)."""
    begin_write(db.session)
    return db.session.get(User, user_id) or abort(404)


def _refuse(refused: services.AccountError, user: User) -> ResponseReturnValue:
    """Say why the change was refused; nothing was written."""
    if isinstance(refused, services.LastAdmin):
        message = _(
            "%(email)s is the last active admin: make another account admin first.",
            email=user.email,
        )
    else:
        message = _("You cannot demote or deactivate your own account; another admin can.")
    flash(message, "error")
    return redirect(url_for(".index"))
