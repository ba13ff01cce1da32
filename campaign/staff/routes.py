"""Staff pages (role staff or admin)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from campaign.auth.roles import require_roles
from campaign.extensions import db
from campaign.models import Role
from campaign.staff import services

bp = Blueprint("staff", __name__, url_prefix="/staff")
require_roles(bp, Role.STAFF)


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_template("staff/index.html", rows=services.appeal_counts(db.session))
