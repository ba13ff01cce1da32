"""Organiser pages (role organiser or admin): from a release to a live appeal."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from campaign.auth.login import current_account
from campaign.auth.roles import require_roles
from campaign.deadlines import site_zone
from campaign.extensions import db
from campaign.models import Appeal, AppealStatus, Role, utcnow
from campaign.organise import labels, launch, review, services
from campaign.organise.forms import NewAppealForm, ReviewForm
from campaign.organise.highlight import without_stray_quotes
from campaign.organise.letter_errors import error_text
from campaign.organise.page import review_context

bp = Blueprint("organise", __name__, url_prefix="/organise")
require_roles(bp, Role.ORGANISER)
# Statuses, outcomes and roles as the interface names them, on every page of this side.
bp.add_app_template_filter(labels.label, "label")
bp.add_app_template_filter(without_stray_quotes, "without_stray_quotes")
bp.add_app_template_global(error_text, "letter_error")


def get_appeal(appeal_id: int) -> Appeal:
    return db.session.get(Appeal, appeal_id) or abort(404)


@bp.get("/")
def index() -> ResponseReturnValue:
    status = services.parse_status(request.args.get("status"))
    appeals = services.list_appeals(db.session, status)
    return render_template(
        "organise/index.html", appeals=appeals, status=status, statuses=list(AppealStatus)
    )


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    form = NewAppealForm()
    if form.validate_on_submit():
        try:
            text = services.release_text(form.text.data, form.file.data)
            appeal = launch.launch_from_release(
                db.session, text, user=current_account(), now=utcnow(), settings=launch_settings()
            )
        except launch.ReleaseRefused as refused:
            form.text.errors = [*form.text.errors, str(refused)]
        else:
            db.session.commit()
            flash(
                _("Draft created. Check each field against the release, then publish."), "success"
            )
            return redirect(url_for("organise.appeal", appeal_id=appeal.id))
    status = 400 if request.method == "POST" else 200
    return render_template("organise/new.html", form=form), status


@bp.route("/appeals/<int:appeal_id>", methods=["GET", "POST"])
def appeal(appeal_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    form = ReviewForm(obj=services.review_defaults(appeal))
    saved_meanwhile = None
    if form.validate_on_submit():
        data = services.review_data(form)
        try:
            changed = review.apply_review(
                db.session, appeal, data, user=current_account(), now=utcnow()
            )
        except review.ReviewConflict as conflict:
            form.form_errors.append(str(conflict))
            saved_meanwhile = services.saved_meanwhile(appeal, data)
            form.version.data = review.review_version(appeal)  # saved again, it replaces them
        except review.ReviewRefused as refused:
            show_refusals(form, refused.errors)
        else:
            db.session.commit()
            flash(services.saved_message(changed), "success")
            return redirect(url_for("organise.appeal", appeal_id=appeal.id))
    elif form.is_submitted() and "csrf_token" not in form.errors:
        # The rules the service checks, at once with the form's own: fixing the fields
        # shown should not bring up others on the next save.
        errors = review.review_errors(db.session, appeal, services.review_data(form), utcnow())
        show_refusals(form, {name: e for name, e in errors.items() if not _has_errors(form, name)})
    status = 400 if form.errors or saved_meanwhile is not None else 200
    context = review_context(appeal, form) | {"saved_meanwhile": saved_meanwhile}
    return render_template("organise/appeal.html", **context), status


def show_refusals(form: FlaskForm, errors: dict[str, str]) -> None:
    """Each refusal beside its field; those about no field of the form (a live appeal's
    targets or letter) above it."""
    for name, message in errors.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            form.form_errors.append(message)


def _has_errors(form: FlaskForm, name: str) -> bool:
    return name in form and bool(form[name].errors)


@bp.get("/appeals/<int:appeal_id>/release")
def release(appeal_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    if appeal.release is None:
        abort(404)
    return render_template("organise/release.html", appeal=appeal, release=appeal.release)


def launch_settings() -> launch.LaunchSettings:
    config = current_app.config
    return launch.LaunchSettings(
        config["DEFAULT_DEADLINE_DAYS"], config["DEFAULT_LANGUAGE"], site_zone(config)
    )


# The appeal's other pages register on the same blueprint.
from campaign.organise import appeal_routes, preview_routes, translation_routes  # noqa: E402, F401
