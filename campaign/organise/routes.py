"""Organiser pages (role organiser or admin)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from campaign.auth.roles import require_roles
from campaign.extensions import db
from campaign.models import AppealStatus, Role
from campaign.organise import services

bp = Blueprint("organise", __name__, url_prefix="/organise")
require_roles(bp, Role.ORGANISER)


@bp.get("/")
def index() -> ResponseReturnValue:
    status = services.parse_status(request.args.get("status"))
    appeals = services.list_appeals(db.session, status)
    return render_template(
        "organise/index.html", appeals=appeals, status=status, statuses=list(AppealStatus)
    )
