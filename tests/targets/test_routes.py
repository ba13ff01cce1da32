"""The directory pages: list, search, create, edit, deactivate, import and export."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from campaign.models import AuditEvent, Role, Target, TargetRole
from campaign.targets.services import PER_PAGE
from tests.conftest import csrf_token, log_in
from tests.factories import add_target, make_appeal, make_target, make_user

BASE = "/organise/targets/"


def organiser(client, session):
    user = make_user(session, Role.ORGANISER)
    log_in(client, user)
    return user


def events(session, action: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(session.scalars(query))


def form_data(client, path: str, **fields: str) -> dict[str, str]:
    data = {
        "csrf_token": csrf_token(client, path),
        "name": "Koeut Rith",
        "title": "Minister of Justice",
        "organisation": "Ministry of Justice",
        "country": "KH",
        "postal_address": "No 14, Sothearos Blvd\nPhnom Penh",
        "email": "justice@example.org",
        "salutation": "Your Excellency",
        "languages": "km, en",
        "notes": "Verified by phone",
        "last_verified_on": "2026-01-31",
    }
    return data | fields


def test_the_list_searches_filters_and_counts_appeals(client, session) -> None:
    organiser(client, session)
    pm = make_target(session, name="Hun Manet", title="Prime Minister", country="KH")
    make_target(session, name="Prayut", title="Prime Minister", country="TH")
    make_target(session, name="Sar Kheng", title="Deputy", email="kheng@interior.example")
    make_target(session, name="Gone", title="Prime Minister", active=False)
    add_target(session, make_appeal(session), pm, TargetRole.PRIMARY)
    add_target(session, make_appeal(session), pm, TargetRole.COPY)

    html = client.get(BASE).get_data(as_text=True)
    assert "Hun Manet" in html and "Prayut" in html and "Gone" not in html
    assert "3 officials" in html
    html = client.get(BASE + "?q=prime+MIN&country=KH").get_data(as_text=True)
    assert "Hun Manet" in html and "Prayut" not in html and "1 official " in html
    assert '<td class="num">2</td>' in html  # two appeals address the prime minister
    html = client.get(BASE + "?q=interior.example").get_data(as_text=True)
    assert "Sar Kheng" in html and "Hun Manet" not in html
    html = client.get(BASE + "?q=prime&inactive=1").get_data(as_text=True)
    assert "Gone" in html and "deactivated" in html
    unknown = client.get(BASE + "?country=ZZZ&page=-4")
    assert unknown.status_code == 200 and "Prayut" in unknown.get_data(as_text=True)


def test_search_treats_wildcards_and_quotes_as_text(client, session) -> None:
    organiser(client, session)
    make_target(session, name="100% Official")
    make_target(session, name="Another")
    html = client.get(BASE + "?q=%25").get_data(as_text=True)
    assert "100% Official" in html and "Another" not in html
    html = client.get(BASE + "?q=_").get_data(as_text=True)
    assert "No officials match this search" in html
    response = client.get(BASE + "?q=' OR 1=1 --")
    assert response.status_code == 200 and "Another" not in response.get_data(as_text=True)


def test_the_list_is_paginated(client, session) -> None:
    organiser(client, session)
    for n in range(PER_PAGE + 3):
        make_target(session, name=f"Page Official {n:03d}")
    first = client.get(BASE).get_data(as_text=True)
    assert "Page Official 000" in first and f"Page Official {PER_PAGE:03d}" not in first
    assert "page 1 of 2" in first and 'rel="next"' in first
    second = client.get(BASE + "?page=2").get_data(as_text=True)
    assert f"Page Official {PER_PAGE:03d}" in second and "Page Official 000" not in second
    assert "page=1" in second  # the previous link
    assert "Page Official 052" in client.get(BASE + "?page=99").get_data(as_text=True)


def test_creating_a_target(client, session) -> None:
    user = organiser(client, session)
    response = client.post(BASE + "new", data=form_data(client, BASE + "new"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/organise/targets/?q=Koeut+Rith"
    target = session.scalar(select(Target).where(Target.name == "Koeut Rith"))
    assert target.country == "KH" and target.languages == ["km", "en"]
    assert target.postal_address == "No 14, Sothearos Blvd\nPhnom Penh"
    assert target.last_verified_on.isoformat() == "2026-01-31" and target.active
    (event,) = events(session, "target.create")
    assert event.user_id == user.id and event.details["target_id"] == target.id
    assert "email" in event.details["fields"] and "justice@" not in str(event.details)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Added Koeut Rith to the directory." in html


def test_nul_characters_in_a_target_are_dropped(client, session) -> None:
    organiser(client, session)
    data = form_data(client, BASE + "new") | {"name": "Koeut\x00 Rith", "notes": "x\x00y"}
    assert client.post(BASE + "new", data=data).status_code == 302
    target = session.scalar(select(Target))
    assert (target.name, target.notes) == ("Koeut Rith", "xy")


def test_creating_shows_each_validation_error(client, session) -> None:
    organiser(client, session)
    bad = form_data(
        client,
        BASE + "new",
        name=" ",
        country="XX",
        email="not an address",
        languages="km, klingon!",
        last_verified_on="31/01/2026",
    )
    response = client.post(BASE + "new", data=bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing was saved: check the fields marked below." in html
    assert "Enter the official&#39;s name." in html
    assert "Choose a country from the list." in html
    assert "Enter an e-mail address such as name@example.org." in html
    assert "is not a language code" in html
    assert "Not a valid date value." in html
    assert session.scalar(select(func.count()).select_from(Target)) == 0
    assert events(session, "target.create") == []


def test_an_email_already_in_the_directory_is_refused(client, session) -> None:
    organiser(client, session)
    make_target(session, name="First", email="justice@example.org")
    response = client.post(
        BASE + "new", data=form_data(client, BASE + "new", email="JUSTICE@example.org")
    )
    assert response.status_code == 200
    assert "First has this e-mail address already." in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Target)) == 1


def test_a_post_without_csrf_token_is_refused(client, session) -> None:
    organiser(client, session)
    data = form_data(client, BASE + "new")
    del data["csrf_token"]
    response = client.post(BASE + "new", data=data)
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Target)) == 0


def test_editing_a_target_records_the_changed_fields(client, session) -> None:
    user = organiser(client, session)
    target = make_target(session, name="Koeut Rith", email="justice@example.org")
    path = f"{BASE}{target.id}/edit"
    page = client.get(path).get_data(as_text=True)
    assert 'value="Koeut Rith"' in page and 'value="en"' in page
    assert '<option selected value="KH">' in page
    response = client.post(path, data=form_data(client, path, title="Former Minister"))
    assert response.status_code == 302 and response.headers["Location"] == path
    assert target.title == "Former Minister"
    (event,) = events(session, "target.update")
    assert event.user_id == user.id
    assert event.details == {
        "target_id": target.id,
        "name": "Koeut Rith",
        "fields": [
            "title",
            "postal_address",
            "languages",
            "notes",
            "last_verified_on",
        ],
    }
    assert "Saved Koeut Rith." in client.get(path).get_data(as_text=True)
    again = client.post(path, data=form_data(client, path, title="Former Minister"))
    assert "Nothing changed" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert len(events(session, "target.update")) == 1


def test_fields_missing_from_an_edit_are_kept(client, session) -> None:
    organiser(client, session)
    target = make_target(session, name="Koeut Rith", languages=["km", "en"], country="KH")
    path = f"{BASE}{target.id}/edit"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "name": "K. Rith"})
    assert response.status_code == 302 and response.headers["Location"] == path
    assert (target.name, target.languages, target.country) == ("K. Rith", ["km", "en"], "KH")
    (event,) = events(session, "target.update")
    assert event.details["fields"] == ["name"]


def test_editing_an_unknown_target_is_404(client, session) -> None:
    organiser(client, session)
    assert client.get(f"{BASE}999999/edit").status_code == 404


def test_deactivating_and_reactivating(client, session) -> None:
    organiser(client, session)
    target = make_target(session, name="Hun Manet")
    appeal = make_appeal(session)
    add_target(session, appeal, target, TargetRole.PRIMARY)
    path = f"{BASE}{target.id}/edit"
    response = client.post(
        f"{BASE}{target.id}/deactivate", data={"csrf_token": csrf_token(client, path)}
    )
    assert response.status_code == 302 and response.headers["Location"] == path
    assert target.active is False
    assert [t.target for t in appeal.appeal_targets] == [target]  # kept on the appeal
    html = client.get(path).get_data(as_text=True)
    assert "Hun Manet is deactivated: kept on appeals, no longer suggested." in html
    assert "addressed by 1 appeal:" in html and appeal.title in html
    assert "Reactivate Hun Manet" in html
    client.post(f"{BASE}{target.id}/reactivate", data={"csrf_token": csrf_token(client, path)})
    assert target.active is True
    actions = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["target.deactivate", "target.reactivate"]


def test_deactivating_without_a_token_changes_nothing(client, session) -> None:
    organiser(client, session)
    target = make_target(session)
    response = client.post(f"{BASE}{target.id}/deactivate")
    assert response.status_code == 400
    assert target.active is True and events(session, "target.deactivate") == []


def test_exporting_downloads_the_filtered_csv(client, session) -> None:
    user = organiser(client, session)
    make_target(session, name="=cmd", country="KH")
    make_target(session, name="Prayut", country="TH")
    response = client.get(BASE + "export.csv?country=KH")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="targets-')
    text = response.get_data(as_text=True)
    assert text.startswith("name,title,organisation,country,")
    assert "'=cmd" in text and "Prayut" not in text
    (event,) = events(session, "target.export")
    assert event.user_id == user.id and event.details["rows"] == 1
    assert event.details["country"] == "KH"


def upload(client, data: bytes, name: str = "targets.csv"):
    token = csrf_token(client, BASE + "import")
    return client.post(
        BASE + "import",
        data={"csrf_token": token, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_importing_a_file(client, session) -> None:
    organiser(client, session)
    make_target(session, name="Old", email="pm@example.org")
    response = upload(client, b"name,email,country\nHun Manet,pm@example.org,KH\nNew,,KH\n")
    assert response.status_code == 302 and response.headers["Location"] == BASE
    html = client.get(BASE).get_data(as_text=True)
    assert "Imported the directory: 1 added, 1 updated." in html
    names = session.scalars(select(Target.name).order_by(Target.name)).all()
    assert names == ["Hun Manet", "New"]
    assert len(events(session, "target.import")) == 1


def test_a_bad_import_lists_the_lines_and_imports_nothing(client, session) -> None:
    organiser(client, session)
    response = upload(client, b"name,country\nGood,KH\n,KH\nBad,XX\n")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing was imported: 2 problems to fix first." in html
    assert "Line 3: name: Name is required." in html
    assert "Line 4: country: “XX” is not a country code" in html
    assert session.scalar(select(func.count()).select_from(Target)) == 0
    assert events(session, "target.import") == []


def test_a_non_utf8_upload_gets_a_message_not_an_error_page(client, session) -> None:
    organiser(client, session)
    response = upload(client, "name\nSérgio\n".encode("cp1252"))
    assert response.status_code == 200
    assert "The file is not UTF-8 text." in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Target)) == 0


def test_an_import_without_a_file_asks_for_one(client, session) -> None:
    organiser(client, session)
    response = client.post(BASE + "import", data={"csrf_token": csrf_token(client, BASE)})
    assert response.status_code == 200
    assert "Choose a CSV file to import." in response.get_data(as_text=True)


def test_an_oversized_upload_is_refused(app, client, session, monkeypatch) -> None:
    organiser(client, session)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    response = upload(client, b"name\n" + b"x\n" * 2000)
    assert response.status_code == 413
    assert session.scalar(select(func.count()).select_from(Target)) == 0


def test_staff_may_not_use_the_directory(client, session) -> None:
    log_in(client, make_user(session, Role.STAFF))
    assert client.get(BASE).status_code == 403


def test_admins_may_use_the_directory(client, session) -> None:
    log_in(client, make_user(session, Role.ADMIN))
    assert "Directory of officials" in client.get(BASE).get_data(as_text=True)


def test_organisers_find_the_directory_from_the_menu_and_their_page(client, session) -> None:
    organiser(client, session)
    html = client.get("/organise/").get_data(as_text=True)
    assert html.count('href="/organise/targets/"') == 2  # the main menu and the page's link
