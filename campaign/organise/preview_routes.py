"""The appeal's public page as supporters will see it, for its organisers, at any status.

A draft has no public page yet (/a/<slug> is a 404 until it is published): this is where
its organisers read it as a supporter would, in each language it has, before publishing.
Signing is switched off on it.
"""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue

from campaign.appeals.content import appeal_content
from campaign.i18n import current_language
from campaign.models import AppealStatus, utcnow
from campaign.organise.routes import bp, get_appeal


@bp.get("/appeals/<int:appeal_id>/preview")
def preview(appeal_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    original = bool(request.args.get("original"))
    content = appeal_content(appeal, current_language(), original=original)
    # A draft is shown as it will be once published: open, with its form.
    is_open = appeal.status is AppealStatus.DRAFT or appeal.is_open(utcnow())
    return render_template(
        "appeals/show.html", appeal=appeal, content=content, is_open=is_open, preview=True
    )
