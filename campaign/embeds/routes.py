"""The embed's endpoints: what the widget shows, and signing from a listed origin."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from campaign.appeals.content import appeal_content
from campaign.appeals.services import public_appeal
from campaign.countries import country_choices
from campaign.embeds.origins import allowed
from campaign.extensions import csrf, db
from campaign.i18n import current_language
from campaign.models import Appeal, utcnow
from campaign.signatures import services as signing
from campaign.signatures import views
from campaign.signatures.forms import CONSENT_TEXT, SignatureForm
from campaign.signatures.retry import commit_with_retry

bp = Blueprint("embeds", __name__, url_prefix="/embed")
csrf.exempt(bp)  # the Origin check below stands in for the token a cookie would carry

FIELDS = ("name", "email", "country", "postcode", "city", "consent", "website")


def _appeal(slug: str) -> Appeal:
    return public_appeal(db.session, slug) or abort(404)


def _external(endpoint: str, **values: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


@bp.get("/<slug>.json")
def widget_data(slug: str) -> ResponseReturnValue:
    """What the widget draws: public facts only, cacheable, readable from any site."""
    appeal = _appeal(slug)
    content = appeal_content(appeal, current_language())
    response = jsonify(
        slug=appeal.slug,
        title=content.title,
        language=content.language,
        url=_external("appeals.show", slug=slug),
        open=appeal.is_open(utcnow()),
        total=appeal.signature_count,
        goal=appeal.signature_goal,
        sign_url=_external("embeds.sign", slug=slug),
        consent_text=CONSENT_TEXT,
        countries=[[code, name] for code, name in country_choices()],
        confirm=appeal.confirm_signatures,
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = 60
    response.vary.update(("Accept-Language", "Cookie"))  # the title is in the reader's language
    return response


@bp.route("/<slug>/sign", methods=["POST", "OPTIONS"])
def sign(slug: str) -> ResponseReturnValue:
    """Sign from a site the organiser listed; every other origin is refused (CORS)."""
    appeal = _appeal(slug)
    origin = request.headers.get("Origin")
    if not allowed(origin, appeal.embed_origins):
        abort(403, "This site is not allowed to collect signatures for this appeal.")
    if request.method == "OPTIONS":
        return _cors(Response(status=204), origin)
    if not appeal.is_open(utcnow()):
        return _cors(jsonify(error="closed", message="This appeal has closed."), origin), 409
    form = SignatureForm(formdata=form_fields(request.get_json(silent=True)), meta={"csrf": False})
    if not form.validate():
        return _cors(
            jsonify(error="invalid", message="Please check the form.", fields=dict(form.errors)),
            origin,
        ), 422
    data = views.signature_data(form, appeal, source=f"embed:{origin.split('://', 1)[-1]}")
    commit_with_retry(
        db.session,
        lambda: signing.sign(db.session, appeal, data, now=utcnow(), **views.sign_options()),
    )
    # The same answer whether or not the address had signed: strangers learn nothing.
    message = (
        "Thank you! Check your e-mail to confirm your signature."
        if appeal.confirm_signatures
        else "Thank you for signing."
    )
    return _cors(jsonify(status="ok", message=message), origin)


def form_fields(body: object) -> MultiDict[str, str]:
    """The widget's JSON as the sign form's fields, so it is checked exactly like the page."""
    if not isinstance(body, dict):
        return MultiDict()
    fields = {k: str(body[k]) for k in FIELDS if k != "consent" and body.get(k) is not None}
    if body.get("consent") is True:
        fields["consent"] = "y"
    return MultiDict(fields)


def _cors(response: Response, origin: str) -> Response:
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Allow-Methods"] = "POST"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = "600"
    response.headers["Vary"] = "Origin"
    return response
