"""The embed's endpoints: what the widget shows, and signing from a listed origin.

Both speak the language of the page the widget sits on: the widget sends it as `lang`
(its own data-lang, else the page's <html lang>), and without it the browser's
Accept-Language decides. The widget's own words come from here, in that language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from campaign.appeals.content import appeal_content
from campaign.appeals.services import public_appeal
from campaign.countries import country_choices
from campaign.embeds.origins import allowed
from campaign.extensions import csrf, db
from campaign.i18n import current_language, shipped_language
from campaign.json_input import json_body
from campaign.models import Appeal, utcnow
from campaign.signatures import services as signing
from campaign.signatures import views
from campaign.signatures.forms import CONSENT_TEXT, SignatureForm
from campaign.signatures.retry import commit_with_retry
from campaign.templating import number

bp = Blueprint("embeds", __name__, url_prefix="/embed")
csrf.exempt(bp)  # the Origin check below stands in for the token a cookie would carry

FIELDS = ("name", "email", "country", "postcode", "city", "consent", "website")


def page_language() -> str | None:
    """The interface language the widget asked for (`lang`, "fr-CA" counting as "fr")."""
    body = json_body() if request.is_json else None
    asked = request.args.get("lang") or (body.get("lang") if isinstance(body, dict) else None)
    return shipped_language(str(asked or ""))


def in_page_language(
    view: Callable[..., ResponseReturnValue],
) -> Callable[..., ResponseReturnValue]:
    """Run the view in the language of the widget's page, when it said which."""

    @wraps(view)
    def wrapper(*args: object, **kwargs: object) -> ResponseReturnValue:
        with _language(page_language()):
            return view(*args, **kwargs)

    return wrapper


@contextmanager
def _language(language: str | None) -> Iterator[None]:
    if language is None:
        yield
    else:
        with force_locale(language):
            yield


def widget_texts(appeal: Appeal) -> dict[str, str]:
    """The widget's words in the interface language (embed.js has English fallbacks)."""
    total, goal = appeal.signature_count, appeal.signature_goal
    if goal:
        count = ngettext(
            "%(count)s person has signed of %(goal)s",
            "%(count)s people have signed of %(goal)s",
            total,
            count=number(total),
            goal=number(goal),
        )
    else:
        count = ngettext(
            "%(count)s person has signed",
            "%(count)s people have signed",
            total,
            count=number(total),
        )
    return {
        "count": count,
        "closed": _("This appeal has closed. Thank you for caring."),
        "name": _("Your name"),
        "email": _("Your e-mail address"),
        "country": _("Your country"),
        "choose_country": _("Choose your country"),
        "sign": _("Sign the appeal"),
        "sending": _("Sending…"),
        "failed": _("Something went wrong. Please try again."),
        "unreachable": _("The appeal could not be reached. Please try again."),
    }


def _appeal(slug: str) -> Appeal:
    return public_appeal(db.session, slug) or abort(404)


def _external(endpoint: str, **values: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


@bp.get("/<slug>.json")
@in_page_language
def widget_data(slug: str) -> ResponseReturnValue:
    """What the widget draws: public facts only, cacheable, readable from any site."""
    appeal = _appeal(slug)
    content = appeal_content(appeal, current_language())
    response = jsonify(
        slug=appeal.slug,
        lang=current_language(),
        title=content.title,
        language=content.language,
        url=_external("appeals.show", slug=slug),
        open=appeal.is_open(utcnow()),
        total=appeal.signature_count,
        goal=appeal.signature_goal,
        sign_url=_external("embeds.sign", slug=slug),
        consent_text=str(CONSENT_TEXT),
        countries=[[code, name] for code, name in country_choices(current_language())],
        confirm=appeal.confirm_signatures,
        texts=widget_texts(appeal),
    )
    response.vary.add("Accept-Language")  # without `lang`, the browser's language decides
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = 60
    response.vary.update(("Accept-Language", "Cookie"))  # the title is in the reader's language
    return response


@bp.route("/<slug>/sign", methods=["POST", "OPTIONS"])
@in_page_language
def sign(slug: str) -> ResponseReturnValue:
    """Sign from a site the organiser listed; every other origin is refused (CORS)."""
    appeal = _appeal(slug)
    origin = request.headers.get("Origin")
    if not allowed(origin, appeal.embed_origins):
        return _refused(origin)
    if request.method == "OPTIONS":
        return _cors(Response(status=204), origin)
    if not appeal.is_open(utcnow()):
        closed = _("This appeal has closed.")
        return _cors(jsonify(error="closed", message=closed), origin), 409
    body = json_body()
    form = SignatureForm(formdata=form_fields(body), meta={"csrf": False})
    wrong = not_text(body)
    if wrong or not form.validate():
        errors = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        errors |= {name: [_("This field must be text.")] for name in wrong}
        return _cors(
            jsonify(error="invalid", message=_("Please check the form."), fields=errors), origin
        ), 422
    data = views.signature_data(form, appeal, source=f"embed:{origin.split('://', 1)[-1]}")
    commit_with_retry(
        db.session,
        lambda: signing.sign(db.session, appeal, data, now=utcnow(), **views.sign_options()),
    )
    # The same answer whether or not the address had signed: strangers learn nothing.
    message = (
        _("Thank you! Check your e-mail to confirm your signature.")
        if appeal.confirm_signatures
        else _("Thank you for signing.")
    )
    return _cors(jsonify(status="ok", message=message), origin)


def _refused(origin: str | None) -> ResponseReturnValue:
    """A site that is not listed learns why, in words the widget can show its visitors.

    Its preflight is answered as for a listed site, or the browser would never send the
    POST and the widget could only say the appeal is unreachable; the POST is then refused
    with the reason, readable across origins, and stores nothing.
    """
    if request.method == "OPTIONS" and origin:
        return _cors(Response(status=204), origin)
    message = _("This site is not allowed to collect signatures for this appeal.")
    response = jsonify(error="forbidden", message=message)
    return (_cors(response, origin) if origin else response), 403


def form_fields(body: object) -> MultiDict[str, str]:
    """The widget's JSON as the sign form's fields, so it is checked exactly like the page."""
    if not isinstance(body, dict):
        return MultiDict()
    fields = {k: body[k] for k in FIELDS if k != "consent" and isinstance(body.get(k), str)}
    if "country" in fields:  # "fr" is France, as the API takes it
        fields["country"] = fields["country"].strip().upper()
    if body.get("consent") is True:
        fields["consent"] = "y"
    return MultiDict(fields)


def not_text(body: object) -> list[str]:
    """Fields holding a number, list or object: str() would store Python's spelling of it."""
    if not isinstance(body, dict):
        return []
    return [
        k
        for k in FIELDS
        if k != "consent" and body.get(k) is not None and not isinstance(body[k], str)
    ]


def _cors(response: Response, origin: str) -> Response:
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Allow-Methods"] = "POST"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = "600"
    response.headers["Vary"] = "Origin"
    return response
