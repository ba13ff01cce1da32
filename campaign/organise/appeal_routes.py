"""The appeal's actions: targets, letters, publishing, closing, updates, cloning."""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm

from campaign.audit import record
from campaign.auth.login import current_account
from campaign.embeds.origins import OriginRefused, parse_origins
from campaign.extensions import db
from campaign.models import Appeal, AppealStatus, Outcome, Target, TargetRole, utcnow
from campaign.organise import appeal_targets, letters, lifecycle, services, updates
from campaign.organise.forms import (
    ActionForm,
    AddTargetForm,
    CloseForm,
    EmbedForm,
    LetterForm,
    NewTargetForm,
    ReviewForm,
    UpdateForm,
)
from campaign.organise.letter_errors import error_texts
from campaign.organise.page import review_context
from campaign.organise.routes import bp, get_appeal
from campaign.templating import number


def back_to(appeal_id: int, anchor: str = "") -> ResponseReturnValue:
    return redirect(url_for("organise.appeal", appeal_id=appeal_id, _anchor=anchor or None))


def review_page(appeal: Appeal, **forms: FlaskForm) -> ResponseReturnValue:
    """The review page again with an inline form as it was sent, its errors beside its
    fields: a redirect would lose what the organiser typed."""
    for refused in forms.values():
        flash_errors(refused)  # also on top, where the page opens
    form = ReviewForm(formdata=None, obj=services.review_defaults(appeal))
    # 422: the route took the request and its form wants more (as on the supporter side).
    return render_template("organise/appeal.html", **review_context(appeal, form, **forms)), 422


def flash_errors(form: FlaskForm) -> None:
    for field, messages in form.errors.items():
        name = form[field].label.text if field in form else field
        for message in messages:
            flash(_("%(field)s: %(message)s", field=name, message=message), "error")


# A form that comes back with its errors leaves the browser at the address it was sent
# to: reloading it, or opening it again later, leads to the page that holds the form.
@bp.get("/appeals/<int:appeal_id>/targets/new", defaults={"section": "targets"})
@bp.get("/appeals/<int:appeal_id>/updates", defaults={"section": "updates"})
@bp.get("/appeals/<int:appeal_id>/embed", defaults={"section": "embed"})
def form_address(appeal_id: int, section: str) -> ResponseReturnValue:
    """The review page, at the form sent to this address."""
    return back_to(get_appeal(appeal_id).id, section)


@bp.post("/appeals/<int:appeal_id>/targets")
def add_target(appeal_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    form = AddTargetForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return back_to(appeal.id, "targets")
    target = db.session.get(Target, form.target_id.data) or abort(404)
    try:
        appeal_targets.add_target(
            db.session, appeal, target, TargetRole(form.role.data), user=current_account()
        )
    except appeal_targets.TargetRefused as refused:
        flash(str(refused), "error")
        return back_to(appeal.id, "targets")
    db.session.commit()
    if form.role.data == TargetRole.PRIMARY.value:
        flash(_("%(name)s added as primary target.", name=target.name), "success")
    else:
        flash(_("%(name)s added as copy.", name=target.name), "success")
    return back_to(appeal.id, "targets")


@bp.post("/appeals/<int:appeal_id>/targets/new")
def create_target(appeal_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    form = NewTargetForm()
    if not form.validate_on_submit():
        return review_page(appeal, new_target_form=form)
    try:
        target = appeal_targets.create_target_for(
            db.session, appeal, form.data, user=current_account()
        )
    except appeal_targets.TargetRefused as refused:  # refused before anything was written
        form.email.errors = [*form.email.errors, str(refused)]  # the directory's e-mail rules
        return review_page(appeal, new_target_form=form)
    db.session.commit()
    flash(_("%(name)s added to the directory and to this appeal.", name=target.name), "success")
    return back_to(appeal.id, "targets")


@bp.post("/appeals/<int:appeal_id>/targets/<int:link_id>/remove")
def remove_target(appeal_id: int, link_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    if ActionForm().validate_on_submit():
        try:
            appeal_targets.remove_target(
                db.session, appeal, link_id, user=current_account(), now=utcnow()
            )
        except appeal_targets.TargetRefused as refused:
            flash(str(refused), "error")
        except lifecycle.PublishRefused:  # the only thing removing a target can break
            message = _(
                "A live appeal needs a primary target who can be reached by e-mail or by post: "
                "add another before removing this one."
            )
            flash(message, "error")
        else:
            db.session.commit()
            flash(_("Target removed from this appeal."), "success")
    return back_to(appeal.id, "targets")


@bp.route("/appeals/<int:appeal_id>/letter", methods=["GET", "POST"])
def letter(appeal_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    target = _letter_target(appeal)
    language = _letter_language(appeal, target)
    current = letters.find_letter(appeal, target.id if target else None, language)
    form = LetterForm(
        obj=current
        or (language and letters.find_letter(appeal, None, language))
        or letters.find_letter(appeal, None)
    )
    if form.validate_on_submit():
        try:
            letters.save_letter(
                db.session,
                appeal,
                target=target,
                subject=form.subject.data,
                body=form.body.data,
                user=current_account(),
                now=utcnow(),
                language=language,
            )
        except letters.LetterRefused as refused:
            for name, found in refused.errors.items():
                form[name].errors = [*form[name].errors, *error_texts(found)]
        else:
            db.session.commit()
            flash(_("Letter saved."), "success")
            return redirect(
                url_for(
                    "organise.letter",
                    appeal_id=appeal.id,
                    target=target and target.id,
                    language=language,
                )
            )
    previews = letters.previews(
        appeal,
        form.subject.data or "",
        form.body.data or "",
        _preview_targets(appeal, target),
        language,
    )
    status = 400 if form.errors else 200
    return render_template(
        "organise/letter.html",
        appeal=appeal,
        form=form,
        target=target,
        own_letter=current,
        previews=previews,
        action_form=ActionForm(formdata=None),
        letter_variables=letters.variables_help(),
        language=language,
        languages=letters.letter_languages(appeal, target) if target else [],
        translated_for=[]
        if language
        else letters.translated_letters(appeal, [target] if target else appeal.officials),
    ), status


@bp.post("/appeals/<int:appeal_id>/letter/preview")
def letter_preview(appeal_id: int) -> ResponseReturnValue:
    """The rendered letter for each target, for the editor's live preview (JSON)."""
    appeal = get_appeal(appeal_id)
    form = LetterForm()
    target = _letter_target(appeal)
    results = letters.previews(
        appeal,
        form.subject.data or "",
        form.body.data or "",
        _preview_targets(appeal, target),
        _letter_language(appeal, target),
    )
    return jsonify(
        previews=[
            {
                "target": p.target.name,
                "heading": _("To %(name)s", name=p.target.display_name),
                "subject": p.letter.subject if p.letter else "",
                "subject_line": _("Subject: %(subject)s", subject=p.letter.subject)
                if p.letter
                else "",
                "body": p.letter.body if p.letter else "",
                "errors": error_texts(p.errors),
            }
            for p in results
        ]
    )


@bp.post("/appeals/<int:appeal_id>/letter/reset")
def reset_letter(appeal_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    target = _letter_target(appeal)
    language = _letter_language(appeal, target)
    if target is not None and ActionForm().validate_on_submit():
        letters.delete_letter(db.session, appeal, target, user=current_account(), language=language)
        db.session.commit()
        flash(_("%(name)s now receives the default letter.", name=target.name), "success")
    return redirect(url_for("organise.letter", appeal_id=appeal.id))


def _letter_target(appeal: Appeal) -> Target | None:
    """The target whose own letter is being edited (?target=ID), or None for the default."""
    target_id = request.args.get("target", type=int)
    if target_id is None:
        return None
    targets = appeal.officials
    return next((t for t in targets if t.id == target_id), None) or abort(404)


def _letter_language(appeal: Appeal, target: Target | None) -> str | None:
    """The language of the target's own letter being edited (?language=fr), when it is not
    the appeal's: one of the target's languages that the appeal is translated into."""
    language = request.args.get("language")
    if not language or target is None:
        return None
    languages = letters.letter_languages(appeal, target)
    if language not in languages:
        abort(404)
    return None if language == appeal.language else language


def _preview_targets(appeal: Appeal, target: Target | None) -> list[Target]:
    if target is not None:
        return [target]
    everyone = appeal.officials
    # The default letter goes to every target without a letter of its own.
    own = {lt.target_id for lt in appeal.original_letters if lt.target_id}
    return [t for t in everyone if t.id not in own]


@bp.post("/appeals/<int:appeal_id>/publish")
def publish(appeal_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        lifecycle.publish(db.session, appeal, user=current_account(), now=utcnow())
    except lifecycle.PublishRefused as refused:
        for problem in refused.problems:
            flash(problem.message, "error")
        return back_to(appeal.id, "publish")
    except lifecycle.StatusRefused as refused:
        flash(str(refused), "error")
        return back_to(appeal.id)
    db.session.commit()
    flash(_("Published: the appeal is live at /a/%(slug)s.", slug=appeal.slug), "success")
    return back_to(appeal.id)


@bp.route("/appeals/<int:appeal_id>/close", methods=["GET", "POST"])
def close(appeal_id: int) -> ResponseReturnValue:
    """Close a live appeal with its outcome, or correct the outcome of a closed one."""
    appeal = get_appeal(appeal_id)
    closed = appeal.status in (AppealStatus.CLOSED, AppealStatus.ARCHIVED)
    form = CloseForm(data=_recorded_outcome(appeal) if closed else None)
    if form.validate_on_submit():
        outcome, note = Outcome(form.outcome.data), (form.note.data or "").strip()
        user, now = current_account(), utcnow()
        try:
            if not closed:
                lifecycle.close(db.session, appeal, outcome, note, user=user, now=now)
                message = _("The appeal is closed; its page shows the outcome.")
            elif lifecycle.change_outcome(db.session, appeal, outcome, note, user=user, now=now):
                message = _("Outcome changed; the appeal's page shows the new one.")
            else:
                message = _("Nothing had changed.")
        except lifecycle.StatusRefused as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(message, "success")
        return back_to(appeal.id, "publish")
    status = 400 if form.errors else 200
    return render_template("organise/close.html", appeal=appeal, form=form, closed=closed), status


def _recorded_outcome(appeal: Appeal) -> dict[str, str]:
    return {"outcome": appeal.outcome.value if appeal.outcome else "", "note": appeal.outcome_note}


@bp.post("/appeals/<int:appeal_id>/archive")
def archive(appeal_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    if ActionForm().validate_on_submit():
        try:
            lifecycle.archive(db.session, appeal, user=current_account(), now=utcnow())
        except lifecycle.StatusRefused as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Archived."), "success")
    return back_to(appeal.id)


@bp.post("/appeals/<int:appeal_id>/clone")
def clone(appeal_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    copy = lifecycle.clone(db.session, appeal, user=current_account(), now=utcnow())
    db.session.commit()
    flash(_("A follow-up draft was created from the appeal; review it and publish."), "success")
    return back_to(copy.id)


@bp.post("/appeals/<int:appeal_id>/updates")
def post_update(appeal_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    form = UpdateForm()
    valid = form.validate_on_submit()
    now, user, email = utcnow(), current_account(), bool(form.email_signers.data)
    try:
        # Checked even when a field is missing: every error shows at once.
        updates.check_update(appeal, happened_on=form.happened_on.data, email=email, now=now)
    except updates.UpdateRefused as refused:
        if "csrf_token" not in form.errors and not form[refused.field].errors:
            form[refused.field].errors = [*form[refused.field].errors, str(refused)]
        return review_page(appeal, update_form=form)
    if not valid:
        return review_page(appeal, update_form=form)
    update = updates.post_update(
        db.session,
        appeal,
        title=form.title.data.strip(),
        body=(form.body.data or "").strip(),
        happened_on=form.happened_on.data,
        user=user,
        now=now,
    )
    message = _("Update posted.")
    if email and update.emailed_at is not None:  # the same update sent twice
        message = _("Update posted. It is being e-mailed to the signers who asked to hear more.")
    elif email:
        url = current_app.config["BASE_URL"] + url_for("appeals.show", slug=appeal.slug)
        sent = updates.email_update(db.session, update, appeal_url=url, user=user, now=now)
        message = _email_message(sent)
    db.session.commit()
    flash(message, "success")
    return back_to(appeal.id, "updates")


@bp.post("/appeals/<int:appeal_id>/updates/<int:update_id>/delete")
def delete_update(appeal_id: int, update_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    update = next((u for u in appeal.updates if u.id == update_id), None) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    updates.delete_update(db.session, appeal, update, user=current_account(), now=utcnow())
    db.session.commit()
    flash(_("The update “%(title)s” is no longer on the appeal's page.", title=update.title),
          "success")  # fmt: skip
    return back_to(appeal.id, "updates")


def _email_message(sent: int) -> str:
    if not sent:
        return _("Update posted. No signer has asked to hear more yet, so it was not e-mailed.")
    return ngettext(
        "Update posted. It will be e-mailed to %(count)s signer.",
        "Update posted. It will be e-mailed to %(count)s signers.",
        sent,
        count=number(sent),
    )


@bp.post("/appeals/<int:appeal_id>/embed")
def embed(appeal_id: int) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    form = EmbedForm()
    if not form.validate_on_submit():
        return review_page(appeal, embed_form=form)
    text = form.origins.data or ""
    refused = _refused_origins(text)
    if refused:
        # Every line at fault at once, and the list as typed to correct them in.
        form.origins.errors = [
            _("“%(line)s” is not a web address such as https://example.org.", line=line)
            for line in refused
        ]
        return review_page(appeal, embed_form=form)
    origins = parse_origins(text)
    appeal.embed_origins = origins
    record(
        db.session,
        "appeal.embed_origins",
        user=current_account(),
        appeal=appeal,
        details={"origins": origins},
    )
    db.session.commit()
    flash(
        ngettext(
            "%(count)s site may show the sign form.",
            "%(count)s sites may show the sign form.",
            len(origins),
            count=number(len(origins)),
        ),
        "success",
    )
    return back_to(appeal.id, "embed")


def _refused_origins(text: str) -> list[str]:
    """The lines of `text` that are not web addresses, as typed."""
    refused = []
    for line in text.splitlines():
        try:
            parse_origins(line)
        except OriginRefused as error:
            refused.append(error.line)
    return refused
