"""The directory of officials, for organisers: /organise/targets/…"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from campaign.auth.roles import require_roles
from campaign.countries import country_choices
from campaign.extensions import db
from campaign.i18n import current_language
from campaign.models import Role, Target, User, utcnow
from campaign.targets import csv_io, services
from campaign.targets.forms import ActionForm, ImportForm, TargetForm

bp = Blueprint("targets", __name__, url_prefix="/organise/targets")
require_roles(bp, Role.ORGANISER)


def _filter() -> services.TargetFilter:
    args = request.args
    return services.TargetFilter.parse(args.get("q"), args.get("country"), args.get("inactive"))


def _user() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _target_or_404(target_id: int) -> Target:
    return services.get_target(db.session, target_id) or abort(404)


@bp.get("/")
def index() -> ResponseReturnValue:
    flt = _filter()
    page = services.list_targets(db.session, flt, request.args.get("page", 1, type=int) or 1)
    return render_template(
        "targets/index.html",
        page=page,
        flt=flt,
        countries=country_choices(current_language()),
        action_form=ActionForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    form = TargetForm()
    if form.validate_on_submit():
        try:
            target = services.create_target(db.session, form.values(), user=_user())
        except services.DuplicateTarget as error:
            form.email.errors = [*form.email.errors, str(error)]
        else:
            db.session.commit()
            flash(_("Added %(name)s to the directory.", name=target.name), "success")
            return redirect(url_for("targets.index", q=target.name))
    return render_template("targets/form.html", form=form, target=None)


@bp.route("/<int:target_id>/edit", methods=["GET", "POST"])
def edit(target_id: int) -> ResponseReturnValue:
    target = _target_or_404(target_id)
    form = TargetForm.for_target(target)
    if form.validate_on_submit():
        try:
            changed = services.update_target(db.session, target, form.values(), user=_user())
        except services.DuplicateTarget as error:
            form.email.errors = [*form.email.errors, str(error)]
        else:
            db.session.commit()
            if changed:
                message = _("Saved %(name)s.", name=target.name)
            else:
                message = _("Nothing changed for %(name)s.", name=target.name)
            flash(message, "success" if changed else "info")
            return redirect(url_for("targets.edit", target_id=target.id))
    return render_template(
        "targets/form.html",
        form=form,
        target=target,
        appeals=services.appeals_using(db.session, target),
        action_form=ActionForm(),
    )


@bp.post("/<int:target_id>/deactivate")
def deactivate(target_id: int) -> ResponseReturnValue:
    return _set_active(target_id, False)


@bp.post("/<int:target_id>/reactivate")
def reactivate(target_id: int) -> ResponseReturnValue:
    return _set_active(target_id, True)


def _set_active(target_id: int, active: bool) -> ResponseReturnValue:
    target = _target_or_404(target_id)
    if ActionForm().validate_on_submit():
        services.set_active(db.session, target, active, user=_user())
        db.session.commit()
        if active:
            flash(_("%(name)s is active again and may be suggested.", name=target.name), "success")
        else:
            flash(
                _(
                    "%(name)s is deactivated: kept on appeals, no longer suggested.",
                    name=target.name,
                ),
                "success",
            )
    else:
        flash(_("The form had expired; please try again."), "error")
    return redirect(url_for("targets.edit", target_id=target.id))


@bp.get("/export.csv")
def export() -> ResponseReturnValue:
    text, _rows = csv_io.export_targets(db.session, _filter(), user=_user())
    db.session.commit()
    filename = f"targets-{utcnow():%Y-%m-%d}.csv"
    return Response(
        text.encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/import", methods=["GET", "POST"])
def import_csv() -> ResponseReturnValue:
    form = ImportForm()
    errors: list[csv_io.RowError] = []
    if form.validate_on_submit():
        try:
            summary = csv_io.import_targets(db.session, form.file.data.read(), user=_user())
        except csv_io.ImportRejected as rejected:  # nothing was changed: no rollback needed
            errors = rejected.errors
            flash(csv_io.rejected_message(len(errors)), "error")
        else:
            db.session.commit()
            flash(_("Imported the directory: %(summary)s", summary=summary.describe()), "success")
            return redirect(url_for("targets.index"))
    return render_template("targets/import.html", form=form, errors=errors, columns=csv_io.FIELDS)
