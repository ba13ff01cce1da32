"""The language switcher: a link per language that sets the `lang` cookie.

A GET, not a form: it changes nothing on the server, only this browser's preference,
and a link works on cached pages and without JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from werkzeug.wrappers import Response

from campaign.auth.services import safe_next
from campaign.i18n import COOKIE, COOKIE_MAX_AGE, interface_languages

bp = Blueprint("i18n", __name__)


@bp.get("/language/<lang>")
def choose(lang: str) -> Response:
    if lang not in interface_languages():
        abort(404)
    response = redirect(safe_next(request.args.get("next")) or url_for("appeals.index"))
    response.set_cookie(
        COOKIE,
        lang,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure,
        httponly=True,
    )
    return response
