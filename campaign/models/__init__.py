"""The domain model. Import models from here."""

from campaign.models.api_token import ApiToken, Scope
from campaign.models.appeal import (
    Appeal,
    AppealStatus,
    AppealTranslation,
    AppealUpdate,
    Demand,
    LetterTemplate,
    Outcome,
    Subject,
)
from campaign.models.audit import AuditEvent
from campaign.models.base import Base, utcnow
from campaign.models.counting import PaperCount, SignatureTally
from campaign.models.outbox import Outbox, OutboxStatus
from campaign.models.release import Release
from campaign.models.signature import Channel, Flag, LetterSend, Signature
from campaign.models.target import AppealTarget, Target, TargetRole
from campaign.models.user import Role, User
from campaign.models.webhook import DeliveryStatus, Event, Webhook, WebhookDelivery

__all__ = [
    "ApiToken",
    "Appeal",
    "AppealStatus",
    "AppealTarget",
    "AppealTranslation",
    "AppealUpdate",
    "AuditEvent",
    "Base",
    "Channel",
    "DeliveryStatus",
    "Demand",
    "Event",
    "Flag",
    "LetterSend",
    "LetterTemplate",
    "Outbox",
    "OutboxStatus",
    "Outcome",
    "PaperCount",
    "Release",
    "Role",
    "Scope",
    "Signature",
    "SignatureTally",
    "Subject",
    "Target",
    "TargetRole",
    "User",
    "Webhook",
    "WebhookDelivery",
    "utcnow",
]
