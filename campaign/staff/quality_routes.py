"""Quality control pages: flagged signatures, bulk invalidation and restore, paper counts."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from campaign.auth.login import current_account
from campaign.auth.roles import require_roles
from campaign.database import begin_write
from campaign.extensions import db
from campaign.models import Appeal, Role, utcnow
from campaign.staff import quality
from campaign.staff.forms import CriteriaForm, DecideForm, DeleteForm, PaperForm, RestoreForm
from campaign.staff.services import appeal_by_slug
from campaign.templating import number

bp = Blueprint("quality", __name__, url_prefix="/staff/quality")
require_roles(bp, Role.STAFF)

CRITERIA_FIELDS = ("email_domain", "ip_hash", "since", "until", "name_pattern")


@bp.get("/flagged")
def flagged() -> ResponseReturnValue:
    appeal = chosen_appeal()
    return render_template(
        "staff/flagged.html",
        appeal=appeal,
        rows=quality.flagged(db.session, appeal, limit=quality.FLAGGED_LIMIT),
        total=quality.flagged_count(db.session, appeal),
        form=DecideForm(),
    )


def chosen_appeal() -> Appeal | None:
    """The appeal ?appeal= names (None: every appeal); 404 for one that does not exist,
    rather than quietly showing every appeal's signatures in its place."""
    slug = request.args.get("appeal")
    if not slug:
        return None
    return appeal_by_slug(db.session, slug) or abort(404)


@bp.post("/flagged")
def decide() -> ResponseReturnValue:
    form = DecideForm()
    ids = request.form.getlist("ids", type=int)
    appeal = chosen_appeal()
    # Back to the list as it was filtered.
    back = url_for(".flagged", appeal=appeal.slug if appeal else None)
    if not form.validate_on_submit() or not ids:
        flash(_("Tick at least one signature, then choose accept or invalidate."), "error")
        return redirect(back)
    accept = form.decision.data == "accept"
    begin_write(db.session)
    n = quality.decide_flagged(db.session, ids, accept=accept, user=current_account(), now=utcnow())
    db.session.commit()
    if accept:
        message = ngettext(
            "Accepted %(count)s flagged signature.",
            "Accepted %(count)s flagged signatures.",
            n,
            count=number(n),
        )
    else:
        message = ngettext(
            "Invalidated %(count)s flagged signature.",
            "Invalidated %(count)s flagged signatures.",
            n,
            count=number(n),
        )
    flash(message, "success")
    return redirect(back)


@bp.get("/appeals/<slug>/invalidate")
def invalidate_preview(slug: str) -> ResponseReturnValue:
    appeal = appeal_by_slug(db.session, slug) or abort(404)
    form = CriteriaForm(request.args, meta={"csrf": False})
    matching, sample = None, ()
    asked = any(request.args.get(f) for f in CRITERIA_FIELDS)
    if asked and form.validate():
        matching = quality.preview(db.session, appeal, criteria(form))
        sample = quality.sample(db.session, appeal, criteria(form))
    return render_template(
        "staff/invalidate.html",
        appeal=appeal,
        form=form,
        matching=matching,
        sample=sample,
        batches=quality.batches(db.session, appeal),
        restore_form=RestoreForm(),
        confirm_form=CriteriaForm(formdata=None, data=form.data),
    )


@bp.post("/appeals/<slug>/invalidate")
def invalidate(slug: str) -> ResponseReturnValue:
    appeal = appeal_by_slug(db.session, slug) or abort(404)
    form = CriteriaForm()
    if not form.validate_on_submit():
        flash(_("The criteria were not valid; nothing was invalidated."), "error")
        return redirect(url_for(".invalidate_preview", slug=slug))
    try:
        begin_write(db.session)
        n = quality.invalidate(
            db.session, appeal, criteria(form), user=current_account(), now=utcnow()
        )
    except quality.QualityError as error:
        flash(str(error), "error")
        return redirect(url_for(".invalidate_preview", slug=slug))
    db.session.commit()
    message = ngettext(
        "Invalidated %(count)s signature. It no longer counts and can be restored.",
        "Invalidated %(count)s signatures. They no longer count and can be restored.",
        n,
        count=number(n),
    )
    flash(message, "success")
    return redirect(url_for(".invalidate_preview", slug=slug))


@bp.post("/appeals/<slug>/restore")
def restore(slug: str) -> ResponseReturnValue:
    appeal = appeal_by_slug(db.session, slug) or abort(404)
    form = RestoreForm()
    batch = parse_batch(form.batch.data) if form.validate_on_submit() else None
    if batch is None:
        flash(_("Choose a batch to restore."), "error")
        return redirect(url_for(".invalidate_preview", slug=slug))
    begin_write(db.session)
    n = quality.restore(db.session, appeal, batch, user=current_account(), now=utcnow())
    db.session.commit()
    flash(
        ngettext(
            "Restored %(count)s signature.", "Restored %(count)s signatures.", n, count=number(n)
        ),
        "success",
    )
    return redirect(url_for(".invalidate_preview", slug=slug))


@bp.route("/appeals/<slug>/paper", methods=["GET", "POST"])
def paper(slug: str) -> ResponseReturnValue:
    appeal = appeal_by_slug(db.session, slug) or abort(404)
    form = PaperForm()
    if form.validate_on_submit():
        begin_write(db.session)
        quality.add_paper(
            db.session,
            appeal,
            country=form.country.data,
            count=form.count.data,
            note=form.note.data or "",
            collected_on=form.collected_on.data,
            user=current_account(),
        )
        db.session.commit()
        count = form.count.data
        flash(
            ngettext(
                "Added %(count)s paper signature.",
                "Added %(count)s paper signatures.",
                count,
                count=number(count),
            ),
            "success",
        )
        return redirect(url_for(".paper", slug=slug))
    rows = quality.paper_counts(db.session, appeal)
    return render_template(
        "staff/paper.html", appeal=appeal, form=form, rows=rows, delete_form=DeleteForm()
    )


@bp.post("/appeals/<slug>/paper/<int:paper_id>/delete")
def delete_paper(slug: str, paper_id: int) -> ResponseReturnValue:
    appeal = appeal_by_slug(db.session, slug) or abort(404)
    if not DeleteForm().validate_on_submit():
        abort(400)
    begin_write(db.session)
    n = quality.remove_paper(db.session, appeal, paper_id, user=current_account())
    db.session.commit()
    if n:
        flash(_("Removed a paper count of %(count)s.", count=number(n)), "success")
    else:
        flash(_("That paper count was already gone."), "success")
    return redirect(url_for(".paper", slug=slug))


def criteria(form: CriteriaForm) -> quality.Criteria:
    return quality.Criteria(
        email_domain=form.email_domain.data or "",
        ip_hash=form.ip_hash.data or "",
        since=as_utc(form.since.data),
        until=as_utc(form.until.data),
        name_pattern=form.name_pattern.data or "",
    )


def as_utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


def parse_batch(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value or "")
    except ValueError:
        return None
