"""`flask campaign create-user` and `flask campaign demo`."""

from __future__ import annotations

from sqlalchemy import func, select

from campaign.demo import DEMO_PASSWORD, DEMO_SLUG, load_demo, seed_text
from campaign.models import Appeal, AppealStatus, Release, Role, Signature, Target, User, utcnow


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_create_user_reads_the_password_from_a_prompt(runner, session) -> None:
    result = runner.invoke(
        args=["campaign", "create-user", "Ana@Example.org", "--role", "staff"],
        input="a long passphrase\na long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created staff account ana@example.org." in result.output
    user = session.scalar(select(User).where(User.email == "ana@example.org"))
    assert user.role is Role.STAFF and user.check_password("a long passphrase")


def test_create_user_reads_the_password_from_the_environment(runner, session, monkeypatch):
    monkeypatch.setenv("CAMPAIGN_USER_PASSWORD", "from the environment")
    result = runner.invoke(args=["campaign", "create-user", "ops@example.org", "--role", "admin"])
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "ops@example.org"))
    assert user.check_password("from the environment")


def test_create_user_refuses_a_taken_address_with_a_message(runner, session, monkeypatch):
    monkeypatch.setenv("CAMPAIGN_USER_PASSWORD", "from the environment")
    runner.invoke(args=["campaign", "create-user", "ops@example.org", "--role", "admin"])
    result = runner.invoke(args=["campaign", "create-user", "ops@example.org", "--role", "staff"])
    assert result.exit_code == 1
    assert "an account for ops@example.org exists already" in result.output
    assert count(session, User) == 1


def test_create_user_refuses_a_blank_password_and_a_bad_address(runner, session, monkeypatch):
    monkeypatch.setenv("CAMPAIGN_USER_PASSWORD", " " * 10)
    blank = runner.invoke(args=["campaign", "create-user", "ops@example.org", "--role", "admin"])
    assert blank.exit_code == 1
    assert "the password must not be only spaces" in blank.output
    monkeypatch.setenv("CAMPAIGN_USER_PASSWORD", "a long passphrase")
    bad = runner.invoke(args=["campaign", "create-user", "a@b", "--role", "admin"])
    assert bad.exit_code == 1 and "'a@b' is not an e-mail address" in bad.output
    assert count(session, User) == 0


def test_create_user_refuses_an_unknown_role(runner, session) -> None:
    result = runner.invoke(args=["campaign", "create-user", "a@example.org", "--role", "boss"])
    assert result.exit_code == 2
    assert "'boss' is not one of" in result.output


def test_the_demo_loads_once_and_prints_the_logins(runner, session) -> None:
    first = runner.invoke(args=["campaign", "demo"])
    assert first.exit_code == 0, first.output
    assert "appeal /a/kem-sokha" in first.output
    assert DEMO_PASSWORD in first.output and "organiser@example.org" in first.output
    counts = [count(session, m) for m in (Appeal, Release, Target, User, Signature)]
    second = runner.invoke(args=["campaign", "demo"])
    assert "nothing changed" in second.output
    assert [count(session, m) for m in (Appeal, Release, Target, User, Signature)] == counts


def test_demo_if_empty_leaves_a_database_with_appeals_alone(runner, session) -> None:
    from tests.factories import make_appeal

    make_appeal(session)
    result = runner.invoke(args=["campaign", "demo", "--if-empty"])
    assert "was not loaded" in result.output
    assert session.scalar(select(Appeal).where(Appeal.slug == DEMO_SLUG)) is None


def test_the_demo_appeal_is_the_seed_release_made_live(session, client) -> None:
    load_demo(session, now=utcnow())
    appeal = session.scalar(select(Appeal).where(Appeal.slug == DEMO_SLUG))
    assert appeal.status is AppealStatus.LIVE
    assert appeal.release.text == seed_text()  # stored unaltered
    assert appeal.demands[0].text == "Drop all charges against Kem Sokha"
    assert len(appeal.demands) == 3
    cleaned = appeal.release.extracted["cleaned_text"]
    for demand in appeal.demands:  # each demand points at its sentence in the release
        assert cleaned[demand.span_start : demand.span_end] in demand.source
    emails = [t.email for t in appeal.primary_targets + appeal.copy_targets]
    assert emails and all(e.endswith("@example.org") for e in emails)
    html = client.get(f"/a/{DEMO_SLUG}").get_data(as_text=True)
    assert "Grant Kem Sokha immediate access to adequate medical attention" in html


def test_the_demo_is_refused_in_production(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = app.test_cli_runner().invoke(args=["campaign", "demo"])
    assert result.exit_code == 1
    assert "not loaded in production" in result.output


def test_the_demo_letter_renders_for_its_target(session) -> None:
    from campaign.letters import AppealView, render_letter
    from campaign.letters.sandbox import preview_context

    load_demo(session, now=utcnow())
    appeal = session.scalar(select(Appeal).where(Appeal.slug == DEMO_SLUG))
    (letter,) = appeal.original_letters
    # The letter lists the appeal's demands as they are when it is written.
    context = preview_context(appeal=AppealView.from_appeal(appeal))
    rendered, errors = render_letter(letter.subject, letter.body, context)
    assert errors == []
    assert rendered.subject == appeal.title
    for demand in appeal.demands:
        assert f"- {demand.text}\n" in rendered.body


def test_the_demo_appeal_reads_in_french_and_writes_to_the_prime_minister_in_english(
    session, client
) -> None:
    load_demo(session, now=utcnow())
    appeal = session.scalar(select(Appeal).where(Appeal.slug == DEMO_SLUG))
    [french] = appeal.translations
    assert french.language == "fr" and french.complete
    html = client.get(f"/a/{DEMO_SLUG}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<h1 lang="fr">Cambodge. La libération de Kem Sokha doit devenir définitive</h1>' in html
    assert "<li>Abandonner toutes les charges retenues contre Kem Sokha</li>" in html
    assert "dirigeant de l'opposition cambodgienne" in html.replace("&#39;", "'")
    assert "leader of the Cambodian opposition" not in html
    # The prime minister reads Khmer, then English: no Khmer letter, so the English one.
    from campaign.signatures.letters import letter_template

    [pm] = appeal.primary_targets
    assert pm.languages == ["km", "en"]
    assert letter_template(appeal, pm).language == "en"


def test_demo_if_empty_still_prints_the_logins(runner, session) -> None:
    runner.invoke(args=["campaign", "demo"])
    result = runner.invoke(args=["campaign", "demo", "--if-empty"])
    assert "was not loaded" in result.output
    assert "admin@example.org" in result.output
