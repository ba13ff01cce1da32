"""The authorisation matrix: every route × {anonymous, supporter link holder, organiser,
staff, admin}, with the expected answer of each cell in one table. A route missing from
the table fails the test, so a new route is placed on purpose."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import Rule

from campaign.models import Role, TargetRole
from campaign.signatures.tokens import Purpose, signature_token
from tests.conftest import csrf_token, log_in
from tests.factories import (
    add_target,
    make_appeal,
    make_release,
    make_signature,
    make_target,
    make_user,
)

ACTORS = ("anonymous", "holder", "organiser", "staff", "admin")
OK, LOGIN, FORBIDDEN, AWAY, NOT_FOUND, NO_TOKEN = "ok", "login", "403", "away", "404", "401"


def row(anonymous: str, holder: str, organiser: str, staff: str, admin: str) -> dict[str, str]:
    return dict(zip(ACTORS, (anonymous, holder, organiser, staff, admin), strict=True))


# What each kind of route answers each actor:      anonymous  holder     organiser  staff      admin
KINDS = {
    "public": row(OK, OK, OK, OK, OK),
    # Pages of a supporter who signed in this browser; others go back to the appeal.
    "supporter": row(AWAY, OK, AWAY, AWAY, AWAY),
    # The letter as the supporter types (JSON, fetched by their letter page): refused to
    # anyone who did not sign in this browser.
    "supporter_json": row(FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # E-mailed links: only the link's holder gets in; a made-up link is not found.
    "link": row(NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "organiser": row(LOGIN, LOGIN, OK, FORBIDDEN, OK),
    "staff": row(LOGIN, LOGIN, FORBIDDEN, OK, OK),
    "admin": row(LOGIN, LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "api": row(NO_TOKEN, NO_TOKEN, NO_TOKEN, NO_TOKEN, NO_TOKEN),  # a token, never a session
    "embed": row(FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),  # listed sites only
    "logout": row(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),  # back to the login page
    # A GET of the sign address (a reload, a bookmark): to the form on the appeal's page.
    "to_form": row(AWAY, AWAY, AWAY, AWAY, AWAY),
}

# The thank-you page thanks whoever comes (a browser that kept no cookie signed too); it
# names the supporter and leads to the letters only for the one who signed in it.
PUBLIC = """static appeals.index appeals.show appeals.release counts.count_json auth.login
    ops.healthz ops.readyz api.entry_point api.openapi embeds.widget_data signatures.sign
    i18n.choose signatures.thanks"""
SUPPORTER = "signatures.letters signatures.letter"
LINK = "signatures.confirm signatures.letter_link signatures.unsubscribe signatures.delete_data"
ORGANISER = """organise.index organise.new organise.appeal organise.release organise.preview
    organise.add_target
    organise.create_target organise.remove_target organise.letter organise.letter_preview
    organise.reset_letter organise.publish organise.close organise.archive organise.clone
    organise.post_update organise.delete_update organise.embed organise.form_address
    organise.new_translation organise.translation
    organise.delete_translation targets.index targets.new targets.edit
    targets.deactivate targets.reactivate targets.export targets.import_csv"""
STAFF = """staff.index staff.appeal exports.index exports.signature_list exports.count_export
    exports.pack_pdf quality.flagged quality.decide quality.invalidate_preview
    quality.invalidate quality.restore quality.paper quality.delete_paper"""
ADMIN = """admin.api_tokens admin.revoke webhooks.index webhooks.deliveries webhooks.edit
    webhooks.switch
    webhooks.new_secret webhooks.remove
    users.index users.set_role users.deactivate users.activate"""
API = "api.petitions api.petition api.signatures api.record_signature"

ROUTES = {
    endpoint: kind
    for kind, names in [("public", PUBLIC), ("supporter", SUPPORTER), ("link", LINK),
                        ("organiser", ORGANISER), ("staff", STAFF), ("admin", ADMIN),
                        ("supporter_json", "signatures.letter_preview"),
                        ("api", API), ("embed", "embeds.sign"), ("logout", "auth.logout"),
                        ("to_form", "signatures.sign_form_page")]
    for endpoint in names.split()
}  # fmt: skip

PURPOSES = {
    "signatures.confirm": Purpose.CONFIRM,
    "signatures.letter_link": Purpose.LETTER,
    "signatures.unsubscribe": Purpose.UNSUBSCRIBE,
    "signatures.delete_data": Purpose.DELETE_DATA,
}


def test_every_route_has_a_row(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ROUTES) == set(), "add the new routes to the table"
    assert set(ROUTES) - endpoints == set(), "remove the routes that are gone"


@pytest.fixture
def world(session):
    appeal = make_appeal(session, release=make_release(session))
    target = make_target(session)
    add_target(session, appeal, target, TargetRole.PRIMARY)
    signature = make_signature(session, appeal, email="holder@example.org")
    session.commit()
    return {"appeal": appeal, "target": target, "signature": signature}


def outcome(response, slug: str) -> str:
    status, location = response.status_code, response.headers.get("Location", "")
    if status in (302, 303) and location.startswith("/auth/login"):
        return LOGIN
    if status in (302, 303) and location.split("#")[0] in (f"/a/{slug}", f"/a/{slug}/"):
        return AWAY
    if status == 422:  # the route took the request; its form wanted more
        return OK
    codes = {401: NO_TOKEN, 403: FORBIDDEN, 404: NOT_FOUND}
    return codes.get(status, OK if status < 400 else str(status))


def become(client, session, actor: str, world) -> None:
    if actor in ("organiser", "staff", "admin"):
        log_in(client, make_user(session, Role(actor)))
    elif actor == "holder":  # signs in this browser, as a supporter does
        slug = world["appeal"].slug
        form = {"csrf_token": csrf_token(client, f"/a/{slug}"), "name": "Holder",
                "email": "holder@example.org", "country": "GB"}  # fmt: skip
        client.post(f"/a/{slug}/sign", data=form)


def url(rule: Rule, world, actor: str) -> str:
    signature, token = world["signature"], "made-up"
    if actor == "holder" and rule.endpoint in PURPOSES:
        token = signature_token(PURPOSES[rule.endpoint], signature.id, signature.email_canonical)
    values = {"slug": world["appeal"].slug, "appeal_id": world["appeal"].id, "token": token,
              "target_id": world["target"].id, "filename": "style.css", "lang": "fr"}  # fmt: skip
    return rule.build({a: values.get(a, 1) for a in rule.arguments})[1]


@pytest.mark.parametrize("actor", ACTORS)
def test_each_cell_of_the_matrix(app, client, session, world, actor) -> None:
    become(client, session, actor, world)
    wrong = []
    # Pages first, then the POSTs that change things (closing the appeal, removing its
    # target), and logging out last: it would end the session the other rows need.
    order = lambda r: (r.endpoint == "auth.logout", "GET" not in r.methods)  # noqa: E731
    for rule in sorted(app.url_map.iter_rules(), key=order):
        expected = KINDS[ROUTES[rule.endpoint]][actor]
        path = url(rule, world, actor)
        if "GET" in rule.methods:
            response = client.get(path)
        else:
            response = client.post(path, data={"csrf_token": csrf_token(client, "/auth/login")})
        got = outcome(response, world["appeal"].slug)
        response.close()
        # Rows addressed by a made-up id (a target, a token) are allowed to be not found.
        if got != expected and not (expected == OK and got == NOT_FOUND and "<int:" in rule.rule):
            wrong.append(f"{rule.rule} [{actor}]: expected {expected}, got {got}")
    assert wrong == [], "\n".join(wrong)
