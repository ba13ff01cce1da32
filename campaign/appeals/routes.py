"""Public pages: no login."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, session
from flask.typing import ResponseReturnValue

from campaign.appeals import page_cache, services
from campaign.appeals.content import appeal_content, contents_for
from campaign.appeals.outcomes import outcome_label
from campaign.counting.routes import keep_count_fresh
from campaign.extensions import db
from campaign.i18n import current_language
from campaign.models import utcnow

bp = Blueprint("appeals", __name__)

bp.add_app_template_global(outcome_label)


@bp.get("/")
def index() -> ResponseReturnValue:
    appeals = services.live_appeals(db.session, now=utcnow())
    contents = contents_for(db.session, appeals, current_language())
    page = render_template("appeals/index.html", appeals=appeals, contents=contents)
    return page, {"Vary": "Accept-Language, Cookie"}


@bp.get("/a/<slug>")
def show(slug: str) -> ResponseReturnValue:
    def render() -> str:
        keep_count_fresh(slug)
        appeal = services.public_appeal(db.session, slug) or abort(404)
        original = bool(request.args.get("original"))
        content = appeal_content(appeal, current_language(), original=original)
        return render_template(
            "appeals/show.html", appeal=appeal, content=content, is_open=appeal.is_open(utcnow())
        )

    # The shared copy is keyed by the query string and the reader's language (page_cache).
    if page_cache.personal_request() or page_cache.ttl() <= 0:
        return page_cache.private(render())
    html = render()
    if session.modified:  # something was meant for this visitor after all: not shared
        return page_cache.private(html)
    return page_cache.page(html)


@bp.get("/a/<slug>/release")
def release(slug: str) -> ResponseReturnValue:
    appeal = services.public_appeal(db.session, slug) or abort(404)
    if appeal.release is None:
        abort(404)
    return render_template("appeals/release.html", appeal=appeal, release=appeal.release)
