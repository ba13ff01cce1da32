"""An appeal and what belongs to it alone: subjects, demands, letters and updates."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.models.base import Base, BigId, UTCDateTime, enum_column, utcnow
from campaign.models.target import AppealTarget, Target, TargetRole

if TYPE_CHECKING:
    from campaign.models.release import Release
    from campaign.models.user import User


class AppealStatus(enum.Enum):
    DRAFT = "draft"
    LIVE = "live"
    CLOSED = "closed"
    ARCHIVED = "archived"


class Outcome(enum.Enum):
    RELEASED = "released"
    CHARGES_DROPPED = "charges_dropped"
    PARTIAL = "partial"
    NO_CHANGE = "no_change"
    UNKNOWN = "unknown"


class Appeal(Base):
    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    status: Mapped[AppealStatus] = mapped_column(
        enum_column(AppealStatus, "appeal_status"),
        default=AppealStatus.DRAFT,
        server_default="draft",
        index=True,
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    country: Mapped[str | None] = mapped_column(sa.String(2))  # ISO 3166-1 alpha-2
    language: Mapped[str] = mapped_column(sa.String(16), default="en", server_default="en")
    # "Take action before": signatures are refused from this moment on.
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signature_goal: Mapped[int | None] = mapped_column()
    # Double opt-in: signatures count once the supporter confirms by e-mail.
    confirm_signatures: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # "Send it for me": the platform e-mails the letter with Reply-To the supporter.
    send_letters: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Keep the text of each letter a supporter sends (LetterSend.body); off: only the fact.
    keep_letter_text: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, "appeal_outcome"))
    outcome_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Sites allowed to embed the sign form (origins such as "https://example.org").
    embed_origins: Mapped[list[str]] = mapped_column(
        sa.JSON, default=list, server_default=sa.text("'[]'")
    )
    # Maintained in batches so that the public page never counts rows (see recount).
    signature_count: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    release_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("releases.id", ondelete="SET NULL"), index=True
    )
    # A follow-up appeal on the same case points at the one it was cloned from.
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("appeals.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, server_default=sa.func.now()
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    release: Mapped[Release | None] = relationship(back_populates="appeals")
    parent: Mapped[Appeal | None] = relationship(remote_side=[id])
    created_by: Mapped[User | None] = relationship()
    subjects: Mapped[list[Subject]] = relationship(
        back_populates="appeal", cascade="all, delete-orphan", order_by="Subject.position"
    )
    demands: Mapped[list[Demand]] = relationship(
        back_populates="appeal", cascade="all, delete-orphan", order_by="Demand.position"
    )
    appeal_targets: Mapped[list[AppealTarget]] = relationship(
        back_populates="appeal", cascade="all, delete-orphan", order_by="AppealTarget.position"
    )
    letters: Mapped[list[LetterTemplate]] = relationship(
        back_populates="appeal", cascade="all, delete-orphan"
    )
    updates: Mapped[list[AppealUpdate]] = relationship(
        back_populates="appeal",
        cascade="all, delete-orphan",
        order_by="AppealUpdate.posted_at.desc()",
    )
    translations: Mapped[list[AppealTranslation]] = relationship(
        back_populates="appeal", cascade="all, delete-orphan", order_by="AppealTranslation.language"
    )

    def translation(self, language: str) -> AppealTranslation | None:
        """The translation into exactly `language`, if the organiser wrote one."""
        return next((t for t in self.translations if t.language == language), None)

    @property
    def original_letters(self) -> list[LetterTemplate]:
        """The letters of the original text: those in no language the appeal is translated to."""
        translated = {t.language for t in self.translations}
        return [lt for lt in self.letters if lt.language not in translated]

    def is_open(self, now: datetime) -> bool:
        """Whether the appeal accepts signatures at `now` (live and before its deadline)."""
        if self.status is not AppealStatus.LIVE:
            return False
        return self.deadline is None or now < self.deadline

    def public_status(self, now: datetime) -> AppealStatus:
        """The status as the public page shows it: a live appeal past its deadline takes no
        signatures and reads as closed, before the cron job closes it."""
        if self.status is AppealStatus.LIVE and not self.is_open(now):
            return AppealStatus.CLOSED
        return self.status

    @classmethod
    def open_at(cls, now: datetime) -> sa.ColumnElement[bool]:
        """is_open(now) as a SQL condition: kept beside it so the two cannot drift apart
        (a live appeal stays live after its deadline until the cron job closes it)."""
        return sa.and_(
            cls.status == AppealStatus.LIVE, sa.or_(cls.deadline.is_(None), cls.deadline > now)
        )

    @property
    def primary_targets(self) -> list[Target]:
        return [at.target for at in self.appeal_targets if at.role is TargetRole.PRIMARY]

    @property
    def copy_targets(self) -> list[Target]:
        return [at.target for at in self.appeal_targets if at.role is TargetRole.COPY]

    @property
    def officials(self) -> list[Target]:
        """Every official the appeal addresses: the primary targets, then the copies."""
        return self.primary_targets + self.copy_targets

    @property
    def progress(self) -> float | None:
        """The share of the goal reached, from 0 to 1, or None without a goal."""
        if not self.signature_goal:
            return None
        return min(1.0, self.signature_count / self.signature_goal)

    def __repr__(self) -> str:
        return f"<Appeal {self.slug} {self.status.value}>"


class Subject(Base):
    """A person or group the appeal is about."""

    __tablename__ = "subjects"
    __table_args__ = (sa.Index("ix_subjects_appeal_id_position", "appeal_id", "position"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(sa.ForeignKey("appeals.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    appeal: Mapped[Appeal] = relationship(back_populates="subjects")


class Demand(Base):
    """One action asked of the targets, with the sentence of the release it came from."""

    __tablename__ = "demands"
    __table_args__ = (
        sa.Index("ix_demands_appeal_id_position", "appeal_id", "position"),
        sa.CheckConstraint(
            "(span_start IS NULL AND span_end IS NULL) OR (span_start <= span_end)",
            name="span_ordered",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(sa.ForeignKey("appeals.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    text: Mapped[str] = mapped_column(sa.Text)
    source: Mapped[str | None] = mapped_column(sa.Text)
    span_start: Mapped[int | None] = mapped_column()
    span_end: Mapped[int | None] = mapped_column()

    appeal: Mapped[Appeal] = relationship(back_populates="demands")


class LetterTemplate(Base):
    """A model letter: a sandboxed Jinja template for one appeal, optionally one target."""

    __tablename__ = "letter_templates"
    __table_args__ = (sa.UniqueConstraint("appeal_id", "target_id", "language"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(sa.ForeignKey("appeals.id", ondelete="CASCADE"))
    # NULL: the default letter for every target without one of its own.
    target_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("targets.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(sa.String(16), default="en", server_default="en")
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, server_default=sa.func.now()
    )

    appeal: Mapped[Appeal] = relationship(back_populates="letters")
    target: Mapped[Target | None] = relationship()


class AppealTranslation(Base):
    """The appeal's text in another language, written by an organiser.

    `demands` holds one text per demand of the appeal, in the demands' order, and
    `source_demands` the texts of the appeal's demands they translate, as they were when
    the translation was saved; the letter in this language is the appeal's default
    LetterTemplate with the same language.
    """

    __tablename__ = "appeal_translations"
    __table_args__ = (sa.UniqueConstraint("appeal_id", "language"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(sa.ForeignKey("appeals.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(sa.String(16))  # a BCP 47 tag, e.g. "fr"
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    demands: Mapped[list[str]] = mapped_column(
        sa.JSON, default=list, server_default=sa.text("'[]'")
    )
    # None: not recorded (a row written without the editor); only the count is checked.
    source_demands: Mapped[list[str] | None] = mapped_column(sa.JSON(none_as_null=True))
    # What the people concerned are described as ("leader of the opposition"), by name.
    subject_descriptions: Mapped[dict[str, str] | None] = mapped_column(sa.JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, server_default=sa.func.now()
    )

    appeal: Mapped[Appeal] = relationship(back_populates="translations")

    @property
    def complete(self) -> bool:
        """Whether it has a title and a text for each of the appeal's demands as they are.

        A demand added, removed, reordered or reworded since the translation was saved
        leaves it incomplete: readers then see the original rather than demands that
        are not the appeal's, or a page half in one language, half in another.
        """
        return self.complete_for([d.text for d in self.appeal.demands])

    def complete_for(self, demand_texts: Sequence[str]) -> bool:
        """`complete`, for an appeal known to have demands of `demand_texts` (a list of
        appeals reads them with the translations rather than loading each appeal's)."""
        demands = self.demands or []
        sources = self.source_demands
        return (
            bool(self.title.strip())
            and len(demands) == len(demand_texts)
            and all(isinstance(d, str) and d.strip() for d in demands)
            and (sources is None or list(sources) == list(demand_texts))
        )

    def __repr__(self) -> str:
        return f"<AppealTranslation {self.appeal_id} {self.language}>"


class AppealUpdate(Base):
    """A dated piece of news on the case, shown newest first on the public page."""

    __tablename__ = "appeal_updates"
    __table_args__ = (sa.Index("ix_appeal_updates_appeal_id_posted_at", "appeal_id", "posted_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(sa.ForeignKey("appeals.id", ondelete="CASCADE"))
    posted_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )
    happened_on: Mapped[date | None] = mapped_column(sa.Date)
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Set once the update has been queued to consenting signers; never queued twice.
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    appeal: Mapped[Appeal] = relationship(back_populates="updates")
