"""The translation editor: the original on the left, its translation on the right."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from campaign.auth.login import current_account
from campaign.extensions import db
from campaign.languages import language_name
from campaign.models import Appeal, AppealTranslation, utcnow
from campaign.organise import translations
from campaign.organise.forms import ActionForm, TranslationForm
from campaign.organise.routes import bp, get_appeal


@bp.route("/appeals/<int:appeal_id>/translations/new", methods=["GET", "POST"])
def new_translation(appeal_id: int) -> ResponseReturnValue:
    return _editor(get_appeal(appeal_id), None)


@bp.route("/appeals/<int:appeal_id>/translations/<language>", methods=["GET", "POST"])
def translation(appeal_id: int, language: str) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    return _editor(appeal, appeal.translation(language) or abort(404))


@bp.post("/appeals/<int:appeal_id>/translations/<language>/delete")
def delete_translation(appeal_id: int, language: str) -> ResponseReturnValue:
    appeal = get_appeal(appeal_id)
    found = appeal.translation(language) or abort(404)
    if ActionForm().validate_on_submit():
        translations.delete_translation(db.session, appeal, found, user=current_account())
        db.session.commit()
        flash(_("The translation into %(language)s is deleted.", language=language_name(language)),
              "success")  # fmt: skip
    return redirect(url_for("organise.appeal", appeal_id=appeal.id, _anchor="translations"))


def _editor(appeal: Appeal, editing: AppealTranslation | None) -> ResponseReturnValue:
    form = TranslationForm(data=translations.form_defaults(appeal, editing))
    refused: dict[str, list[str]] = {}
    if form.validate_on_submit():
        try:
            saved = translations.save_translation(
                db.session, appeal, _data(form), editing=editing, user=current_account(),
                now=utcnow(),
            )  # fmt: skip
        except translations.TranslationRefused as error:
            refused = error.errors
            # Sent again, the form is checked against the demands it now shows.
            form.source.data = translations.demands_version(appeal)
            for name, messages in refused.items():
                if name != "demands":
                    form[name].errors = [*form[name].errors, *messages]
        else:
            db.session.commit()
            flash(_("Translation saved."), "success")
            return redirect(url_for(".translation", appeal_id=appeal.id, language=saved.language))
    for number, entry in enumerate(form.demands, start=1):
        entry.label.text = _("Demand %(number)d", number=number)
    people = translations.described(appeal)
    for subject, entry in zip(people, form.about, strict=False):
        entry.label.text = _("About %(name)s", name=subject.name)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "organise/translation.html",
        appeal=appeal,
        translation=editing,
        form=form,
        demand_errors=refused.get("demands", []),
        people=people,
        action_form=ActionForm(formdata=None),
    ), status


def _data(form: TranslationForm) -> translations.TranslationData:
    return translations.TranslationData(
        language=form.language.data or "",
        title=form.title.data or "",
        summary=form.summary.data or "",
        demands=[entry.data or "" for entry in form.demands],
        letter_subject=form.letter_subject.data or "",
        letter_body=form.letter_body.data or "",
        source=form.source.data or "",
        about=[entry.data or "" for entry in form.about],
    )
