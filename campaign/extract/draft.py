"""The draft an extraction produces: plain dataclasses, serialisable with to_dict()."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

Span = tuple[int, int]


@dataclass
class Demand:
    """One call to action: an imperative sentence addressed to its target."""

    text: str
    target: str | None
    source: str
    span: Span
    form: str = "call"  # how the release asked: call, modal, passive, that, nominal, item…

    def to_dict(self) -> dict:
        """Return the demand as JSON-ready data."""
        return {
            "text": self.text,
            "target": self.target,
            "source": self.source,
            "span": list(self.span),
            "form": self.form,
        }


@dataclass
class ReleaseDraft:
    """Everything extracted from one release, with the cleaned text the spans refer to."""

    title: str | None = None
    date: str | None = None
    country: str | None = None
    subjects: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    demands: list[Demand] = field(default_factory=list)
    public_calls: list[Demand] = field(default_factory=list)
    reported_calls: list[Demand] = field(default_factory=list)
    summary: str = ""
    warnings: list[str] = field(default_factory=list)
    language: str = "en"
    spans: dict[str, list[Span]] = field(default_factory=dict)
    cleaned_text: str = ""

    def to_dict(self) -> dict:
        """Return the draft as JSON-ready data (the contract of `--json`)."""
        data = asdict(self)
        for key in ("demands", "public_calls", "reported_calls"):
            data[key] = [d.to_dict() for d in getattr(self, key)]
        data["spans"] = {k: [list(s) for s in v] for k, v in self.spans.items()}
        return data
