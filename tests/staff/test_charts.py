"""The staff charts' axes: whole-number grid lines, each labelled with its own value."""

from __future__ import annotations

import re
from datetime import date

import pytest

from campaign.charts import HEIGHT, PAD_BOTTOM, PAD_TOP, axis_ticks, daily_bars


@pytest.mark.parametrize(
    ("most", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (5, [0, 1, 2, 3, 4, 5]),
        (7, [0, 2, 4, 6, 8]),
        (10, [0, 2, 4, 6, 8, 10]),
        (11, [0, 5, 10, 15]),
        (100, [0, 20, 40, 60, 80, 100]),
        (1234, [0, 500, 1000, 1500]),
    ],
)
def test_axis_ticks_are_whole_nice_steps_up_to_the_most(most: int, ticks: list[int]) -> None:
    assert axis_ticks(most) == ticks


@pytest.mark.parametrize("most", [1, 2, 3, 10, 37, 999])
def test_each_grid_line_is_labelled_with_the_value_it_sits_at(app, most: int) -> None:
    with app.test_request_context():
        svg = str(daily_bars([(date(2026, 11, 1), most), (date(2026, 11, 2), 0)], title="T"))
    lines = [float(y) for y in re.findall(r'<line class="chart__grid"[^>]* y1="([\d.]+)"', svg)]
    labels = re.findall(r'text-anchor="end" font-size="11" fill="#4a4a46">([\d,]+)</text>', svg)
    values = [int(label.replace(",", "")) for label in labels]
    assert len(values) == len(set(values)) == len(lines) >= 2  # no label twice
    top = values[-1]
    assert values[0] == 0 and top >= most
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    for value, y in zip(values, lines, strict=True):
        assert y == pytest.approx(PAD_TOP + plot_h - plot_h * value / top, abs=0.05)
    # The tallest bar reaches the height of its own value on that scale.
    bar = re.search(r'<rect class="chart__bar"[^>]* height="([\d.]+)"', svg)
    assert float(bar.group(1)) == pytest.approx(plot_h * most / top, abs=0.05)
