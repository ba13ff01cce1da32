"""Public supporter pages: sign, thank you, confirm, letters, unsubscribe, delete my data."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from campaign.appeals.content import AppealContent, appeal_content
from campaign.appeals.services import public_appeal
from campaign.extensions import csrf, db
from campaign.i18n import current_language
from campaign.i18n.lazy import lazy_gettext as _l
from campaign.models import Appeal, Channel, Signature, utcnow
from campaign.privacy import services as privacy
from campaign.signatures import quick, quick_wsgi, services, views
from campaign.signatures.forms import LetterForm, SignatureForm, link_form, new_sign_form
from campaign.signatures.letters import (
    LetterUnavailable,
    NotConfirmed,
    Supporter,
    can_send_for_me,
    letters_written,
)
from campaign.signatures.retry import commit_with_retry
from campaign.signatures.session import forget, recall, remember
from campaign.signatures.tokens import Purpose

bp = Blueprint("signatures", __name__)

CLOSED = _l("This appeal has closed: signatures are no longer collected. Thank you for caring.")
INVALID_LINK = _l("This link has expired or is not valid.")
OPEN_YOUR_EMAIL = _l(
    "To have us send it, first open the link in the e-mail we sent you (it confirms your "
    "signature), or send it from your own mail app."
)
CANNOT_SEND = _l("We cannot send this letter for you; please use your own e-mail or print it.")
SIGN_FIRST = _l("Please sign the appeal first: your letter is written in your name.")


@bp.app_template_global()
def sign_form() -> SignatureForm:
    return new_sign_form()


bp.app_template_global("share_links")(views.share_links)


@bp.record_once
def _start_embedded_worker(state) -> None:
    """The dev server sends its own mail (MAIL_WORKER_THREAD), from the first request on."""
    app = state.app
    if app.config.get("MAIL_WORKER_THREAD"):

        @app.before_request
        def start_worker() -> None:
            from campaign.outbox.worker import start_background_worker

            start_background_worker(app)


def _appeal(slug: str) -> Appeal:
    return public_appeal(db.session, slug) or abort(404)


def _content(appeal: Appeal) -> AppealContent:
    """The appeal's title and demands as its public page shows them to this reader."""
    return appeal_content(appeal, current_language())


def _closed_for_letters(appeal: Appeal) -> ResponseReturnValue | None:
    """Once an appeal closes, letters are no longer asked for."""
    if appeal.is_open(utcnow()):
        return None
    flash(_("This appeal has closed: letters are no longer needed. Thank you for caring."), "info")
    return redirect(url_for("appeals.show", slug=appeal.slug), 303)


@bp.post("/a/<slug>/sign")
@csrf.exempt  # the form checks its own token (not bound to a session: see form_token)
def sign(slug: str) -> ResponseReturnValue:
    # The common case first (campaign.signatures.quick), unless tried before Flask
    # (quick_wsgi, for visitors without a session); the general path below for the rest.
    data = quick.read_form(request.form, slug)
    try_quick = data is not None and not quick_wsgi.tried(request.environ)
    supporter = quick.sign(db.session, slug, data, now=utcnow()) if try_quick else None
    if supporter is None:
        # The row only: the page's content is loaded (lazily) only if the form comes back.
        appeal = public_appeal(db.session, slug, content=False) or abort(404)
        if not appeal.is_open(utcnow()):
            flash(str(CLOSED), "error")
            return redirect(url_for("appeals.show", slug=slug), 303)
        if data is None:
            form = SignatureForm(meta={"csrf_context": slug})
            if not form.validate_on_submit():
                content = appeal_content(appeal, current_language())
                page = render_template(
                    "appeals/show.html", appeal=appeal, content=content, is_open=True, form=form
                )
                return page, 422
            data = views.signature_data(form, appeal)
        else:
            data = views.screened(data)
        try:
            supporter = _sign(appeal, data)
        except services.AppealClosed:
            flash(str(CLOSED), "error")
            return redirect(url_for("appeals.show", slug=slug), 303)
    remember(supporter)
    return redirect(url_for(".thanks", slug=slug), 303)


@bp.get("/a/<slug>/sign")
def sign_form_page(slug: str) -> ResponseReturnValue:
    """The form lives on the appeal's page: reloading a failed sign, a bookmark of it, or
    the language switcher (which comes back here with GET) land there. The language is
    the cookie's, so it carries over."""
    return redirect(url_for("appeals.show", slug=slug, _anchor="sign"))


def _sign(appeal: Appeal, data: services.SignatureData) -> Supporter:
    """The general path: any signature, flagged, repeated or for any appeal."""
    # The address's canonical form and the e-mail's rendering happen here, before the
    # transaction: on SQLite its write lock is the one every signer waits for.
    options = views.sign_options()
    prepared = services.prepare(appeal, data, now=utcnow(), **options)
    earlier = recall(appeal.id)
    signed_here = earlier.signature_id if earlier else None

    def work() -> Supporter:
        result = services.sign(
            db.session,
            appeal,
            data,
            now=utcnow(),
            prepared=prepared,
            signed_here=signed_here,
            **options,
        )
        # Read before the commit expires the rows, so that none is loaded again after it.
        return views.supporter_after_signing(result, data, appeal, signed_here)

    # The appeal is not loaded again under the lock: sign() reads its status afresh.
    return commit_with_retry(db.session, work, keep_loaded=True)


@bp.get("/a/<slug>/thanks")
def thanks(slug: str) -> ResponseReturnValue:
    appeal = _appeal(slug)
    # Without the cookie (blocked, or an in-app browser that drops it) the signature was
    # still taken: the page thanks them without a name rather than sending them back to
    # the form to sign again.
    supporter = recall(appeal.id)
    return render_template(
        "signatures/thanks.html",
        appeal=appeal,
        content=_content(appeal),
        supporter=supporter,
        confirmed=_confirmed(appeal, supporter),
        is_open=appeal.is_open(utcnow()),
    )


def _confirmed(appeal: Appeal, supporter: Supporter | None) -> bool:
    """Whether the signature this browser made has been confirmed (back on the page after
    opening the link): then there is nothing left to ask of them."""
    if supporter is None or supporter.signature_id is None or not appeal.confirm_signatures:
        return False
    signature = db.session.get(Signature, supporter.signature_id)
    return signature is not None and signature.appeal_id == appeal.id and signature.confirmed


@bp.route("/a/<slug>/confirm/<token>", methods=["GET", "POST"])
@csrf.exempt  # the form checks a token bound to the link, not to a session (form_token)
def confirm(slug: str, token: str) -> ResponseReturnValue:
    appeal = _appeal(slug)
    signature = services.signature_from_token(db.session, Purpose.CONFIRM, token)
    if signature is None or signature.appeal_id != appeal.id:
        return render_template("signatures/link_invalid.html", message=str(INVALID_LINK)), 404
    form = link_form(Purpose.CONFIRM.value, token)
    if not form.validate_on_submit():
        if signature.confirmed:
            # Opened again, perhaps in another browser: the link proves the mailbox, as
            # the letter link of the e-mails does, so the page's "Send your letter" works.
            remember(Supporter.of(signature))
        return _confirm_page(appeal, signature, form), _refused_or_ok(form)
    try:
        commit_with_retry(db.session, lambda: services.confirm(db.session, signature, now=utcnow()))
    except services.AppealClosed:
        db.session.rollback()
        return _confirm_page(appeal, signature, form), 409
    remember(Supporter.of(signature))
    flash(_("Thank you: your signature is confirmed."), "success")
    return redirect(url_for(".letters", slug=slug), 303)


def _confirm_page(appeal: Appeal, signature: Signature, form: FlaskForm) -> str:
    """The page behind the confirmation link: its button, or what the signature's state
    and the appeal's allow (the letter once confirmed; nothing to do once it closed)."""
    return render_template(
        "signatures/confirm.html",
        appeal=appeal,
        content=_content(appeal),
        form=form,
        confirmed=signature.confirmed,
        is_open=appeal.is_open(utcnow()),
    )


@bp.get("/a/<slug>/letter/start/<token>")
def letter_link(slug: str, token: str) -> ResponseReturnValue:
    """From an e-mail: remember the supporter in this browser, then go to the letters."""
    appeal = _appeal(slug)
    signature = services.signature_from_token(db.session, Purpose.LETTER, token)
    if signature is None or signature.appeal_id != appeal.id:
        return render_template("signatures/link_invalid.html", message=str(INVALID_LINK)), 404
    remember(Supporter.of(signature))
    return redirect(url_for(".letters", slug=slug), 303)


@bp.get("/a/<slug>/letter")
def letters(slug: str) -> ResponseReturnValue:
    appeal = _appeal(slug)
    if closed := _closed_for_letters(appeal):
        return closed
    supporter = recall(appeal.id)
    if supporter is None:
        flash(str(SIGN_FIRST), "info")
        return redirect(url_for("appeals.show", slug=slug) + "#sign", 303)
    return render_template(
        "signatures/letters.html",
        appeal=appeal,
        content=_content(appeal),
        supporter=supporter,
        written=letters_written(db.session, supporter.signature_id),
        Channel=Channel,
    )


@bp.route("/a/<slug>/letter/<int:target_id>", methods=["GET", "POST"])
def letter(slug: str, target_id: int) -> ResponseReturnValue:
    appeal = _appeal(slug)
    if closed := _closed_for_letters(appeal):
        return closed
    target = views.appeal_target(appeal, target_id) or abort(404)
    supporter = recall(appeal.id)
    if supporter is None:
        flash(str(SIGN_FIRST), "info")
        return redirect(url_for("appeals.show", slug=slug) + "#sign", 303)
    form = LetterForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return views.letter_page(appeal, target, supporter, form, action=None), status
    action = form.action.data
    if action == "email":
        return _send_for_me(appeal, target, supporter, form)
    if action in ("mailto", "print", "pdf"):
        channel = Channel.MAILTO if action == "mailto" else Channel.POST
        commit_with_retry(
            db.session,
            lambda: views.record(db.session, appeal, target, supporter, form, channel),
        )
    if action == "pdf":
        return views.pdf_response(appeal, target, supporter, form)
    return views.letter_page(appeal, target, supporter, form, action=action)


@bp.post("/a/<slug>/letter/<int:target_id>/preview")
def letter_preview(slug: str, target_id: int) -> ResponseReturnValue:
    """The letter with the supporter's paragraph as they type it (JSON): the letter page
    keeps its text and its mail-app link in step, so Copy and the mail app agree."""
    appeal = _appeal(slug)
    if not appeal.is_open(utcnow()):
        abort(409)
    target = views.appeal_target(appeal, target_id) or abort(404)
    supporter = recall(appeal.id) or abort(403)
    form = LetterForm()
    if not form.validate_on_submit():
        return jsonify(errors=[str(e) for errors in form.errors.values() for e in errors]), 422
    return jsonify(views.letter_preview(appeal, target, supporter, form))


def _send_for_me(appeal, target, supporter, form) -> ResponseReturnValue:
    signature = (
        db.session.get(Signature, supporter.signature_id) if supporter.signature_id else None
    )
    try:
        queued = commit_with_retry(
            db.session,
            lambda: views.send_for_me(db.session, appeal, target, supporter, signature, form),
        )
    except NotConfirmed:
        # Worded as for an address that had signed before: a stranger cannot tell them apart.
        flash(str(OPEN_YOUR_EMAIL), "error")
        return views.letter_page(appeal, target, supporter, form, action=None), 409
    except LetterUnavailable:
        message = OPEN_YOUR_EMAIL if can_send_for_me(appeal, target) else CANNOT_SEND
        flash(str(message), "error")
        return views.letter_page(appeal, target, supporter, form, action=None), 409
    name = target.display_name
    if queued:
        flash(_("Your letter to %(name)s is on its way. Thank you.", name=name), "success")
    else:
        flash(_("Your letter to %(name)s was sent already.", name=name), "info")
    return redirect(url_for(".letters", slug=appeal.slug), 303)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: the mail app POSTs here; the signed token is the check
def unsubscribe(token: str) -> ResponseReturnValue:
    signature = services.signature_from_token(db.session, Purpose.UNSUBSCRIBE, token)
    if signature is None:
        return render_template("signatures/link_invalid.html", message=str(INVALID_LINK)), 404
    # Unsubscribing from the confirmation e-mail (mail apps offer it there): its link still
    # confirms, and the page must not say that the signature counts already.
    waiting = services.needs_confirmation(signature, signature.appeal)
    if request.method == "GET":
        return render_template("signatures/unsubscribe.html", done=False, waiting=waiting)
    commit_with_retry(db.session, lambda: privacy.unsubscribe(db.session, signature, now=utcnow()))
    return render_template("signatures/unsubscribe.html", done=True, waiting=waiting)


@bp.route("/delete-my-data/<token>", methods=["GET", "POST"])
@csrf.exempt  # the form checks a token bound to the link, not to a session (form_token)
def delete_data(token: str) -> ResponseReturnValue:
    signature = services.signature_from_token(db.session, Purpose.DELETE_DATA, token)
    if signature is None:
        return render_template("signatures/link_invalid.html", message=str(INVALID_LINK)), 404
    form = link_form(Purpose.DELETE_DATA.value, token)
    if not form.validate_on_submit():
        page = render_template("signatures/delete_data.html", form=form, done=False)
        return page, _refused_or_ok(form)
    appeal_ids = {each.appeal_id for each in privacy.signatures_of(db.session, signature)}
    commit_with_retry(
        db.session, lambda: privacy.delete_supporter_data(db.session, signature, now=utcnow())
    )
    forget(appeal_ids)
    return render_template("signatures/delete_data.html", form=form, done=True)


def _refused_or_ok(form: FlaskForm) -> int:
    """400 for a POST without the link page's token (another site's form): it did nothing,
    and the page comes back with its button to press."""
    return 400 if form.is_submitted() else 200


@bp.after_request
def no_store(response: Response) -> Response:
    """Pages that carry a person's name or a token are not cached or sent as Referer."""
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
