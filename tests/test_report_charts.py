"""Report charts: legends fit inside the figure, and the report's month is marked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from borderflow import vocab
from borderflow.report import charts
from borderflow.store import Query, Warehouse

AUG_2023 = dt.date(2023, 8, 1)
SW = {"region": (vocab.SOUTHWEST,)}


def test_mix_legend_fits_inside_the_figure(warehouse: Warehouse) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = charts.mix_figure(warehouse, filters=SW, title="Southwest border: citizenship mix",
                            mark=AUG_2023)
    FigureCanvasAgg(fig).draw()
    legend = fig.axes[0].get_legend()
    box, page = legend.get_window_extent(), fig.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    plot = fig.axes[0].get_window_extent()
    assert box.x0 >= plot.x1  # beside the plot, not over the shares
    groups = sorted({str(r["citizenship_group"]) for r in warehouse.query(
        Query(filters=SW, group_by=("month", "citizenship_group"))).rows})
    entries = [t.get_text().replace("\n", " ") for t in legend.get_texts()]
    assert entries == [*groups, "Aug 2023: this report"]  # every group, names whole


def test_report_month_marked(warehouse: Warehouse, tmp_path: Path) -> None:
    series = warehouse.series("southwest", measure="usbp")
    marked = charts.series_chart(series, tmp_path / "marked", formats=(".svg",),
                                 mark=AUG_2023)[0].read_text()
    plain = charts.series_chart(series, tmp_path / "plain", formats=(".svg",))[0].read_text()
    assert marked.count('id="marked-month"') == 1 and "marked-month" not in plain
    assert "<!-- Aug 2023: this report -->" in marked
    grid = charts.small_multiples([warehouse.series(s) for s in vocab.SOUTHWEST_SECTORS],
                                  tmp_path / "grid", title="sectors", formats=(".svg",),
                                  since=dt.date(2018, 10, 1), mark=AUG_2023)[0].read_text()
    assert grid.count('id="marked-month"') == len(vocab.SOUTHWEST_SECTORS)  # every panel


def test_event_labels_never_overlap(warehouse: Warehouse) -> None:
    """Tucson since 1999 has eight policy events, six of them from 2019 to 2025: their
    labels sit above the plot in rows and no two overlap (a label that fits no row is
    a number, keyed in the caption)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from borderflow.analytics.events import events_between

    series = warehouse.series("Tucson")
    first, last = series.points[0].month, series.points[-1].month
    fig, ax = charts.figure_axes(figsize=(11, 5), dpi=100)
    ax.plot([np.datetime64(p.month) for p in series.points],
            [p.encounters for p in series.points])
    keyed: list[str] = []
    events = events_between(first, last)
    rows = charts._event_labels(ax, events, first, last, keyed)
    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) == len(events) and 1 <= rows <= charts.EVENT_ROWS + 1
    for i, a in enumerate(boxes):
        assert a.y0 >= ax.get_window_extent(renderer).y1  # above the plot, not on the data
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)
    shown = {t.get_text() for t in ax.texts}
    for number, e in enumerate(events, 1):  # each event is named, on the chart or keyed
        assert e.short in shown or (str(number) in shown and f"{number}: {e.short}" in keyed)


def test_seasonally_adjusted_line_has_no_edge_spikes(warehouse: Warehouse) -> None:
    """The charts' adjustment (seasonal_deg=0) keeps every month's seasonal factor within
    a factor of two; the detectors' linear fit overshoots at the ends of the series
    (Tucson, Dec 1999: the adjusted figure three times the count)."""
    from borderflow.analytics.seasonal import decompose

    for name in vocab.SOUTHWEST_SECTORS:
        s = warehouse.series(name)
        chart = decompose(s, seasonal_deg=0)
        ratio = chart.adjusted / np.maximum(chart.observed, 1)
        assert ratio.min() > 0.5 and ratio.max() < 2.0, name
    tucson = decompose(warehouse.series("Tucson"))
    edge = tucson.adjusted[2] / tucson.observed[2]
    assert tucson.months[2] == dt.date(1999, 12, 1) and edge > 2.5
