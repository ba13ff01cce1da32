"""Letters: organiser-written templates rendered in a sandbox, and the model letter drafted
from an appeal. Pure: imports neither Flask nor SQLAlchemy."""

from campaign.letters.context import (
    AppealView,
    LetterContext,
    SupporterView,
    TargetView,
    sample_supporter,
)
from campaign.letters.drafting import draft_letter
from campaign.letters.sandbox import (
    LetterError,
    RenderedLetter,
    check_template,
    render_letter,
)

__all__ = [
    "AppealView",
    "LetterContext",
    "LetterError",
    "RenderedLetter",
    "SupporterView",
    "TargetView",
    "check_template",
    "draft_letter",
    "render_letter",
    "sample_supporter",
]
