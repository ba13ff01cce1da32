"""Public pages: no login."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from campaign.appeals import services
from campaign.counting.routes import keep_count_fresh
from campaign.extensions import db
from campaign.models import Outcome, utcnow

bp = Blueprint("appeals", __name__)

# How a closed appeal's page names its outcome.
OUTCOMES = {
    Outcome.RELEASED: _l("Released"),
    Outcome.CHARGES_DROPPED: _l("Charges dropped"),
    Outcome.PARTIAL: _l("Partial"),
    Outcome.NO_CHANGE: _l("No change"),
    Outcome.UNKNOWN: _l("Unknown"),
}


@bp.app_template_global()
def outcome_label(outcome: Outcome) -> str:
    return str(OUTCOMES.get(outcome, outcome.value.replace("_", " ").capitalize()))


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_template("appeals/index.html", appeals=services.live_appeals(db.session))


@bp.get("/a/<slug>")
def show(slug: str) -> ResponseReturnValue:
    keep_count_fresh(slug)
    appeal = services.public_appeal(db.session, slug) or abort(404)
    return render_template("appeals/show.html", appeal=appeal, is_open=appeal.is_open(utcnow()))


@bp.get("/a/<slug>/release")
def release(slug: str) -> ResponseReturnValue:
    appeal = services.public_appeal(db.session, slug) or abort(404)
    if appeal.release is None:
        abort(404)
    return render_template("appeals/release.html", appeal=appeal, release=appeal.release)
