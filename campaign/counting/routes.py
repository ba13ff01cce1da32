"""The public count of an appeal as JSON, for organisations' own sites (no login, CORS)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from campaign.appeals.services import public_appeal
from campaign.counting import CountSettings, refresh_count
from campaign.counting.queries import country_counts
from campaign.countries import country_name
from campaign.extensions import db
from campaign.models import utcnow

bp = Blueprint("counts", __name__)

TOP_COUNTRIES = 10


@bp.get("/a/<slug>/count.json")
def count_json(slug: str) -> ResponseReturnValue:
    appeal = public_appeal(db.session, slug) or abort(404)
    if refresh_count(db.session, appeal, now=utcnow(), settings=count_settings()):
        db.session.commit()
    countries = country_counts(db.session, [appeal.id])[:TOP_COUNTRIES]
    response = jsonify(
        slug=appeal.slug,
        title=appeal.title,
        status=appeal.status.value,
        total=appeal.signature_count,
        goal=appeal.signature_goal,
        counted_at=appeal.counted_at.isoformat() if appeal.counted_at else None,
        by_country=[
            {"country": c.country, "name": country_name(c.country), "count": c.total}
            for c in countries
        ],
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["COUNT_JSON_MAX_AGE"]
    response.add_etag()
    return response.make_conditional(request)


def count_settings() -> CountSettings:
    return CountSettings.from_config(current_app.config)
