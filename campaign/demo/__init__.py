"""The demo: the seed release as a live appeal, example officials and demo accounts.

Every address here is at example.org: a demo must never e-mail a real official.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from campaign.counting import recount_appeal
from campaign.models import Appeal, Role, Signature, Target, TargetRole, User
from campaign.organise.appeal_targets import add_target
from campaign.organise.launch import LaunchSettings, launch_from_release
from campaign.organise.lifecycle import publish
from campaign.organise.translations import TranslationData, described, save_translation

SEED_FILE = "kem-sokha-2018-09-10.txt"
DEMO_SLUG = "kem-sokha"
# Printed by `flask campaign demo`; production refuses to load the demo.
DEMO_PASSWORD = "demo-password"  # noqa: S105 (a published demo login)
DEMO_USERS = (
    ("organiser@example.org", Role.ORGANISER),
    ("staff@example.org", Role.STAFF),
    ("admin@example.org", Role.ADMIN),
)

SUMMARY = (
    "Cambodian opposition leader Kem Sokha was released from prison on bail on "
    "10 September 2018 and is now held under house arrest. He was arrested in a midnight "
    "raid on 3 September 2017 and charged with “conspiring with a foreign power”, which "
    "carries 15 to 30 years in prison, on the basis of a speech he had given in "
    "Australia years earlier.\n\n"
    "He spent more than a year in pre-trial detention and needs medical care. His party, "
    "the Cambodia National Rescue Party, was banned in November 2017."
)

NBSP = "\u00a0"  # French puts a no-break space inside « » and before : ; ? !

# The appeal in French, as an organiser would enter it in the translation editor.
FRENCH = TranslationData(
    language="fr",
    title="Cambodge. La libération de Kem Sokha doit devenir définitive",
    summary=(
        "Le dirigeant de l'opposition cambodgienne Kem Sokha a été libéré sous caution le "
        "10 septembre 2018 et se trouve désormais assigné à résidence. Il avait été arrêté lors "
        f"d'une descente nocturne le 3 septembre 2017 et inculpé de «{NBSP}complot avec une "
        f"puissance étrangère{NBSP}», une infraction passible de 15 à 30 ans d'emprisonnement, "
        "en raison d'un discours prononcé en Australie des années auparavant.\n\n"
        "Il a passé plus d'un an en détention provisoire et a besoin de soins médicaux. Son "
        "parti, le Parti du sauvetage national du Cambodge, a été dissous en novembre 2017."
    ),
    demands=[
        "Abandonner toutes les charges retenues contre Kem Sokha",
        "Faire en sorte que la libération de Kem Sokha soit définitive, totale et inconditionnelle",
        "Permettre à Kem Sokha de recevoir immédiatement des soins médicaux adaptés",
    ],
    letter_subject="Cambodge. La libération de Kem Sokha doit devenir définitive",
    letter_body=(
        '{{ target.salutation or "Madame, Monsieur" }},\n\n'
        "Je vous écris au sujet de Kem Sokha. Il a été arrêté lors d'une descente nocturne à "
        "son domicile de Phnom Penh le 3 septembre 2017.\n\n"
        f"Je vous demande respectueusement de{NBSP}:\n\n"
        "{% for demand in appeal.demands %}\n- {{ demand }}\n{% endfor %}\n\n"
        "{% if personal %}\n{{ personal }}\n\n{% endif %}\n"
        "Je vous remercie de l'attention que vous porterez à cette affaire et attends votre "
        "réponse avec intérêt.\n\n"
        "Veuillez agréer l'expression de ma haute considération.\n\n"
        "{{ supporter.name }}\n"
        "{{ supporter.place }}\n"
    ),
)

FRENCH_ABOUT = {"Kem Sokha": "dirigeant de l'opposition cambodgienne"}

DEMO_SIGNERS = (
    ("Sophea Chan", "KH"),
    ("Amelia Hart", "GB"),
    ("Lucas Martin", "FR"),
    ("Mia Schmidt", "DE"),
    ("Noah Tremblay", "CA"),
    ("Chloé Dubois", "FR"),
    ("Kofi Mensah", "GH"),
    ("Ana Souza", "BR"),
    ("Liam Murphy", "IE"),
    ("Yuki Tanaka", "JP"),
    ("Olivia Brown", "AU"),
    ("Mateo García", "ES"),
    ("Dara Sok", "KH"),
    ("Emma Jansen", "NL"),
    ("Aisha Bello", "NG"),
    ("Jack Wilson", "GB"),
    ("Sara Rossi", "IT"),
    ("Ravi Kumar", "IN"),
    ("Elena Popescu", "RO"),
    ("Ben Cohen", "US"),
)


@dataclass
class DemoResult:
    created: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if not self.created:
            return "The demo was loaded already; nothing changed."
        return "Loaded the demo: " + ", ".join(self.created) + "."


def seed_text() -> str:
    """The seed release, exactly as published."""
    return resources.files(__package__).joinpath(SEED_FILE).read_text(encoding="utf-8")


def database_is_empty(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Appeal)) == 0


def demo_logins(session: Session) -> list[tuple[str, str]]:
    """The demo accounts that exist, as (e-mail, role) pairs."""
    emails = [email for email, _role in DEMO_USERS]
    users = session.scalars(select(User).where(User.email.in_(emails)).order_by(User.id))
    return [(user.email, user.role.value) for user in users]


def load_demo(session: Session, *, now: datetime) -> DemoResult:
    """Add whatever part of the demo is missing; running it twice changes nothing."""
    result = DemoResult()
    for email, role in DEMO_USERS:
        if _ensure_user(session, email, role):
            result.created.append(f"account {email}")
    if session.scalar(select(Appeal.id).where(Appeal.slug == DEMO_SLUG)) is None:
        appeal = _build_appeal(session, now)
        _add_signers(session, appeal, now)
        result.created.append(f"appeal /a/{DEMO_SLUG}")
    return result


def _ensure_user(session: Session, email: str, role: Role) -> bool:
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        return False
    user = User(email=email, name=f"Demo {role.value}", role=role)
    user.set_password(DEMO_PASSWORD)
    session.add(user)
    return True


def _demo_targets(session: Session) -> tuple[Target, Target]:
    """The Cambodian prime minister and the embassy, created once and reused."""
    pm = session.scalar(select(Target).where(Target.email == "prime-minister@example.org"))
    embassy = session.scalar(select(Target).where(Target.email == "embassy-london@example.org"))
    if pm is None:
        pm = Target(
            name="Hun Manet",
            title="Prime Minister of the Kingdom of Cambodia",
            organisation="Office of the Council of Ministers",
            country="KH",
            postal_address="Office of the Council of Ministers\n41 Russian Federation Blvd\n"
            "Phnom Penh\nCambodia",
            email="prime-minister@example.org",
            salutation="Your Excellency",
            languages=["km", "en"],
            notes="Demo entry: the e-mail address is an example.",
        )
    if embassy is None:
        embassy = Target(
            name="Ambassador of the Kingdom of Cambodia",
            title="Ambassador",
            organisation="Embassy of the Kingdom of Cambodia, London",
            country="KH",
            postal_address="64 Brondesbury Park\nLondon NW6 7AT\nUnited Kingdom",
            email="embassy-london@example.org",
            salutation="Your Excellency",
            languages=["en"],
            notes="Demo entry: the e-mail address is an example.",
        )
    session.add_all([pm, embassy])
    session.flush()
    return pm, embassy


def _build_appeal(session: Session, now: datetime) -> Appeal:
    """The seed release through the organiser's own path: launch, correct, address, publish."""
    appeal = launch_from_release(
        session, seed_text(), user=None, now=now, settings=LaunchSettings(deadline_days=30)
    )
    appeal.slug = DEMO_SLUG
    appeal.summary = SUMMARY
    appeal.signature_goal = 10_000
    appeal.release.organisation = "Amnesty International"
    for subject in appeal.subjects:
        if subject.name == "Kem Sokha":
            subject.description = "leader of the Cambodian opposition"
    pm, embassy = _demo_targets(session)
    add_target(session, appeal, pm, TargetRole.PRIMARY, user=None)
    add_target(session, appeal, embassy, TargetRole.COPY, user=None)
    publish(session, appeal, user=None, now=now)
    if len(appeal.demands) == len(FRENCH.demands):  # the extractor found the three demands
        # The description of each person concerned, in the order the editor shows them.
        about = [FRENCH_ABOUT.get(s.name, "") for s in described(appeal)]
        french = replace(FRENCH, about=about)
        save_translation(session, appeal, french, editing=None, user=None, now=now)
    session.flush()
    return appeal


def _add_signers(session: Session, appeal: Appeal, now: datetime) -> None:
    """A few confirmed signatures so that counts and charts have something to show."""
    for i, (name, country) in enumerate(DEMO_SIGNERS):
        email = f"signer{i + 1}@example.org"
        when = now - timedelta(hours=6 * (len(DEMO_SIGNERS) - i))
        session.add(
            Signature(
                appeal=appeal,
                name=name,
                email=email,
                email_canonical=email,
                country=country,
                source="demo",
                created_at=when,
                confirmed_at=when,
            )
        )
    session.flush()
    # The counter and its per-day, per-country tallies, as the staff charts read them.
    recount_appeal(session, appeal, now=now)
