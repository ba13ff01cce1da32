"""Login and logout pages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from campaign.auth import services
from campaign.auth.forms import LoginForm, LogoutForm
from campaign.auth.login import current_account
from campaign.auth.throttle import login_allowed, login_failed
from campaign.extensions import db
from campaign.models import Role, utcnow

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        if not login_allowed(form.email.data or "", request.remote_addr):
            abort(429, _("Too many attempts to log in. Wait a few minutes and try again."))
        user = services.authenticate(
            db.session, form.email.data or "", form.password.data or "", now=utcnow()
        )
        if user is not None:
            db.session.commit()
            login_user(user)
            return redirect(services.safe_next(form.next.data) or home_for(user.role))
        login_failed(form.email.data or "", request.remote_addr)
        flash(_("That e-mail and password do not match an account."), "error")
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    if LogoutForm().validate_on_submit() and current_user.is_authenticated:
        services.end_sessions(db.session, current_account())
        db.session.commit()
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


def home_for(role: Role) -> str:
    """Where each role starts its work."""
    if role is Role.STAFF:
        return url_for("staff.index")
    return url_for("organise.index")
