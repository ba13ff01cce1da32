"""Export downloads for staff: signature lists, counts and the delivery pack."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from wtforms import SelectChoice

from campaign.auth.login import current_account
from campaign.auth.roles import require_roles
from campaign.counting.routes import keep_count_fresh, keep_counts_fresh
from campaign.database import begin_write
from campaign.exports import counts, pack, services, signatures
from campaign.exports.forms import CountsForm, ExportForm
from campaign.exports.services import ExportError
from campaign.extensions import db
from campaign.models import Appeal, Role, Target, utcnow
from campaign.staff.services import all_appeals, appeal_by_slug

bp = Blueprint("exports", __name__, url_prefix="/staff/exports")
require_roles(bp, Role.STAFF)

# Whole Content-Type values: given as `mimetype`, Werkzeug would add its own charset to
# text/csv and repeat it.
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "pdf": "application/pdf",
}


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_page(export_form(), CountsForm(formdata=None))


@bp.get("/signatures")
def signature_list() -> ResponseReturnValue:
    if not request.args:
        return redirect(url_for(".index"))
    form = export_form()
    if not form.validate():
        return render_page(form, CountsForm(formdata=None)), 400
    appeals = services.appeals_by_slugs(db.session, form.appeal.data)
    flt = form.to_filter(tuple(a.id for a in appeals))
    fmt, user = form.format.data, current_account()

    def audit() -> None:
        # Counting a million filtered rows takes a moment: the CSV header is sent first.
        # The count is read before the write lock is taken (SQLite has one for the whole
        # database: signers would wait for the count), the audit entry written under it.
        rows = signatures.count_rows(db.session, flt)
        begin_write(db.session)
        services.start_export(db.session, "signatures", fmt, flt, appeals, user=user, rows=rows)
        db.session.commit()

    if fmt == "xlsx":
        audit()
        body = signatures.file_chunks(signatures.write_xlsx(db.session, flt))
    else:
        body = signatures.csv_chunks(db.session, flt, bom=form.bom.data, on_start=audit)
    name = services.filename("signatures", appeals, fmt, utcnow())
    return download(stream_with_context(body), name, fmt)


@bp.get("/counts")
def count_export() -> ResponseReturnValue:
    if not request.args:
        return redirect(url_for(".index"))
    form = CountsForm(request.args)
    form.appeal.choices = appeal_choices()
    if not form.validate():
        return render_page(export_form(), form), 400
    slugs = form.appeal.data or [choice.value for choice in form.appeal.choices]
    keep_counts_fresh(slugs)
    appeals = services.appeals_by_slugs(db.session, slugs) if slugs else []
    keys, rows = counts.count_table(db.session, appeals, form.by.data)
    flt = services.SignatureFilter(appeal_ids=tuple(a.id for a in appeals), columns=())
    begin_write(db.session)
    export = services.start_export(
        db.session,
        "counts",
        form.format.data,
        flt,
        appeals,
        user=current_account(),
        rows=len(rows),
        extra={"by": form.by.data},
    )
    db.session.commit()
    if export.format == "json":
        body = counts.as_json(form.by.data, keys, rows)
    else:
        body = counts.as_csv(keys, rows, bom=form.bom.data)
    name = export.filename(utcnow()).replace("counts-", f"counts-by-{form.by.data}-", 1)
    return download(body, name, export.format)


@bp.get("/pack/<slug>")
def pack_pdf(slug: str) -> ResponseReturnValue:
    keep_count_fresh(slug)  # the country table reads the tallies; the names are read live
    appeal = appeal_by_slug(db.session, slug) or abort(404)
    if not appeal.signature_count:
        # A letter "on behalf of 0 people in 0 countries" is not something to hand over.
        flash(_("There is nothing to hand over yet: the appeal has no counted signatures."), "info")
        return redirect(url_for("staff.appeal", slug=appeal.slug))
    now = utcnow()
    organisation = current_app.config["ORGANISATION_NAME"]
    addressee = pack_addressee(appeal, request.args.get("to"))
    built = pack.build_pack(
        db.session, appeal, now=now, organisation=organisation, addressee=addressee
    )
    begin_write(db.session)
    services.record_pack(db.session, appeal, built, user=current_account())
    db.session.commit()
    return download(built.pdf, f"delivery-pack-{appeal.slug}-{now.date().isoformat()}.pdf", "pdf")


def pack_addressee(appeal: Appeal, wanted: str | None) -> Target | None:
    """The official the pack's cover is addressed to (`?to=<id>`): one of the appeal's."""
    if not wanted:
        return None
    return next((t for t in appeal.officials if str(t.id) == wanted), None) or abort(404)


def export_form() -> ExportForm:
    form = ExportForm(request.args)
    form.appeal.choices = appeal_choices()
    return form


def appeal_choices() -> list[SelectChoice]:
    return [SelectChoice(a.slug, a.title) for a in all_appeals(db.session)]


def render_page(form: ExportForm, counts_form: CountsForm) -> str:
    counts_form.appeal.choices = appeal_choices()
    return render_template("staff/exports.html", form=form, counts_form=counts_form)


def download(body: object, filename: str, fmt: str) -> Response:
    response = Response(body, content_type=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.errorhandler(ExportError)
def export_error(error: ExportError) -> ResponseReturnValue:
    page = render_template("errors/generic.html", title=_("Export not made"), message=str(error))
    return page, 400
