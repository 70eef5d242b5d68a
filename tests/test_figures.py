"""A chart's figure: its data block, table and text alternative, on a tiny made-up chart."""

from __future__ import annotations

import math

import pytest

from borderflow.web.figures import Figure, Line


def tiny() -> Figure:
    return Figure("tiny", "Encounters", "month", ["2023-11", "2023-12", "2024-01"],
                  [Line("encounters", [1200, 2500.0, math.nan]),
                   Line("chance", [5, 12.5, None], scale="pct", kind="dash")],
                  events=[("2023-12", "An event"), ("2019-01", "Before the span")])


def test_data_block_numbers_gaps_and_events() -> None:
    spec = tiny().spec()
    assert spec["xs"] == ["2023-11", "2023-12", "2024-01"]
    assert spec["series"][0]["values"] == [1200, 2500, None]  # NaN is a gap, not a number
    assert isinstance(spec["series"][0]["values"][1], int)
    assert spec["series"][1]["values"] == [5, 12.5, None]
    assert spec["events"] == [{"x": "2023-12", "label": "An event"}]  # only those in span
    assert spec["window"] is None


def test_table_rows() -> None:
    assert tiny().rows() == [["Nov 2023", "1,200", "5%"], ["Dec 2023", "2,500", "12.5%"],
                             ["Jan 2024", "", ""]]


def test_text_alternative() -> None:
    assert tiny().alt() == ("Line chart: Encounters, Nov 2023 to Jan 2024. Encounters: highest "
                            "2,500 (Dec 2023), latest 2,500 (Dec 2023). Every figure is in the "
                            "table below the chart.")


def test_days_and_categories_read_as_written() -> None:
    days = Figure("plan", "Beds", "day", ["2026-12-01", "2026-12-02"], [Line("beds", [1, 2])])
    assert [r[0] for r in days.rows()] == ["1 Dec 2026", "2 Dec 2026"]
    groups = Figure("groups", "By group", "category", ["Mexico", "Other"],
                    [Line("encounters", [3, 1], kind="bar")], kind="Column chart")
    assert groups.alt().startswith("Column chart: By group, Mexico to Other.")


def test_a_line_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="figure bad: 'short' has 1 values for 2 x values"):
        Figure("bad", "t", "month", ["2023-01", "2023-02"], [Line("short", [1])])
    with pytest.raises(ValueError, match="x must be one of"):
        Figure("bad", "t", "week", [], [])
