"""How an appeal's outcome is named: on its public page and in the close form."""

from __future__ import annotations

from campaign.i18n.lazy import lazy_gettext as _l
from campaign.models import Outcome

OUTCOMES = {
    Outcome.RELEASED: _l("Released"),
    Outcome.CHARGES_DROPPED: _l("Charges dropped"),
    Outcome.PARTIAL: _l("Partial"),
    Outcome.NO_CHANGE: _l("No change"),
    Outcome.UNKNOWN: _l("Unknown"),
}


def outcome_label(outcome: Outcome) -> str:
    return str(OUTCOMES.get(outcome, outcome.value.replace("_", " ").capitalize()))
