"""Error pages: HTML or JSON by what the client accepts; a 500 rolls the session back."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template
from flask.typing import ResponseReturnValue
from jinja2 import TemplateNotFound
from werkzeug.exceptions import HTTPException

from campaign.auth.login import wants_json
from campaign.extensions import db
from campaign.i18n.lazy import lazy_gettext as _l

# What each page tells a person, in words rather than codes.
MESSAGES = {
    400: (
        _l("The request could not be read"),
        _l("Something in what was sent was missing or wrong."),
    ),
    403: (_l("Not allowed"), _l("Your account does not have access to this page.")),
    404: (
        _l("Page not found"),
        _l("There is no page at this address. It may have moved or ended."),
    ),
    405: (_l("Not allowed here"), _l("This address does not accept that kind of request.")),
    413: (_l("Too large"), _l("What you sent is larger than this site accepts.")),
    429: (_l("Too many requests"), _l("Please wait a moment and try again.")),
    500: (
        _l("Something went wrong"),
        _l("The error has been logged. Nothing you sent was half-saved."),
    ),
}

# The reasons Flask-WTF gives (in English only) for refusing a form without a valid token.
CSRF_REASONS = {
    "The CSRF token is missing.": _l("The CSRF token is missing."),
    "The CSRF session token is missing.": _l("The CSRF session token is missing."),
    "The CSRF token has expired.": _l("The CSRF token has expired."),
    "The CSRF token is invalid.": _l("The CSRF token is invalid."),
    "The CSRF tokens do not match.": _l("The CSRF tokens do not match."),
}


def init_app(app: Flask) -> None:
    # Unhandled exceptions reach this handler as an InternalServerError after
    # Flask has logged them (and are re-raised instead when testing).
    app.register_error_handler(HTTPException, handle_http_error)


def handle_http_error(error: HTTPException) -> ResponseReturnValue:
    code = error.code or 500
    if code >= 500:
        db.session.rollback()  # whatever the request half-did is not kept
    title, default_message = MESSAGES.get(code, (error.name, error.description or ""))
    title, default_message = str(title), str(default_message)
    # Werkzeug's stock descriptions are long and technical; keep ours unless a
    # view gave a specific one (e.g. abort(400, "The CSRF token is missing.")).
    message = error.description if _is_specific(error) else default_message
    message = str(CSRF_REASONS.get(message, message))
    if wants_json():
        response = jsonify(error=_slug(error.name), message=message)
    else:
        response = make_response(_page(code, title, message))
    # The headers the error itself carries: Allow on a 405 says which methods would do.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response, code


def _page(code: int, title: str, message: str) -> str:
    try:
        return render_template(f"errors/{code}.html", title=title, message=message)
    except TemplateNotFound:
        return render_template("errors/generic.html", title=title, message=message)


def _is_specific(error: HTTPException) -> bool:
    return bool(error.description) and error.description != type(error).description


def _slug(name: str) -> str:
    return name.lower().replace(" ", "_")
