"""Fan chart of planned occupancy against open beds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from borderflow import i18n
from borderflow.capacity.plan import PlanResult
from borderflow.i18n import _


def _daynum(day: dt.date) -> float:
    """Matplotlib's date number (days since 1970-01-01) of ``day``."""
    return float((day - dt.date(1970, 1, 1)).days)


def _day(day: dt.date) -> str:
    """A day as "05 Mar" (English) or "5 mar" (Spanish)."""
    from babel.dates import format_date

    if i18n.current() == i18n.LANGUAGES[0]:
        return f"{day:%d %b}"
    return format_date(day, "d MMM", locale=i18n.locale())


def fan_chart(result: PlanResult, path: Path, *, title: str, source: str,
              compact: bool = False, caveat: str | None = None) -> list[Path]:
    """Write the plan's fan chart as PNG and SVG beside ``path`` (its suffix is replaced).

    The bands are the 50% and 90% ranges of nightly demand for beds; the step
    line is the beds open each night; days where the chance of running out
    passes 5% are shaded.  ``compact``: a narrow figure with large type, readable
    when a phone shrinks it to 360 pixels (the dashboard's).  ``caveat``: a sentence
    printed under the chart (what the bands are worth).
    """
    import textwrap

    from borderflow.report.charts import figure_axes

    days = np.array([d.day for d in result.days], dtype="datetime64[D]")
    q = {k: [d.quantiles[k] for d in result.days] for k in (0.05, 0.25, 0.5, 0.75, 0.95)}
    beds = [d.beds for d in result.days]
    # compact: about as wide in points as a phone's screen in pixels, so type keeps its size
    fig, (ax, risk) = figure_axes(2, 1, figsize=(4.9, 5.6) if compact else (10, 6.5),
                                  dpi=110, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    small = 9.5 if compact else 9
    ax.fill_between(days, q[0.05], q[0.95], color="#9ecae1", alpha=0.6, label=_("90% range"))
    ax.fill_between(days, q[0.25], q[0.75], color="#4292c6", alpha=0.7, label=_("50% range"))
    ax.plot(days, q[0.5], color="#08306b", linewidth=1.8, label=_("median"))
    ax.step(days, beds, where="mid", color="#cb181d", linewidth=2, label=_("open beds"))
    p_over = [100 * d.p_over for d in result.days]
    risk.bar(days, p_over, width=0.8,
             color=["#cb181d" if p > 5 else "#9ecae1" for p in p_over])
    risk.axhline(5, color="#444444", linestyle="--", linewidth=1)
    risk.set_ylabel(_("chance beds\nrun out (%)"))
    risk.set_ylim(0, 100)
    risk.grid(alpha=0.3)
    if result.first_risky_day:
        ax.axvline(_daynum(result.first_risky_day), color="#cb181d", linestyle=":",
                   linewidth=1)
        ax.annotate(_("risk > 5% from {day}").format(day=_day(result.first_risky_day)),
                    (_daynum(result.first_risky_day), max(beds) if beds else 0),
                    textcoords="offset points", xytext=(4, 6), fontsize=small, color="#cb181d")
    ax.set_title(title, loc="left", fontsize=13)
    ax.set_ylabel(_("people needing a bed (per night)"))
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=small, frameon=False, ncols=2 if compact else 1)
    extra = (_("to keep the risk at or under 5%: +{beds} beds").format(
        beds=i18n.num(result.extra_beds))
             + (" " + _("or +{n} departures a day").format(n=i18n.num(result.extra_departures))
                if result.extra_departures else ""))
    note = extra + ".  " + _("{n} simulated paths.  Source: {source}").format(
        n=i18n.num(result.paths), source=source)
    if caveat:
        note += "\n" + caveat
    fig.text(0.01, 0.01, textwrap.fill(note, 62) if compact else note,
             fontsize=8.5 if compact else 8, color="#444444")
    from matplotlib.dates import num2date
    from matplotlib.ticker import FuncFormatter

    # the days in the reader's language ("05 Mar", "5 mar"), not matplotlib's English
    risk.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _pos: _day(num2date(v).date())))  # type: ignore[no-untyped-call]
    if compact:
        for axis in (ax, risk):
            axis.tick_params(labelsize=10)
        ax.yaxis.label.set_size(10)
        risk.yaxis.label.set_size(9.5)
    fig.autofmt_xdate()
    fig.tight_layout(rect=(0, 0.08 if compact else 0.04, 1, 1))
    out = []
    for suffix in (".png", ".svg"):
        target = path.with_suffix(suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(target)
        out.append(target)
    return out
