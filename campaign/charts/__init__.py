"""Charts as SVG strings built on the server: no script, no CDN, and they print.

Every chart has a <title> and <desc> for screen readers, and the pages that show one
also give the same figures as a table. Labels are escaped here; the result is Markup.
Colours come from classes in style.css (and fill= fallbacks), never style="".
Captions, numbers and dates follow the interface language of the request.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from babel.dates import format_date
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup, escape

from campaign.charts.regions import region_name
from campaign.templating import _language, long_date, number

WIDTH = 720
HEIGHT = 240
PAD_LEFT = 56
PAD_BOTTOM = 28
PAD_TOP = 12
PAD_RIGHT = 12


# At most this many spaces between the grid lines of an axis: enough to read a bar's
# height, few enough that the labels stay apart.
MAX_INTERVALS = 5


def axis_ticks(value: int) -> list[int]:
    """The grid lines of an axis from 0 to at least `value` (at least 1): whole numbers a
    1, 2 or 5 × 10ⁿ step apart, the smallest such step that needs at most MAX_INTERVALS
    spaces. Each line is labelled with its own value, and no label repeats."""
    value = max(1, value)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = magnitude * factor
            intervals = -(-value // step)  # ceiling division
            if intervals <= MAX_INTERVALS:
                return [step * i for i in range(intervals + 1)]
        magnitude *= 10


def _fmt(n: int) -> str:
    """12,345 / 12 345 / 12.345, as the interface language writes it."""
    return number(n)


def _day(day: date) -> str:
    """An axis label: '5 Nov', '5 nov.', '5 nov'."""
    return format_date(day, "d MMM", locale=_language(None))


def region_rows(rows: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """(region, count) rows with each region named in the interface language."""
    return [(region_name(name), n) for name, n in rows]


def daily_bars(series: Sequence[tuple[date, int]], *, title: str) -> Markup:
    """Vertical bars of signatures, one per day (days without any included as gaps)."""
    days = _fill_days(series)
    ticks = axis_ticks(max((n for _when, n in days), default=0))
    top = ticks[-1]
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    parts = _open(WIDTH, HEIGHT, title, _describe(days))
    for value in ticks:
        y = PAD_TOP + plot_h - plot_h * value / top
        parts.append(
            f'<line class="chart__grid" x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" '
            f'y1="{y:.1f}" y2="{y:.1f}" stroke="#d8d4ca" stroke-width="1"/>'
            f'<text class="chart__axis" x="{PAD_LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end" font-size="11" fill="#4a4a46">{_fmt(value)}</text>'
        )
    if days:
        slot = plot_w / len(days)
        bar_w = max(1.0, slot * 0.8)
        every = max(1, len(days) // 8)
        for i, (day, n) in enumerate(days):
            h = plot_h * n / top
            x = PAD_LEFT + i * slot + (slot - bar_w) / 2
            parts.append(
                f'<rect class="chart__bar" x="{x:.1f}" y="{PAD_TOP + plot_h - h:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}" fill="#1e6b3a">'
                f"<title>{escape(_bar_title(day, n))}</title></rect>"
            )
            if i % every == 0:
                parts.append(
                    f'<text class="chart__axis" x="{x + bar_w / 2:.1f}" y="{HEIGHT - 8}" '
                    f'text-anchor="middle" font-size="11" fill="#4a4a46">'
                    f"{escape(_day(day))}</text>"
                )
    parts.append("</svg>")
    return _markup(parts)


def horizontal_bars(rows: Sequence[tuple[str, int]], *, title: str, label: str) -> Markup:
    """One labelled bar per row, longest first as given (e.g. signatures per region)."""
    row_h = 26
    label_w = 170
    height = PAD_TOP + row_h * max(1, len(rows)) + 4
    top = max((n for _when, n in rows), default=0) or 1
    plot_w = WIDTH - label_w - 90
    desc = "; ".join(_("%(name)s: %(count)s", name=name, count=_fmt(n)) for name, n in rows)
    desc = desc or _("no data")
    parts = _open(WIDTH, height, title, f"{label} — {desc}")
    for i, (name, n) in enumerate(rows):
        y = PAD_TOP + i * row_h
        w = plot_w * n / top
        parts.append(
            f'<text class="chart__label" x="{label_w - 8}" y="{y + 17}" text-anchor="end" '
            f'font-size="13" fill="#1d1d1b">{escape(name)}</text>'
            f'<rect class="chart__bar" x="{label_w}" y="{y + 4}" width="{w:.1f}" '
            f'height="{row_h - 8}" fill="#1e6b3a"/>'
            f'<text class="chart__value" x="{label_w + w + 6:.1f}" y="{y + 17}" '
            f'font-size="12" fill="#1d1d1b">{_fmt(n)}</text>'
        )
    parts.append("</svg>")
    return _markup(parts)


def inline_bar(value: int, top: int, *, width: int = 120) -> Markup:
    """A small bar for a table cell; decorative (the number is in the next cell)."""
    w = 0 if not top else width * value / top
    return _markup(
        f'<svg class="bar" width="{width}" height="12" viewBox="0 0 {width} 12" '
        f'aria-hidden="true" focusable="false"><rect class="bar__track" width="{width}" '
        f'height="12" fill="#e8e6df"/><rect class="bar__fill" width="{w:.1f}" height="12" '
        f'fill="#1e6b3a"/></svg>'
    )


def sparkline(values: Sequence[int], *, title: str, width: int = 120, height: int = 28) -> Markup:
    """A tiny trend line (e.g. the last 7 days), with its figures in the title."""
    top = max(values, default=0) or 1
    step = width / max(1, len(values) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (height - 4) * v / top:.1f}" for i, v in enumerate(values)
    )
    return _markup(
        f'<svg class="sparkline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        f'<polyline points="{points}" fill="none" stroke="#0b57a4" stroke-width="2"/></svg>'
    )


def _markup(*parts: str | list[str]) -> Markup:
    """Join SVG pieces whose every text from outside was passed through escape()."""
    flat = [p for part in parts for p in ([part] if isinstance(part, str) else part)]
    return Markup("".join(flat))  # noqa: S704 (labels are escaped where they are formatted)


def _open(width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
    ]


def _bar_title(day: date, n: int) -> str:
    return ngettext(
        "%(day)s: %(count)s signature",
        "%(day)s: %(count)s signatures",
        n,
        day=long_date(day),
        count=_fmt(n),
    )


def _describe(days: Sequence[tuple[date, int]]) -> str:
    if not days:
        return _("No signatures yet.")
    total = sum(n for _when, n in days)
    best_day, best = max(days, key=lambda d: d[1])
    return ngettext(
        "%(total)s signature from %(first)s to %(last)s; most on %(best_day)s (%(best)s).",
        "%(total)s signatures from %(first)s to %(last)s; most on %(best_day)s (%(best)s).",
        total,
        total=_fmt(total),
        first=long_date(days[0][0]),
        last=long_date(days[-1][0]),
        best_day=long_date(best_day),
        best=_fmt(best),
    )


def _fill_days(series: Sequence[tuple[date, int]]) -> list[tuple[date, int]]:
    if not series:
        return []
    from datetime import timedelta

    counts = dict(series)
    first, last = min(counts), max(counts)
    span = (last - first).days
    return [
        (first + timedelta(days=i), counts.get(first + timedelta(days=i), 0))
        for i in range(span + 1)
    ]
