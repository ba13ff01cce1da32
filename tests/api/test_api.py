"""The JSON API: tokens and scopes, petitions, signatures, the record signature helper,
all checked against the OpenAPI document they claim to follow."""

from __future__ import annotations

from datetime import timedelta

import jsonschema
import pytest
from sqlalchemy import select

from campaign.api.openapi import openapi_document
from campaign.api.tokens import create_token, revoke_token
from campaign.models import ApiToken, AppealStatus, AuditEvent, Role, Scope, Signature, utcnow
from tests.conftest import csrf_token, log_in
from tests.factories import make_appeal, make_signature, make_user

ALL = list(Scope)


def token(session, *scopes: Scope) -> str:
    _, secret = create_token(session, "Section site", scopes or ALL, user=None, now=utcnow())
    session.flush()
    return secret


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def conforms(app, response, path: str, method: str = "get") -> None:
    """The response body matches the schema the OpenAPI document gives for it."""
    document = openapi_document(app.config["BASE_URL"])
    responses = document["paths"][path][method]["responses"]
    spec = responses[str(response.status_code)]
    schema = next(iter(spec["content"].values()))["schema"]
    resolver = {"$ref": schema["$ref"], "components": document["components"]}
    jsonschema.validate(response.get_json(), resolver)


def test_the_entry_point_and_the_description_are_public(client) -> None:
    entry = client.get("/api/v1/")
    assert entry.status_code == 200 and entry.mimetype == "application/hal+json"
    assert entry.get_json()["_links"]["osdi:petitions"]["href"].endswith("/api/v1/petitions")
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1") and "/petitions" in document["paths"]


@pytest.mark.parametrize(
    ("path", "method"),
    [("/api/v1/petitions", "get"), ("/api/v1/petitions/x", "get"),
     ("/api/v1/petitions/x/signatures", "get"), ("/api/v1/petitions/x/signatures", "post")],
)  # fmt: skip
def test_without_a_valid_token_the_api_answers_401(client, session, path, method) -> None:
    for headers in [{}, auth("cmp_not-a-token"), {"Authorization": "Basic abc"}]:
        response = client.open(path, method=method, headers=headers, json={})
        assert response.status_code == 401
        assert response.get_json()["error"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith('Bearer realm="api"')


def test_a_token_without_the_scope_is_refused_with_403(client, session) -> None:
    appeal = make_appeal(session)
    secret = token(session, Scope.READ_COUNTS)
    response = client.get(f"/api/v1/petitions/{appeal.slug}/signatures", headers=auth(secret))
    assert response.status_code == 403
    assert "signatures:read" in response.get_json()["message"]


def test_a_revoked_token_stops_working(client, session) -> None:
    secret = token(session)
    stored = session.scalars(select(ApiToken)).one()
    assert client.get("/api/v1/petitions", headers=auth(secret)).status_code == 200
    revoke_token(session, stored, user=None, now=utcnow())
    session.flush()
    assert client.get("/api/v1/petitions", headers=auth(secret)).status_code == 401


def test_tokens_are_stored_hashed(session) -> None:
    secret = token(session)
    stored = session.scalars(select(ApiToken)).one()
    assert secret not in (stored.token_hash, stored.prefix)
    assert len(stored.token_hash) == 64 and secret.startswith(stored.prefix)


def test_petitions_list_live_appeals_with_their_totals(app, client, session) -> None:
    live = make_appeal(session, title="Free Dara", demands=("Release Dara", "Drop the charges"))
    live.signature_count, live.counted_at = 42, utcnow()  # counted just now: fresh
    make_appeal(session, AppealStatus.DRAFT)
    # Live, but past its deadline: no longer taking signatures, though not yet closed.
    make_appeal(session, deadline=utcnow() - timedelta(hours=1))
    response = client.get("/api/v1/petitions", headers=auth(token(session)))
    assert response.status_code == 200
    conforms(app, response, "/petitions")
    [petition] = response.get_json()["_embedded"]["osdi:petitions"]
    assert petition["title"] == "Free Dara" and petition["total_signatures"] == 42
    assert petition["petition_text"] == "- Release Dara\n- Drop the charges"
    assert petition["browser_url"] == f"http://localhost/a/{live.slug}"
    one = client.get(f"/api/v1/petitions/{live.slug}", headers=auth(token(session)))
    conforms(app, one, "/petitions/{slug}")


def test_signatures_are_paginated_and_only_counted_ones_are_shown(app, client, session) -> None:
    appeal = make_appeal(session)
    for n in range(5):
        make_signature(session, appeal, name=f"Ana Ruiz {n}", email=f"ana{n}@example.org")
    make_signature(session, appeal, confirmed=False, email="pending@example.org")
    secret = token(session)
    first = client.get(
        f"/api/v1/petitions/{appeal.slug}/signatures?per_page=2", headers=auth(secret)
    )
    conforms(app, first, "/petitions/{slug}/signatures")
    body = first.get_json()
    assert (body["total_records"], body["total_pages"]) == (5, 3)
    people = [s["person"] for s in body["_embedded"]["osdi:signatures"]]
    assert people[0]["given_name"] == "Ana Ruiz" and people[0]["family_name"] == "0"
    assert "next" in body["_links"] and "prev" not in body["_links"]
    last = client.get(body["_links"]["next"]["href"].replace("http://localhost", "") + "&page=3",
                      headers=auth(secret)).get_json()  # fmt: skip
    emails = [
        s["person"]["email_addresses"][0]["address"] for s in last["_embedded"]["osdi:signatures"]
    ]
    assert "pending@example.org" not in emails


def person(email: str = "kofi@example.org", country: str = "GH") -> dict:
    return {"person": {"given_name": "Kofi", "family_name": "Mensah",
                       "email_addresses": [{"address": email}],
                       "postal_addresses": [{"country": country, "postal_code": "GA-123"}]},
            "consent_to_contact": True, "consent_text": "Keep me posted"}  # fmt: skip


def test_the_record_signature_helper_signs_once(app, client, session) -> None:
    appeal = make_appeal(session)
    secret = token(session, Scope.RECORD_SIGNATURES, Scope.READ_SIGNATURES)
    path = f"/api/v1/petitions/{appeal.slug}/signatures"
    first = client.post(path, json=person(), headers=auth(secret))
    assert first.status_code == 201
    conforms(app, first, "/petitions/{slug}/signatures", "post")
    again = client.post(path, json=person(email="KOFI@example.org"), headers=auth(secret))
    assert again.status_code == 200
    [signature] = session.scalars(select(Signature).where(Signature.appeal_id == appeal.id)).all()
    assert (signature.name, signature.country, signature.postcode) == (
        "Kofi Mensah",
        "GH",
        "GA-123",
    )
    assert signature.consent and signature.consent_text == "Keep me posted"
    assert signature.source == "api:Section site"
    audited = session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("api.%"))
    ).all()
    assert audited.count("api.record_signature") == 2


def test_without_the_read_scope_recording_never_shows_who_had_signed(app, client, session) -> None:
    appeal = make_appeal(session)
    make_signature(session, appeal, name="Sophea Chan", email="sophea@example.org",
                   country="KH", postcode="12000", city="Phnom Penh")  # fmt: skip
    secret = token(session, Scope.RECORD_SIGNATURES)
    path = f"/api/v1/petitions/{appeal.slug}/signatures"
    again = client.post(path, json=person(email="sophea@example.org"), headers=auth(secret))
    new = client.post(path, json=person(email="ama@example.org"), headers=auth(secret))
    assert again.status_code == new.status_code == 202
    conforms(app, again, "/petitions/{slug}/signatures", "post")
    shown = again.get_json()
    text = again.get_data(as_text=True)
    assert "Sophea" not in text and "Phnom Penh" not in text and "12000" not in text
    assert shown["person"]["given_name"] == "Kofi"
    assert shown["person"]["postal_addresses"] == [{"country": "GH", "postal_code": "GA-123"}]
    assert "created_date" not in shown and "identifiers" not in shown
    assert sorted(shown) == sorted(new.get_json())
    stored = session.scalars(select(Signature.name).where(Signature.appeal_id == appeal.id))
    assert sorted(stored) == ["Kofi Mensah", "Sophea Chan"]


@pytest.mark.parametrize("sent", [{}, {"consent_text": "Keep me posted"}])
def test_a_signature_without_consent_stores_no_consent_text(client, session, sent) -> None:
    appeal = make_appeal(session)
    body = person() | {"consent_to_contact": False}
    del body["consent_text"]
    body |= sent
    response = client.post(f"/api/v1/petitions/{appeal.slug}/signatures", json=body,
                           headers=auth(token(session)))  # fmt: skip
    assert response.status_code == 201
    signature = session.scalars(select(Signature)).one()
    assert signature.consent is False and signature.consent_text is None


def test_consent_without_words_stores_the_default_text(client, session) -> None:
    appeal = make_appeal(session)
    body = person()
    del body["consent_text"]
    client.post(f"/api/v1/petitions/{appeal.slug}/signatures", json=body,
                headers=auth(token(session)))  # fmt: skip
    signature = session.scalars(select(Signature)).one()
    assert signature.consent is True
    assert signature.consent_text == "Consent given on the organisation's own site (API)."


@pytest.mark.parametrize(
    ("body", "field"),
    [(person(email="not an address"), "email"), (person(country="XX"), "country"),
     ({"person": {"email_addresses": [{"address": "a@example.org"}]}}, "name"),
     ({"person": "Kofi"}, "name")],
)  # fmt: skip
def test_a_bad_person_is_refused_with_the_field_named(client, session, body, field) -> None:
    appeal = make_appeal(session)
    response = client.post(f"/api/v1/petitions/{appeal.slug}/signatures", json=body,
                           headers=auth(token(session)))  # fmt: skip
    assert response.status_code == 422
    assert field in response.get_json()["fields"]
    assert session.scalars(select(Signature)).all() == []


def test_a_closed_appeal_refuses_api_signatures(client, session) -> None:
    appeal = make_appeal(session, AppealStatus.CLOSED)
    response = client.post(f"/api/v1/petitions/{appeal.slug}/signatures", json=person(),
                           headers=auth(token(session)))  # fmt: skip
    assert response.status_code == 409


def test_not_json_is_a_400(client, session) -> None:
    appeal = make_appeal(session)
    response = client.post(f"/api/v1/petitions/{appeal.slug}/signatures", data="name=x",
                           headers=auth(token(session)))  # fmt: skip
    assert response.status_code == 400


def test_calls_are_rate_limited_per_token(app, client, session, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    secret = token(session)
    answers = [client.get("/api/v1/petitions", headers=auth(secret)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get("/api/v1/petitions", headers=auth(token(session))).status_code == 200


def test_past_the_limit_the_answer_says_when_to_try_again(app, client, session) -> None:
    secret = token(session)
    for _ in range(600):
        client.get("/api/v1/", headers=auth(secret))
    response = client.get("/api/v1/", headers=auth(secret))
    assert response.status_code == 429
    conforms(app, response, "/")
    wait = int(response.headers["Retry-After"])
    assert 1 <= wait <= 60
    assert response.get_json() == {
        "error": "too_many_requests",
        "message": "Too many requests for this token: at most 600 per minute. "
        f"Try again in {wait} second{'' if wait == 1 else 's'}.",
    }


def test_admins_create_a_token_shown_once_and_revoke_it(client, session) -> None:
    log_in(client, make_user(session, Role.ADMIN))
    page = client.post("/admin/tokens", data={
        "csrf_token": csrf_token(client, "/admin/tokens"), "name": "CRM sync",
        "scopes": ["signatures:read"]})  # fmt: skip
    html = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    secret = html.split('id="new-token" class="field__input" value="')[1].split('"')[0]
    assert client.get("/api/v1/petitions", headers=auth(secret)).status_code == 403
    assert secret not in client.get("/admin/tokens").get_data(as_text=True)
    stored = session.scalars(select(ApiToken)).one()
    client.post(
        f"/admin/tokens/{stored.id}/revoke",
        data={"csrf_token": csrf_token(client, "/admin/tokens")},
    )
    assert session.get(ApiToken, stored.id).revoked_at is not None


def test_only_admins_manage_tokens(client, session) -> None:
    log_in(client, make_user(session, Role.STAFF))
    assert client.get("/admin/tokens").status_code == 403


def test_tokens_from_the_shell(runner, session) -> None:
    created = runner.invoke(
        args=["campaign", "api-token", "create", "CRM", "--scope", "counts:read"]
    )
    assert created.exit_code == 0, created.output
    secret = created.output.strip().splitlines()[-1]
    assert secret.startswith("cmp_")
    listed = runner.invoke(args=["campaign", "api-token", "list"]).output
    assert "CRM" in listed and secret not in listed
    token_id = session.scalars(select(ApiToken.id)).one()
    assert runner.invoke(args=["campaign", "api-token", "revoke", str(token_id)]).exit_code == 0
    assert session.get(ApiToken, token_id).revoked_at is not None


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page=99999999999999999999", "per_page=0"])
def test_paging_outside_the_documented_range_is_a_400(app, client, session, query) -> None:
    response = client.get(f"/api/v1/petitions?{query}", headers=auth(token(session)))
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"
    conforms(app, response, "/petitions")


@pytest.mark.parametrize(("page", "prev"), [(99, 2), (3, 2), (2, 1), (1, None)])
def test_paging_links_stay_within_the_pages_there_are(app, client, session, page, prev) -> None:
    for _ in range(3):
        make_appeal(session)
    response = client.get(f"/api/v1/petitions?page={page}&per_page=2", headers=auth(token(session)))
    body = response.get_json()
    assert response.status_code == 200 and body["total_pages"] == 2
    links = body["_links"]
    assert "next" in links if page == 1 else "next" not in links
    if prev is None:
        assert "prev" not in links
    else:
        assert links["prev"]["href"].endswith(f"/api/v1/petitions?page={prev}&per_page=2")


def test_json_nested_too_deep_to_read_is_a_400(app, client, session) -> None:
    appeal = make_appeal(session)
    deep = "[" * 100_000 + "]" * 100_000  # 200 kB: under the body limit
    path = f"/api/v1/petitions/{appeal.slug}/signatures"
    headers = auth(token(session)) | {"Content-Type": "application/json"}
    response = client.post(path, data=deep, headers=headers)
    assert response.status_code == 400
    conforms(app, response, "/petitions/{slug}/signatures", "post")
    assert session.scalars(select(Signature)).all() == []


def _with(body: dict, path: tuple, value: object) -> dict:
    """`body` with the value at `path` (keys and list indexes) replaced."""
    *parents, last = path
    place = body
    for key in parents:
        place = place[key]
    place[last] = value
    return body


@pytest.mark.parametrize(
    ("path", "field"),
    [(("person", "given_name"), "person.given_name"),
     (("person", "family_name"), "person.family_name"),
     (("person", "email_addresses", 0, "address"), "person.email_addresses[0].address"),
     (("person", "postal_addresses", 0, "country"), "person.postal_addresses[0].country"),
     (("person", "postal_addresses", 0, "postal_code"), "person.postal_addresses[0].postal_code"),
     (("consent_text",), "consent_text")],
)  # fmt: skip
@pytest.mark.parametrize("value", [{"a": 1}, ["x"], 12, True])
def test_a_field_that_is_not_a_string_is_a_400_naming_it(
    app, client, session, path, field, value
) -> None:
    appeal = make_appeal(session)
    body = _with(person(), path, value)
    response = client.post(f"/api/v1/petitions/{appeal.slug}/signatures", json=body,
                           headers=auth(token(session)))  # fmt: skip
    assert response.status_code == 400
    assert field in response.get_json()["message"]
    conforms(app, response, "/petitions/{slug}/signatures", "post")
    assert session.scalars(select(Signature)).all() == []


def test_made_up_tokens_are_limited_by_address(app, client, session, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    answers = [
        client.get("/api/v1/petitions", headers=auth(f"cmp_made-up-{n}")).status_code
        for n in range(4)
    ]
    assert answers == [401, 401, 401, 429]
    # A real token has a limit of its own, whoever else calls from the same address.
    assert client.get("/api/v1/petitions", headers=auth(token(session))).status_code == 200


@pytest.mark.parametrize("value", ["true", "false", 1, 0, ["yes"]])
def test_consent_that_is_not_a_boolean_is_a_400_not_taken_as_no(
    app, client, session, value
) -> None:
    appeal = make_appeal(session)
    body = person() | {"consent_to_contact": value}
    response = client.post(f"/api/v1/petitions/{appeal.slug}/signatures", json=body,
                           headers=auth(token(session)))  # fmt: skip
    assert response.status_code == 400
    assert response.get_json()["message"] == "consent_to_contact must be true or false."
    conforms(app, response, "/petitions/{slug}/signatures", "post")
    assert session.scalars(select(Signature)).all() == []


def test_the_entry_point_is_described(app, client) -> None:
    response = client.get("/api/v1/")
    conforms(app, response, "/")
    document = openapi_document(app.config["BASE_URL"])
    assert document["paths"]["/"]["get"]["security"] == []


def test_a_method_a_path_does_not_take_is_a_described_405_naming_those_it_does(
    app, client, session
) -> None:
    response = client.delete("/api/v1/petitions", headers=auth(token(session)))
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET"}
    conforms(app, response, "/petitions")


def test_a_body_too_large_is_a_described_413_and_stores_nothing(
    app, client, session, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    appeal = make_appeal(session)
    body = person() | {"consent_text": "x" * 2000}
    response = client.post(f"/api/v1/petitions/{appeal.slug}/signatures", json=body,
                           headers=auth(token(session)))  # fmt: skip
    assert response.status_code == 413
    conforms(app, response, "/petitions/{slug}/signatures", "post")
    assert session.scalars(select(Signature)).all() == []


def test_a_person_with_one_name_signs_as_the_description_allows(app, client, session) -> None:
    appeal = make_appeal(session)
    body = person()
    del body["person"]["family_name"]
    document = openapi_document(app.config["BASE_URL"])
    request_schema = {"$ref": "#/components/schemas/RecordSignature"}
    jsonschema.validate(body, request_schema | {"components": document["components"]})
    response = client.post(f"/api/v1/petitions/{appeal.slug}/signatures", json=body,
                           headers=auth(token(session)))  # fmt: skip
    assert response.status_code == 201
    conforms(app, response, "/petitions/{slug}/signatures", "post")
    assert session.scalars(select(Signature)).one().name == "Kofi"
