"""The organiser, staff and admin pages in French and Spanish: their text, plurals, numbers
and dates follow the language chosen with the switcher; the command line stays English."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from campaign.counting import recount_appeal
from campaign.demo import seed_text
from campaign.letters.context import VARIABLES
from campaign.models import (
    Appeal,
    AppealStatus,
    Channel,
    DeliveryStatus,
    Flag,
    Outcome,
    PaperCount,
    Role,
    TargetRole,
    utcnow,
)
from campaign.organise.labels import LABELS
from campaign.organise.letters import VARIABLE_HELP
from campaign.targets import csv_io
from campaign.targets.csv_io import ImportRejected
from campaign.templating import long_date, number
from tests.conftest import csrf_token, log_in
from tests.factories import make_appeal, make_signature, make_user

NNBSP = "\u202f"  # the narrow no-break space French puts between thousands
NBSP = "\u00a0"


def speaking(client, session, role: Role, lang: str):
    """A signed-in account whose browser chose `lang` with the switcher."""
    user = make_user(session, role)
    log_in(client, user)
    response = client.get(f"/language/{lang}?next=/organise/")
    assert response.status_code == 302 and f"lang={lang}" in response.headers["Set-Cookie"]
    return user


def text(response) -> str:
    assert response.status_code in (200, 400, 422), response.status_code
    return response.get_data(as_text=True)


def test_an_organiser_works_in_french_from_the_list_to_the_review(client, session) -> None:
    speaking(client, session, Role.ORGANISER, "fr")
    token = csrf_token(client, "/organise/new")
    new = text(client.get("/organise/new"))
    assert '<html lang="fr">' in new and "Nouvel appel à partir d’un communiqué" in new
    response = client.post("/organise/new", data={"csrf_token": token, "text": seed_text()})
    assert response.status_code == 302
    draft = session.scalars(select(Appeal)).one()

    # The review screen: the flash, the highlights, the form and what stops publishing.
    review = text(client.get(response.headers["Location"]))
    assert "Brouillon créé. Vérifiez chaque champ par rapport au communiqué" in review
    assert f"En surbrillance{NBSP}:" in review and "Enregistrer le brouillon" in review
    assert '<label class="field__label" for="deadline">Agir avant le</label>' in review
    assert "Ajoutez un·e destinataire principal·e joignable par e-mail ou par courrier." in review
    assert '<span class="badge badge--draft">brouillon</span>' in review
    assert "0 signature\n" in review  # French counts zero in the singular
    assert "Save the draft" not in review and "Before it can go live" not in review

    # The list, with the statuses and dates in French.
    live = make_appeal(session, title="Libérez Dara", signature_count=1234)
    listing = text(client.get("/organise/"))
    assert '<caption class="visually-hidden">Appels</caption>' in listing
    assert ">Brouillon</a>" in listing and ">En ligne</a>" in listing
    assert f"<td>{long_date(live.deadline, 'fr')}</td>" in listing
    assert f'<td class="num">1{NNBSP}234</td>' in listing
    assert f'href="/organise/appeals/{draft.id}"' in listing

    # A live appeal's page: its count in a sentence, its dates, the next step.
    page = text(client.get(f"/organise/appeals/{live.id}"))
    assert f"1{NNBSP}234 signatures" in page
    published, deadline = long_date(live.published_at, "fr"), long_date(live.deadline, "fr")
    assert f"En ligne depuis le {published}{NNBSP}; agir avant le {deadline}." in page
    assert "novembre" in published or "décembre" in published or published[-4:].isdigit()
    assert "Clore avec un résultat" in page and "Close with an outcome" not in page


def test_staff_read_the_counts_and_the_figures_in_french(client, session) -> None:
    speaking(client, session, Role.STAFF, "fr")
    now = utcnow()
    appeal = make_appeal(session, title="Libérez Dara", signature_goal=5000)
    for days_ago, country in ((0, "KH"), (2, "FR")):
        make_signature(
            session, appeal, country=country, confirmed_at=now - timedelta(days=days_ago)
        )
    make_signature(session, appeal, confirmed=False)
    session.add(PaperCount(appeal=appeal, country="KH", count=1234))
    session.flush()
    recount_appeal(session, appeal, now=now)

    counted = appeal.signature_count  # the online ones counted so far and 1 234 on paper
    assert counted > 1234

    staff = text(client.get("/staff/"))
    assert "<h1>Signatures par appel</h1>" in staff
    assert f'<td class="num">{number(counted, "fr")}</td>' in staff
    assert NNBSP in number(counted, "fr")
    assert "Signatures comptées, 7 derniers jours" in staff and "Letters sent" not in staff

    stats = text(client.get(f"/staff/appeals/{appeal.slug}"))
    assert f"Chiffres au {long_date(now, 'fr')}, {now:%H:%M} UTC." in stats
    assert f"comptées (dont 1{NNBSP}234 sur papier)" in stats
    assert f"66,7{NBSP}%" in stats  # 2 of 3 confirmed
    assert f"<td>{long_date((now - timedelta(days=2)).date(), 'fr')}</td>" in stats
    assert "<title>Signatures comptées par jour pour Libérez Dara</title>" in stats
    assert ">Asie</text>" in stats and ">Europe</text>" in stats  # region names on the chart
    assert "<td>Cambodge</td>" in stats
    # The forecast: a rate with a decimal comma and a date in French.
    assert re.search(r"objectif — à \d+,\d par jour, atteint vers le \d{1,2} \w+ \d{4}", stats)


def test_a_count_in_a_staff_message_takes_the_french_plural(client, session) -> None:
    speaking(client, session, Role.STAFF, "fr")
    appeal = make_appeal(session)
    path = f"/staff/quality/appeals/{appeal.slug}/paper"
    for count, message in (
        ("1", "1 signature papier ajoutée."),
        ("2", "2 signatures papier ajoutées."),
    ):
        client.post(
            path, data={"csrf_token": csrf_token(client, path), "country": "KH", "count": count}
        )
        assert message in text(client.get(path))


def test_an_organiser_form_refuses_in_spanish(client, session) -> None:
    speaking(client, session, Role.ORGANISER, "es")
    appeal = make_appeal(session, AppealStatus.DRAFT)
    url = f"/organise/appeals/{appeal.id}"
    token = csrf_token(client, url)
    data = {"csrf_token": token, "title": "", "slug": appeal.slug, "language": "en"}
    response = client.post(url, data=data | {"signature_goal": "0"})
    page = text(response)
    assert response.status_code == 400 and '<html lang="es">' in page
    assert "Ponle un título al llamamiento." in page
    assert "El objetivo es un número a partir de 1." in page
    assert session.get(Appeal, appeal.id).title == appeal.title  # nothing saved

    # A message of WTForms' own, after the field's label, as a flash on the review page
    # shown again with the update form as it was sent.
    response = client.post(f"{url}/updates", data={"csrf_token": token, "title": ""})
    assert response.status_code == 422
    assert "Titular: Este campo es obligatorio." in text(response)


def test_a_refused_directory_import_is_explained_in_french(client, session) -> None:
    speaking(client, session, Role.ORGANISER, "fr")
    token = csrf_token(client, "/organise/targets/import")
    response = client.post(
        "/organise/targets/import",
        data={
            "csrf_token": token,
            "file": (io.BytesIO(b"name,country\nBon,KH\nMauvais,XX\n"), "t.csv"),
        },
        content_type="multipart/form-data",
    )
    page = text(response)
    assert "Rien n’a été importé : 1 problème à corriger d’abord.".replace(" :", f"{NBSP}:") in page
    assert f"Ligne 3{NBSP}: country{NBSP}: «{NBSP}XX{NBSP}» n’est pas un code pays" in page


def test_the_admin_pages_speak_spanish(client, session) -> None:
    speaking(client, session, Role.ADMIN, "es")
    tokens = text(client.get("/admin/tokens"))
    assert (
        "<h1>Tokens de la API</h1>" in tokens
        and "Leer las firmas (nombres, correos, países)" in tokens
    )
    hooks = text(client.get("/admin/webhooks/"))
    assert "<h2>Nuevo webhook</h2>" in hooks and "Cada firma que cuenta (confirmada)" in hooks


def test_the_command_line_stays_english_whatever_the_default_language(
    app, runner, session, tmp_path, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "DEFAULT_LANGUAGE", "fr")
    bad = b"name,country\nGood,KH\nBad,XX\n"
    # The same message is French on a French page…
    with (
        app.test_request_context(headers={"Accept-Language": "fr"}),
        pytest.raises(ImportRejected) as rejected,
    ):
        csv_io.parse_csv(bad)
    assert "n’est pas un code pays" in str(rejected.value.errors[0])
    # …and English from `flask campaign`, even where the interface defaults to French.
    path = tmp_path / "bad.csv"
    path.write_bytes(bad)
    result = runner.invoke(args=["campaign", "targets", "import", str(path)])
    assert result.exit_code == 1
    assert "Line 3: country: “XX” is not a country code" in result.output
    assert "nothing was imported: 1 problem to fix first" in result.output


def test_every_stored_value_and_letter_variable_has_a_label() -> None:
    for values in (AppealStatus, Outcome, Flag, Channel, DeliveryStatus, TargetRole, Role):
        assert set(values) <= set(LABELS), values
    assert set(VARIABLE_HELP) == set(VARIABLES)
