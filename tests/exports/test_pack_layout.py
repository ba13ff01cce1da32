"""The delivery pack as it is handed over: addressed once, signed, every country kept."""

from __future__ import annotations

import io

from pypdf import PdfReader

from campaign.counting import recount_appeal
from campaign.exports.pack import address_lines, build_pack
from campaign.models import TargetRole, utcnow
from tests.exports.helpers import DAY2
from tests.factories import add_target, make_appeal, make_signature, make_target


def pack_pages(session, appeal, **options) -> list[str]:
    recount_appeal(session, appeal, now=utcnow())
    built = build_pack(session, appeal, now=utcnow(), **options)
    return [page.extract_text() for page in PdfReader(io.BytesIO(built.pdf)).pages]


def test_the_organisation_is_not_repeated_when_the_address_begins_with_it(session) -> None:
    embassy = make_target(
        session,
        name="Chan Sok",
        organisation="Royal Embassy of Cambodia",
        postal_address="Royal Embassy of Cambodia\n64 Brondesbury Park\nLondon NW6 7AT",
    )
    assert address_lines(embassy) == [
        embassy.display_name,
        "Royal Embassy of Cambodia",
        "64 Brondesbury Park",
        "London NW6 7AT",
    ]
    ministry = make_target(session, organisation="Ministry of Justice")
    assert address_lines(ministry)[1:] == ["Ministry of Justice", "1 Example Street", "Phnom Penh"]


def test_the_cover_is_signed_by_the_organisation(session) -> None:
    appeal = make_appeal(session)
    add_target(session, appeal, make_target(session), TargetRole.PRIMARY)
    make_signature(session, appeal, created_at=DAY2, confirmed_at=DAY2)
    cover = pack_pages(session, appeal, organisation="Human Rights Action")[0]
    assert cover.index("Yours faithfully,") < cover.index("Human Rights Action")
    unsigned = pack_pages(session, appeal)[0]
    assert "Yours faithfully,\n" + appeal.title in unsigned  # then the footer


def test_a_long_name_is_cut_but_its_country_is_kept(session) -> None:
    appeal = make_appeal(session)
    long_name = "Ann " + "Wolfeschlegelsteinhausenbergerdorff " * 3 + "Longname"
    make_signature(
        session, appeal, name=long_name, country="CF", created_at=DAY2, confirmed_at=DAY2
    )
    make_signature(session, appeal, name="Bo Li", country="CN", created_at=DAY2, confirmed_at=DAY2)
    names = pack_pages(session, appeal)[2].replace("\n", " ")
    assert "Ann Wolfeschlegel" in names and "… — Central African Republic" in names
    assert long_name not in names
    assert "Bo Li — China" in names


def test_the_pack_downloaded_by_staff_is_signed_by_the_sites_organisation(
    app, client, session, monkeypatch
) -> None:
    from tests.exports.helpers import logged_in, populate

    monkeypatch.setitem(app.config, "ORGANISATION_NAME", "Rights Now")
    world = populate(session)
    logged_in(client, world)
    body = client.get(f"/staff/exports/pack/{world.appeal.slug}").get_data()
    cover = PdfReader(io.BytesIO(body)).pages[0].extract_text()
    assert cover.index("Yours faithfully,") < cover.index("Rights Now")


def test_staff_address_the_pack_to_the_official_who_will_receive_it(client, session) -> None:
    from campaign.models import Role
    from tests.conftest import log_in
    from tests.factories import make_user

    appeal = make_appeal(session)
    minister = make_target(session, name="Sok Chea", organisation="Ministry of Justice")
    embassy = make_target(
        session, name="Chan Dara", organisation="Royal Embassy of Cambodia",
        postal_address="64 Brondesbury Park\nLondon NW6 7AT",
    )  # fmt: skip
    stranger = make_target(session, name="Not On This Appeal")
    add_target(session, appeal, minister, TargetRole.PRIMARY)
    add_target(session, appeal, embassy, TargetRole.COPY)
    make_signature(session, appeal, created_at=DAY2, confirmed_at=DAY2)
    log_in(client, make_user(session, Role.STAFF))
    page = client.get(f"/staff/appeals/{appeal.slug}").get_data(as_text=True)
    assert f'<option value="{embassy.id}">' in page
    url = f"/staff/exports/pack/{appeal.slug}"

    def cover(query: str) -> str:
        body = client.get(url + query).get_data()
        return PdfReader(io.BytesIO(body)).pages[0].extract_text()

    assert "Sok Chea" in cover("") and "Brondesbury" not in cover("")
    to_embassy = cover(f"?to={embassy.id}")
    assert "Chan Dara" in to_embassy and "London NW6 7AT" in to_embassy
    assert client.get(f"{url}?to={stranger.id}").status_code == 404


def test_an_appeal_with_nothing_counted_has_no_pack_to_hand_over(client, session, runner) -> None:
    from campaign.models import Role
    from tests.conftest import log_in
    from tests.factories import make_user

    appeal = make_appeal(session)
    staff = make_user(session, Role.STAFF)
    log_in(client, staff)
    answer = client.get(f"/staff/exports/pack/{appeal.slug}")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(appeal.slug)
    assert "nothing to hand over yet" in client.get(answer.headers["Location"]).get_data(
        as_text=True
    )
    args = ["campaign", "export", "pack", "--appeal", appeal.slug, "--as", staff.email]
    result = runner.invoke(args=[*args, "-o", "/dev/null"])
    assert result.exit_code == 1 and "nothing to hand over" in result.output
