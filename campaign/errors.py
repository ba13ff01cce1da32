"""Error pages: HTML or JSON by what the client accepts; a 500 rolls the session back."""

from __future__ import annotations

from flask import Flask, jsonify, render_template
from flask.typing import ResponseReturnValue
from jinja2 import TemplateNotFound
from werkzeug.exceptions import HTTPException

from campaign.auth.login import wants_json
from campaign.extensions import db

# What each page tells a person, in words rather than codes.
MESSAGES = {
    400: ("The request could not be read", "Something in what was sent was missing or wrong."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Page not found", "There is no page at this address. It may have moved or ended."),
    405: ("Not allowed here", "This address does not accept that kind of request."),
    413: ("Too large", "What you sent is larger than this site accepts."),
    429: ("Too many requests", "Please wait a moment and try again."),
    500: ("Something went wrong", "The error has been logged. Nothing you sent was half-saved."),
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
    # Werkzeug's stock descriptions are long and technical; keep ours unless a
    # view gave a specific one (e.g. abort(400, "The CSRF token is missing.")).
    message = error.description if _is_specific(error) else default_message
    if wants_json():
        return jsonify(error=_slug(error.name), message=message), code
    try:
        return render_template(f"errors/{code}.html", title=title, message=message), code
    except TemplateNotFound:
        return render_template("errors/generic.html", title=title, message=message), code


def _is_specific(error: HTTPException) -> bool:
    return bool(error.description) and error.description != type(error).description


def _slug(name: str) -> str:
    return name.lower().replace(" ", "_")
