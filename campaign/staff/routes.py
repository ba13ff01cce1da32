"""Staff pages (role staff or admin): counts per appeal and one appeal's figures."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue

from campaign import charts
from campaign.auth.roles import require_roles
from campaign.counting.routes import keep_count_fresh, keep_counts_fresh
from campaign.extensions import db
from campaign.models import Role, utcnow
from campaign.organise.labels import label
from campaign.staff import services
from campaign.staff.figures import one_decimal, percent

bp = Blueprint("staff", __name__, url_prefix="/staff")
require_roles(bp, Role.STAFF)
# Registered for the whole app: the exports and quality pages share these templates' style.
bp.add_app_template_filter(label, "label")
bp.add_app_template_filter(percent, "percent")
bp.add_app_template_filter(one_decimal, "one_decimal")


@bp.context_processor
def chart_helpers() -> dict[str, object]:
    return {"charts": charts}


@bp.get("/")
def index() -> ResponseReturnValue:
    keep_counts_fresh()
    rows = services.appeal_counts(db.session, today=utcnow().date())
    return render_template("staff/index.html", rows=rows)


@bp.get("/appeals/<slug>")
def appeal(slug: str) -> ResponseReturnValue:
    keep_count_fresh(slug)
    appeal = services.appeal_by_slug(db.session, slug) or abort(404)
    now = utcnow()
    stats = services.appeal_stats(db.session, appeal, now=now)
    return render_template("staff/appeal.html", appeal=appeal, stats=stats, now=now)
