"""The API's routes: thin, JSON in and out (OSDI HAL+JSON)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from campaign.api import osdi, queries, refusals
from campaign.api.auth import current_token, rate_limit_key, token_required
from campaign.api.openapi import openapi_document
from campaign.counting.routes import keep_count_fresh, keep_counts_fresh
from campaign.extensions import csrf, db, limiter
from campaign.json_input import json_body
from campaign.models import Scope, utcnow
from campaign.signatures import services as signing
from campaign.signatures import views
from campaign.signatures.forms import SignatureForm
from campaign.signatures.retry import commit_with_retry

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # tokens, not cookies: nothing here can be forged from another site
limiter.limit_blueprint(bp, lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_limit_key)
refusals.init_blueprint(bp)

MAX_PER_PAGE = 100
# Far past any real list; it keeps OFFSET inside a 64-bit integer on every database.
MAX_PAGE = 1_000_000
MAX_ID = 2**63 - 1  # a BIGINT's largest


def hal(body: dict[str, Any], status: int = 200) -> ResponseReturnValue:
    response = jsonify(body)
    response.mimetype = osdi.HAL
    return response, status


def paging(*, after: bool = False) -> queries.Paging:
    """?page and ?per_page as the document describes them, and ?after where a list takes
    it; anything else is a 400."""
    page = _whole_number("page", 1, MAX_PAGE, default=1)
    per_page = _whole_number("per_page", 1, MAX_PER_PAGE, default=25)
    start = _whole_number("after", 0, MAX_ID, default=None) if after else None
    return queries.Paging(page, per_page, start)


def _whole_number(name: str, low: int, high: int, *, default: int | None) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    value = int(raw) if raw.isascii() and raw.isdigit() else None
    if value is None or not low <= value <= high:
        abort(400, f"{name} must be a whole number from {low} to {high:,}.")
    return value


@bp.get("/")
def entry_point() -> ResponseReturnValue:
    """OSDI's API entry point: what this server offers."""
    return hal(
        {
            "motd": "campaign: urgent appeals as OSDI petitions",
            "vendor_name": "campaign",
            "product_name": "campaign",
            "osdi_version": "1.1",
            "_links": {
                "self": {"href": osdi._url("api.entry_point")},
                "osdi:petitions": {"href": osdi._url("api.petitions")},
                "docs": {"href": osdi._url("api.openapi")},
            },
        }
    )


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(openapi_document(current_app.config["BASE_URL"]))


@bp.get("/petitions")
@token_required(Scope.READ_COUNTS)
def petitions() -> ResponseReturnValue:
    appeals, total = queries.live_appeals(db.session, pages := paging(), utcnow())
    keep_counts_fresh([a.slug for a in appeals])
    items = [osdi.petition(a) for a in appeals]
    return hal(osdi.page("osdi:petitions", items, total, pages, "api.petitions"))


@bp.get("/petitions/<slug>")
@token_required(Scope.READ_COUNTS)
def petition(slug: str) -> ResponseReturnValue:
    keep_count_fresh(slug)
    appeal = queries.public_appeal(db.session, slug) or abort(404)
    return hal(osdi.petition(appeal))


@bp.get("/petitions/<slug>/signatures")
@token_required(Scope.READ_SIGNATURES)
def signatures(slug: str) -> ResponseReturnValue:
    appeal = queries.public_appeal(db.session, slug) or abort(404)
    rows, total = queries.counted_signatures(db.session, appeal, pages := paging(after=True))
    items = [osdi.signature(s) for s in rows]
    last = rows[-1].id if rows else None
    return hal(osdi.page("osdi:signatures", items, total, pages, "api.signatures", last, slug=slug))


@bp.post("/petitions/<slug>/signatures")
@token_required(Scope.RECORD_SIGNATURES)
def record_signature(slug: str) -> ResponseReturnValue:
    """OSDI's record signature helper: a person signs through an organisation's own site."""
    appeal = queries.public_appeal(db.session, slug) or abort(404)
    if not appeal.is_open(utcnow()):
        abort(409, "This appeal has closed: signatures are no longer collected.")
    body = json_body()
    if not isinstance(body, dict):
        abort(400, "Send a JSON object with a person.")
    try:
        fields, consent_text = queries.form_fields(body), queries.consent_text(body)
    except queries.NotText as error:
        abort(400, str(error))
    form = SignatureForm(formdata=MultiDict(fields), meta={"csrf": False})
    if not form.validate():
        return jsonify(
            error="invalid", message="The person is not valid.", fields=dict(form.errors)
        ), 422
    data = views.signature_data(
        form, appeal, source=f"api:{current_token().name}",
        consent_text=consent_text, screen=False,
    )  # fmt: skip
    result = commit_with_retry(
        db.session,
        lambda: signing.sign(db.session, appeal, data, now=utcnow(), **views.sign_options()),
    )
    if not current_token().allows(Scope.READ_SIGNATURES):
        return hal(osdi.submitted(data), 202)
    return hal(osdi.signature(result.signature), 201 if result.created else 200)
