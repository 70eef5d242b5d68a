"""Charts as figures: the server's SVG, its table and its data for the interactive view.

Every chart of the dashboard is one ``<figure class="ichart">`` (template
``chart.html.j2``) holding

- the SVG drawn on the server (what readers without script, the PDF report and
  print get), inside an element with ``role="img"`` and a text alternative
  that says what the chart shows (its span, highest and latest values);
- the chart's figures as a table, in a ``<details>`` block (the screen reader's
  and the no-script reader's way to every number);
- the same figures as a JSON block (``type="application/json"``, never run, so
  the self-only Content-Security-Policy holds), which ``static/charts.js``
  draws with uPlot: hover values, zoom and range choice, a chart/table switch,
  PNG/SVG/CSV downloads and a permalink.

The words the script shows come from the page (``base.html.j2``), not from
the script, so they can be translated with the templates.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from borderflow import i18n
from borderflow.i18n import N_, _

#: the x axis: months (``2023-08``), days (``2025-11-29``) or named groups
X_KINDS = ("month", "day", "category")


@dataclass
class Line:
    """One series of a chart: ``kind`` is line, dash, points, bar, step or band (the
    edge of a shaded band, not stroked); ``scale`` "pct" puts it on a 0-100% axis;
    ``clip`` leaves it out of the y axis's fit."""

    name: str
    values: Sequence[float | int | None]
    color: str = "#08519c"
    kind: str = "line"
    scale: str = "y"
    hidden: bool = False
    #: left out of the y axis's fit (a 95% band may run off the top of the view)
    clip: bool = False
    #: the CSV download's column header, naming the measure ("" = ``name``)
    csv_name: str = ""


@dataclass
class Figure:
    """One chart: its x values, lines, shaded bands and marked events."""

    id: str
    title: str
    x: str
    xs: list[str]
    lines: list[Line]
    xlabel: str = N_("month")
    #: shaded areas between two lines: (upper line's index, lower line's index, fill)
    bands: list[tuple[int, int, str]] = field(default_factory=list)
    #: each band's name in the legend ("95% interval"), in the order of ``bands``
    band_names: list[str] = field(default_factory=list)
    #: vertical markers: (x value, label)
    events: list[tuple[str, str]] = field(default_factory=list)
    #: the view first shown (first and last x value); None shows everything
    window: tuple[str, str] | None = None
    #: what the text alternative leads with ("Line chart", "Bar chart" ...)
    kind: str = N_("Line chart")
    #: columns only the CSV download carries, one value per x value: (header, values),
    #: e.g. each month's source and rounding
    csv_extra: list[tuple[str, list[str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.x not in X_KINDS:
            raise ValueError(f"figure {self.id}: x must be one of {X_KINDS}, not {self.x!r}")
        if not re.fullmatch(r"[a-z][a-z0-9-]*", self.id):
            raise ValueError(f"figure id {self.id!r}: lower-case letters, digits and '-'")
        for name, values in self.csv_extra:
            if len(values) != len(self.xs):
                raise ValueError(f"figure {self.id}: CSV column {name!r} has {len(values)} "
                                 f"values for {len(self.xs)} x values")
        for line in self.lines:
            if len(line.values) != len(self.xs):
                raise ValueError(f"figure {self.id}: {line.name!r} has {len(line.values)} "
                                 f"values for {len(self.xs)} x values")

    def label(self, i: int) -> str:
        """The i-th x value as a reader writes it ("Aug 2023", "29 Nov 2025")."""
        value = self.xs[i]
        if self.x == "month":
            return i18n.month(dt.date.fromisoformat(value + "-01"))
        if self.x == "day":
            day = dt.date.fromisoformat(value)
            return f"{day.day} {i18n.month(day)}"
        return value

    def spec(self) -> dict[str, Any]:
        """The JSON the script draws from (numbers as numbers, gaps as null)."""
        return {"id": self.id, "title": self.title, "x": self.x, "xs": self.xs,
                "xlabel": _(self.xlabel), "file": self.id,
                "series": [{"name": s.name, "values": [_number(v) for v in s.values],
                            "color": s.color, "kind": s.kind, "scale": s.scale,
                            "hidden": s.hidden, "clip": s.clip,
                            "csv": s.csv_name or s.name} for s in self.lines],
                "csvExtra": [{"name": n, "values": v} for n, v in self.csv_extra],
                "bands": [[*b, *self.band_names[k:k + 1]] for k, b in enumerate(self.bands)],
                "events": [{"x": x, "label": text} for x, text in self.events
                           if self.xs and self.xs[0] <= x <= self.xs[-1]],
                "window": list(self.window) if self.window else None}

    def rows(self) -> list[list[str]]:
        """The table: one row per x value, one column per line (a gap is left empty)."""
        out = []
        for i in range(len(self.xs)):
            cells = [self.label(i)]
            for s in self.lines:
                v = _number(s.values[i])
                cells.append("" if v is None else (i18n.num(v, 1).removesuffix(".0") + "%"
                                                   if s.scale == "pct" else i18n.num(v)))
            out.append(cells)
        return out

    def alt(self) -> str:
        """The text alternative: what, over which span, highest and latest of the first line."""
        kind = _(self.kind)
        if not self.xs or not self.lines:
            return _("{kind}: {title}. No figures.").format(kind=kind, title=self.title)
        main = self.lines[0]
        known = [(i, v) for i, v in enumerate(_number(x) for x in main.values) if v is not None]
        text = _("{kind}: {title}, {first} to {last}.").format(
            kind=kind, title=self.title, first=self.label(0),
            last=self.label(len(self.xs) - 1))
        if known:
            top = max(known, key=lambda p: p[1])
            last = known[-1]
            text += " " + _("{line}: highest {top} ({top_when}), latest {last} "
                            "({last_when}).").format(
                line=main.name[:1].upper() + main.name[1:], top=i18n.num(top[1]),
                top_when=self.label(top[0]), last=i18n.num(last[1]),
                last_when=self.label(last[0]))
        return text + " " + _("Every figure is in the table below the chart.")


def _number(v: Any) -> float | int | None:
    if v is None:
        return None
    f = float(v)
    if math.isnan(f) or math.isinf(f):
        return None
    return int(f) if f == int(f) else round(f, 2)


def months_key(months: Sequence[dt.date]) -> list[str]:
    return [f"{m:%Y-%m}" for m in months]


def render(fig: Figure, svg: Markup) -> Markup:
    """The figure's HTML: SVG, text alternative, table and data block."""
    from borderflow.web.pages import _ENV  # the one template environment

    return Markup(_ENV.get_template("chart.html.j2").render(
        fig=fig, svg=svg, spec=fig.spec(), rows=fig.rows(), alt=fig.alt()))
