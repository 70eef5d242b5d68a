"""Charts of the encounter series, readable at a glance.

Each chart has a title, a labelled axis with units, and a caption naming the
source publication and release; each is written as PNG and SVG.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from borderflow import i18n
from borderflow.analytics.compare import Comparison
from borderflow.analytics.events import events_between
from borderflow.i18n import _
from borderflow.store import Query, Warehouse
from borderflow.store.models import Series

PALETTE = ("#08519c", "#e6550d", "#31a354", "#756bb1", "#636363", "#de2d26", "#3182bd",
           "#fd8d3c", "#74c476")


def figure_axes(*args: Any, figsize: tuple[float, float], dpi: int, **kw: Any) -> Any:
    """A figure and its axes, without pyplot: pyplot keeps global state, and the
    dashboard draws charts from several threads at once."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=dpi)
    return fig, fig.subplots(*args, **kw)


#: formats every chart is written in (the report needs only PNG)
FORMATS: tuple[str, ...] = (".png", ".svg")


def _save(fig: Any, path: Path, formats: tuple[str, ...] | None = None) -> list[Path]:
    out = []
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in formats or FORMATS:
        target = path.with_suffix(suffix)
        fig.savefig(target)
        out.append(target)
    return out


def _caption(fig: Any, text: str) -> None:
    fig.text(0.01, 0.01, text, fontsize=7.5, color="#555555", wrap=True)


def source_title(family: str) -> str:
    """A source family's title for a caption (readers never see internal ids)."""
    from borderflow.sources import family_title

    return family_title(family)


def mark_month(ax: Any, month: dt.date | None, label: str | None = None) -> None:
    """Shade one month on a time axis (the report's month), labelled in the legend."""
    if month is None:
        return
    nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    ax.axvspan(np.datetime64(month), np.datetime64(nxt), color="#ffd166", alpha=0.6,
               zorder=0, label=f"{i18n.month(month)}: {label or _('this report')}",
               gid="marked-month")


def _thousands(ax: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: i18n.num(v)))


def series_chart(series: Series, path: Path, *, title: str | None = None,
                 adjusted: np.ndarray | None = None, events: bool = True,
                 since: dt.date | None = None,
                 formats: tuple[str, ...] | None = None,
                 mark: dt.date | None = None) -> list[Path]:
    """A long monthly series, optionally with its seasonally adjusted line, policy events
    and one month marked (``mark``: the report's)."""
    points = [p for p in series.points if since is None or p.month >= since]
    x = np.array([p.month for p in points], dtype="datetime64[D]")
    y = np.array([p.encounters for p in points], dtype=float)
    fig, ax = figure_axes(figsize=(11, 5), dpi=100)
    ax.plot(x, y, color=PALETTE[0], linewidth=1.4, label=_("encounters per month"))
    if adjusted is not None:
        ax.plot(x, adjusted[-len(points):], color=PALETTE[1], linewidth=1.2, linestyle="--",
                label=_("seasonally adjusted"))
    rows = 0
    keyed: list[str] = []
    if events and points:
        rows = _event_labels(ax, events_between(points[0].month, points[-1].month),
                             points[0].month, points[-1].month, keyed)
    changes = [(m, text) for m, text in series.changes()
               if points and points[0].month < m <= points[-1].month]
    for m, _text in changes:
        # where the series changes meaning (what it counts, or under which authority)
        ax.axvline(np.datetime64(m), color=PALETTE[3 % len(PALETTE)], linewidth=1.0,
                   linestyle="--", alpha=0.8)
    mark_month(ax, mark)
    measure = {"usbp": _("U.S. Border Patrol encounters"), "cbp": _("all CBP encounters"),
               "ofo": _("Office of Field Operations encounters")}.get(series.measure,
                                                                      series.measure)
    ax.set_title(title or _("{name}: {measure} per month").format(
        name=series.name[:1].upper() + series.name[1:], measure=measure),
                 loc="left", fontsize=13, pad=6 + 10 * rows)
    ax.set_ylabel(_("encounters per month"))
    ax.set_ylim(bottom=0)
    _thousands(ax)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    sources = "; ".join(source_title(f) + ", " + _("{first} to {last}").format(
        first=i18n.month(a), last=i18n.month(b)) for f, a, b in series.segments())
    _caption(fig, _("Source: {sources}. Releases: {releases}.").format(
        sources=sources,
        releases=", ".join(f"#{r}" for r in sorted({p.release_id for p in points})))
             + "".join(" " + _("Dashed line {month}: {text}.").format(
                 month=i18n.month(m), text=text) for m, text in changes)
             + (" " + _("Events") + " " + "; ".join(keyed) + "." if keyed else ""))
    fig.subplots_adjust(left=0.08, right=0.97, top=0.92 - 0.028 * rows, bottom=0.17)
    return _save(fig, path, formats)


#: rows of event labels above a chart, and the width of one of their characters (points)
EVENT_ROWS = 3
_CHAR_PT = 4.6
_EPOCH = dt.date(1970, 1, 1)


def _event_labels(ax: Any, events: Sequence[Any], first: dt.date, last: dt.date,
                  keyed: list[str]) -> int:
    """Each event a dotted line, its label above the plot in the first of three rows
    where it does not run into the label before it (labels never overlap each other,
    the data or the title); where no row has room, its number, added to ``keyed``
    for the caption.  Returns the rows used."""
    from matplotlib.transforms import blended_transform_factory

    low, high = ax.get_xlim()  # the data drawn so far set it (with its margins)
    # a 7-point character's share of the axes' width (about 0.6 of its size)
    char = _CHAR_PT / (ax.get_position().width * ax.figure.get_figwidth() * 72)
    ends = [-1.0] * (EVENT_ROWS + 1)
    used = 0
    where = blended_transform_factory(ax.transData, ax.transAxes)
    for number, e in enumerate(events, 1):
        ax.axvline(np.datetime64(e.day), color="#999999", linewidth=0.8, linestyle=":")
        x = ((e.day - _EPOCH).days - low) / (high - low)  # matplotlib's date number
        # the label, else (no row has room) its number, keyed in the caption
        for text, rows in ((e.name(), EVENT_ROWS), (str(number), EVENT_ROWS + 1)):
            width = len(text) * char
            right = x + width > 1.0  # near the right edge it ends at its line
            start = x - width if right else x
            row = next((r for r in range(rows) if start > ends[r]), -1)
            if row >= 0:
                break
        if row < 0:  # not even a number fits: the one nearest its line's left
            row = min(range(EVENT_ROWS + 1), key=lambda r: ends[r])
        if text != e.name():
            keyed.append(f"{number}: {e.name()}")
        ax.text(np.datetime64(e.day), 1.01 + 0.055 * row, text, fontsize=7,
                color="#444444", ha="right" if right else "left", va="bottom",
                transform=where, clip_on=False)
        ends[row] = start + width + 0.008
        used = max(used, row + 1)
    return used


def bar_chart(comparison: Comparison, path: Path, *, title: str,
              formats: tuple[str, ...] | None = None, limit: int = 12,
              xlabel: str | None = None) -> list[Path]:
    """Groups of one month side by side, with the change on the year (the first
    ``limit`` groups: say so in the title when there are more)."""
    rows = comparison.rows[:limit]
    height = 0.45 * len(rows) + 1.6
    fig, ax = figure_axes(figsize=(10, height), dpi=100)
    names = [r.group for r in rows][::-1]
    values = [r.value for r in rows][::-1]
    ax.barh(names, values, color=PALETTE[0])
    for i, r in enumerate(rows[::-1]):
        label = f" {i18n.num(r.value)}" + ("  " + _("({pct} on the year)").format(
            pct=i18n.signed(r.yoy_pct) + "%") if r.yoy_pct is not None else "")
        ax.text(r.value, i, label, va="center", fontsize=8)
    ax.set_title(title, loc="left", fontsize=13)
    ax.set_xlabel(xlabel or _("encounters in the month"))
    ax.set_xlim(0, max(values or [1]) * 1.35)
    ax.xaxis.set_major_formatter(__import__("matplotlib.ticker").ticker.FuncFormatter(
        lambda v, _pos: i18n.num(v)))
    _caption(fig, _("Source: {source}").format(source=source_title(comparison.family))
             + (" " + _("(rounded to {n})").format(n=comparison.rounding)
                if comparison.rounding > 1 else "")
             + _("; releases {releases}.").format(releases=", ".join(comparison.releases)))
    # margins in inches, so a chart of two bars has room for its axis label and caption
    fig.subplots_adjust(left=0.2, right=0.97, top=1 - 0.45 / height, bottom=0.85 / height)
    return _save(fig, path, formats)


def period_chart(labels: Sequence[str], values: Sequence[int], path: Path, *, title: str,
                 caption: str, formats: tuple[str, ...] | None = None) -> list[Path]:
    """Encounters per period (month, fiscal or calendar year) as columns, every period
    drawn; with many periods only some are labelled on the axis."""
    fig, ax = figure_axes(figsize=(11, 4.5), dpi=100)
    x = np.arange(len(values))
    ax.bar(x, values, color=PALETTE[0], width=0.8)
    step = max(1, -(-len(labels) // 24))  # at most about 24 labels
    ax.set_xticks(x[::step], [labels[i] for i in range(0, len(labels), step)], rotation=60,
                  ha="right", fontsize=8)
    ax.set_title(title, loc="left", fontsize=13)
    ax.set_ylabel(_("encounters"))
    ax.set_ylim(bottom=0)
    _thousands(ax)
    ax.grid(alpha=0.3, axis="y")
    _caption(fig, caption)
    fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.3)
    return _save(fig, path, formats)


def mix_chart(wh: Warehouse, path: Path, *, dimension: str = "citizenship_group",
              filters: dict[str, tuple[str, ...]] | None = None, title: str,
              as_of: dt.date | None = None,
              formats: tuple[str, ...] | None = None,
              mark: dt.date | None = None) -> list[Path]:
    """Shares of a breakdown (citizenship group, demographic) month by month."""
    return _save(mix_figure(wh, dimension=dimension, filters=filters, title=title,
                            as_of=as_of, mark=mark), path, formats)


def mix_figure(wh: Warehouse, *, dimension: str = "citizenship_group",
               filters: dict[str, tuple[str, ...]] | None = None, title: str,
               as_of: dt.date | None = None, mark: dt.date | None = None) -> Any:
    """The mix chart's figure: the legend sits right of the plot, inside the figure
    (long group names wrapped), so no name is cut off."""
    import textwrap

    result = wh.query(Query(filters=filters or {}, group_by=("month", dimension), as_of=as_of))
    months = sorted({r["month"] for r in result.rows})
    groups = sorted({str(r[dimension]) for r in result.rows})
    table = np.zeros((len(groups), len(months)))
    for r in result.rows:
        table[groups.index(str(r[dimension])), months.index(r["month"])] += r["encounters"]
    shares = table / np.maximum(table.sum(axis=0, keepdims=True), 1) * 100
    fig, ax = figure_axes(figsize=(11, 5), dpi=100)
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(groups))]
    ax.stackplot(np.array(months, dtype="datetime64[D]"), shares,
                 labels=[textwrap.fill(g, 26) for g in groups], colors=colours, alpha=0.9)
    if mark is not None:
        ax.axvline(np.datetime64(mark), color="#000000", linewidth=1.2, linestyle="--",
                   label=f"{i18n.month(mark)}: " + _("this report"), gid="marked-month")
    ax.set_ylim(0, 100)
    ax.set_ylabel(_("share of encounters (%)"))
    ax.set_title(title, loc="left", fontsize=13)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    _caption(fig, _("Source: {source}").format(source=source_title(result.family))
             + _("; releases {releases}.").format(
                 releases=", ".join(r.label for r in result.releases)))
    fig.subplots_adjust(left=0.08, right=0.74, top=0.92, bottom=0.12)
    return fig


def small_multiples(series: Sequence[Series], path: Path, *, title: str,
                    since: dt.date | None = None,
                    formats: tuple[str, ...] | None = None,
                    mark: dt.date | None = None) -> list[Path]:
    """One small panel per series (the southwest sectors), same time axis, own scale."""
    n = len(series)
    cols = 3
    rows = (n + cols - 1) // cols
    fig, axes = figure_axes(rows, cols, figsize=(12, 2.6 * rows), dpi=100, sharex=True)
    flat = np.atleast_1d(axes).ravel()
    for ax, s in zip(flat, series, strict=False):
        pts = [p for p in s.points if since is None or p.month >= since]
        ax.plot(np.array([p.month for p in pts], dtype="datetime64[D]"),
                [p.encounters for p in pts], color=PALETTE[0], linewidth=1.1)
        mark_month(ax, mark)
        ax.set_title(s.name, fontsize=10, loc="left")
        ax.set_ylim(bottom=0)
        _thousands(ax)
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=7)
    for ax in flat[n:]:
        ax.set_visible(False)
    fig.suptitle(title, x=0.01, ha="left", fontsize=13)
    families = sorted({f for s in series for f, _, _ in s.segments()})
    _caption(fig, _("Border Patrol encounters per month, each panel on its own scale. "
                    "Sources: {sources}.").format(
        sources=", ".join(source_title(f) for f in families)))
    fig.subplots_adjust(left=0.06, right=0.98, top=0.9, bottom=0.08, hspace=0.35, wspace=0.25)
    return _save(fig, path, formats)


def forecast_fan(months: Sequence[dt.date], actual: np.ndarray, targets: Sequence[dt.date],
                 mean: np.ndarray, bands: dict[str, np.ndarray], path: Path, *, title: str,
                 caption: str, formats: tuple[str, ...] | None = None,
                 since: dt.date | None = None,
                 observed: dict[dt.date, float] | None = None,
                 clip95: bool = False) -> list[Path]:
    """Forecast against actual with its 80% and 95% fan.

    ``observed``: actuals published since the forecast's origin (by a newer
    source), drawn as points over the fan so those months read as checked,
    not as outlook.  ``clip95``: the y axis fits the actuals and the 80% band,
    and the 95% band may run off the top (the legend says so).
    """
    keep = [i for i, m in enumerate(months) if since is None or m >= since]
    fig, ax = figure_axes(figsize=(11, 5), dpi=100)
    x = np.array([months[i] for i in keep], dtype="datetime64[D]")
    t = np.array(targets, dtype="datetime64[D]")
    top = max([float(np.max(actual[keep])) if keep else 0.0, float(np.max(bands["hi80"])),
               float(np.max(mean)), *(observed or {}).values()]) * 1.1
    cut = clip95 and float(np.max(bands["hi95"])) > top
    ax.fill_between(t, bands["lo95"], bands["hi95"], color="#c6dbef",
                    label=_("95% interval") + (" " + _("(runs off the top)") if cut else ""))
    ax.fill_between(t, bands["lo80"], bands["hi80"], color="#6baed6", label=_("80% interval"))
    ax.plot(t, mean, color="#08306b", linewidth=1.5, label=_("forecast"))
    ax.plot(x, actual[keep], color="#d94801", linewidth=1.2, label=_("actual"))
    if observed:
        seen = sorted(observed)
        ax.plot(np.array(seen, dtype="datetime64[D]"), [observed[m] for m in seen], "o",
                color="#d94801", markersize=5, label=_("actual, published since"))
    for e in events_between(months[keep[0]] if keep else months[0], targets[-1]):
        ax.axvline(np.datetime64(e.day), color="#999999", linewidth=0.8, linestyle=":")
    ax.set_title(title, loc="left", fontsize=13)
    ax.set_ylabel(_("encounters per month"))
    ax.set_ylim(0, top if cut else None)
    _thousands(ax)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    _caption(fig, caption)
    fig.subplots_adjust(left=0.08, right=0.97, top=0.92, bottom=0.12)
    return _save(fig, path, formats)
