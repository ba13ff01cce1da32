"""Release extraction: a press release in, a draft appeal out. Pure Python, no Flask, no DB."""

from .draft import Demand, ReleaseDraft
from .pipeline import extract_release

__all__ = ["Demand", "ReleaseDraft", "extract_release"]
