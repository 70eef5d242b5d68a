"""Report charts: legends fit inside the figure, and the report's month is marked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
