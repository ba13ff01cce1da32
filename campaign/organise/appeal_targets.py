"""Addressing an appeal: its primary targets and the targets sent copies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from campaign.audit import record
from campaign.models import Appeal, AppealTarget, Target, TargetRole, User
from campaign.organise.lifecycle import kept_publishable
from campaign.targets.fields import TargetValues, parse_email
from campaign.targets.services import DuplicateTarget, create_target


class TargetRefused(ValueError):
    """A change to the appeal's targets that cannot be made; the message is for the organiser."""


def add_target(
    session: Session, appeal: Appeal, target: Target, role: TargetRole, *, user: User | None
) -> AppealTarget:
    """Address the appeal to `target` (or change its role if it is there already)."""
    if not target.active:
        raise TargetRefused(_("%(name)s is deactivated in the directory.", name=target.name))
    existing = next((at for at in appeal.appeal_targets if at.target_id == target.id), None)
    if existing is not None:
        existing.role = role
        link = existing
    else:
        position = max((at.position for at in appeal.appeal_targets), default=-1) + 1
        link = AppealTarget(target=target, role=role, position=position)
        appeal.appeal_targets.append(link)
    session.flush()
    record(
        session,
        "appeal.target_add",
        user=user,
        appeal=appeal,
        details={"target_id": target.id, "role": role.value},
    )
    return link


def remove_target(
    session: Session, appeal: Appeal, link_id: int, *, user: User | None, now: datetime
) -> None:
    """Take a target off the appeal; PublishRefused when a live appeal would be left with
    no one to write to."""
    link = next((at for at in appeal.appeal_targets if at.id == link_id), None)
    if link is None:
        raise TargetRefused(_("That target is not on this appeal."))
    with kept_publishable(session, appeal, now):
        appeal.appeal_targets.remove(link)
        session.flush()
    record(
        session,
        "appeal.target_remove",
        user=user,
        appeal=appeal,
        details={"target_id": link.target_id},
    )


def create_target_for(
    session: Session, appeal: Appeal, data: dict[str, Any], *, user: User | None
) -> Target:
    """Add an official to the directory (in the appeal's country) and to the appeal, by the
    directory's own rules; TargetRefused when another entry has the e-mail address."""
    try:
        email = parse_email(data.get("email"))
    except ValueError as error:  # the form checked it; the directory's rule has the last word
        raise TargetRefused(str(error)) from None
    values = TargetValues(
        name=data["name"].strip(),
        title=(data.get("title") or "").strip(),
        organisation=(data.get("organisation") or "").strip(),
        email=email,
        postal_address=(data.get("postal_address") or "").strip(),
        salutation=(data.get("salutation") or "").strip(),
        country=appeal.country,
        languages=[appeal.language],
    )
    try:
        target = create_target(session, values, user=user)
    except DuplicateTarget as duplicate:
        message = _(
            "%(name)s has this e-mail address already: add them from the directory above.",
            name=duplicate.other.name,
        )
        raise TargetRefused(message) from None
    add_target(session, appeal, target, TargetRole(data["role"]), user=user)
    return target
