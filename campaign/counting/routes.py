"""The public count of an appeal as JSON, for organisations' own sites (no login, CORS)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask import Blueprint, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from campaign.appeals.services import public_appeal
from campaign.counting import (
    CountSettings,
    CountState,
    count_state,
    count_states,
    is_stale,
    refresh_count,
)
from campaign.counting.queries import country_counts
from campaign.countries import country_name
from campaign.database import begin_write
from campaign.extensions import db
from campaign.models import utcnow

bp = Blueprint("counts", __name__)

TOP_COUNTRIES = 10


@bp.get("/a/<slug>/count.json")
def count_json(slug: str) -> ResponseReturnValue:
    """The count; each process keeps it for PAGE_CACHE_SECONDS (campaign.appeals.page_cache)."""
    keep_count_fresh(slug)
    appeal = public_appeal(db.session, slug, content=False) or abort(404)  # the row is enough
    response = jsonify(
        slug=appeal.slug,
        title=appeal.title,
        # In the API's words (live, closed, archived), as the page shows it: a deadline
        # passed reads as closed. The body changes then, and its ETag with it.
        status=appeal.public_status(utcnow()).value,
        total=appeal.signature_count,
        goal=appeal.signature_goal,
        counted_at=appeal.counted_at.isoformat() if appeal.counted_at else None,
        by_country=top_countries(
            appeal.id,
            appeal.counted_at,
            appeal.signature_count,
            minimum=current_app.config["PUBLIC_COUNTRY_MINIMUM"],
        ),
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = max_age = current_app.config["COUNT_JSON_MAX_AGE"]
    # In a surge a proxy or CDN answers the readers while one request refreshes its copy.
    response.cache_control.stale_while_revalidate = 3 * max_age
    response.add_etag()
    return response.make_conditional(request)


# Per process: the top countries last read for each appeal, under the state of its count
# (watermark and total). They change only when one of those does, and reading and naming
# them was half the work of each request, with thousands of readers a second in a surge.
_TOP: dict[tuple[int, datetime | None, int, int], list[dict[str, object]]] = {}


def top_countries(
    appeal_id: int, counted_at: datetime | None, total: int, *, minimum: int = 1
) -> list[dict]:
    """The appeal's TOP_COUNTRIES largest country counts of at least `minimum`, read once
    per count state. A smaller figure is left out rather than shown: people signing from
    the country of the case may be few, and known to its authorities."""
    key = (appeal_id, counted_at, total, minimum)
    top = _TOP.get(key)
    if top is None:
        if len(_TOP) >= 1000:  # old states of every appeal: start again
            _TOP.clear()
        top = [
            {"country": c.country, "name": country_name(c.country), "count": c.total}
            for c in country_counts(db.session, [appeal_id])[:TOP_COUNTRIES]
            if c.total >= minimum
        ]
        _TOP[key] = top
    return top


def count_settings() -> CountSettings:
    return CountSettings.from_config(current_app.config)


def keep_count_fresh(slug: str) -> None:
    """Refresh the count of the appeal at `slug` when stale; call before loading the appeal.

    The check is one small read. A refresh then runs in a transaction of its own that
    starts with its write: on SQLite a transaction that has read cannot begin writing
    once another has committed (and many supporters sign while others read).
    """
    state = count_state(db.session, slug)
    if state is not None:
        _refresh_if_stale(state, count_settings(), utcnow())


def keep_counts_fresh(slugs: Iterable[str] | None = None) -> None:
    """keep_count_fresh for the appeals at `slugs` (every appeal when None), for what hands
    figures over (staff pages, exports, the delivery pack, the API): otherwise they would
    read the count as of the last public page view, however long ago."""
    settings, now = count_settings(), utcnow()
    for state in count_states(db.session, slugs):
        _refresh_if_stale(state, settings, now)


def _refresh_if_stale(state: CountState, settings: CountSettings, now: datetime) -> None:
    if not is_stale(state, now=now, settings=settings):
        return
    begin_write(db.session)  # ends the read (nothing was changed) and takes the write lock
    if refresh_count(db.session, state, now=now, settings=settings):
        db.session.commit()
    else:
        db.session.rollback()
