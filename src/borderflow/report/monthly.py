"""The monthly report: HTML and PDF, every number with its source release.

Headline numbers, comparisons, top sectors and citizenships, alerts with
explanations, and charts, for one month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from borderflow import i18n, vocab
from borderflow.analytics.brief import build_brief
from borderflow.analytics.compare import Comparison, compare
from borderflow.analytics.detect import Alert, all_series, detect_all, mix_shifts
from borderflow.analytics.seasonal import decompose
from borderflow.errors import NoSourceError
from borderflow.i18n import N_, _
from borderflow.i18n.terms import alert_kind, group_name
from borderflow.report import charts
from borderflow.store import Warehouse

PNG = (".png",)
METHOD = N_("Alerts: surges and drops are months whose seasonally adjusted level departs from "
          "the previous three months by more than 3.5 robust standard deviations (modified "
          "z-score on the log scale, after an STL seasonal decomposition); level shifts are "
          "PELT change points; mix shifts are citizenship shares more than four standard "
          "deviations and five points from their previous 12 months.")


@dataclass
class Report:
    """What was written."""

    html: Path
    pdf: Path | None
    charts: list[Path]
    headline: dict[str, int]
    alerts: list[Alert] = field(default_factory=list)


class _Refs:
    """Numbers each release, in order of first use, for the ``[n]`` markers."""

    def __init__(self) -> None:
        self.labels: list[str] = []

    def ref(self, releases: list[str] | tuple[str, ...]) -> str:
        out = []
        for label in releases:
            if label not in self.labels:
                self.labels.append(label)
            out.append(str(self.labels.index(label) + 1))
        return ",".join(out)


def _fmt_pct(v: float | None) -> str:
    return i18n.pct(v)


def _table(title: str, tid: str, group_label: str, c: Comparison, refs: _Refs, top: int,
           note: str = "") -> dict[str, Any]:
    rows = [{"group": group_name(r.group), "value": r.value, "share": r.share,
             "mom": _fmt_pct(r.mom_pct),
             "yoy": _fmt_pct(r.yoy_pct), "fytd": _fmt_pct(r.fytd_pct)} for r in c.rows[:top]]
    rounding = " " + _("OHSS figures, rounded to {n}.").format(n=c.rounding) \
        if c.rounding > 1 else ""
    return {"title": _(title), "id": tid, "group_label": _(group_label), "rows": rows,
            "ref": refs.ref(c.releases), "note": (note + rounding).strip()}


def build_report(wh: Warehouse, month: dt.date, out: Path, *, as_of: dt.date | None = None,
                 pdf: bool = True,
                 progress: Callable[[str], None] | None = None) -> Report:
    """Write ``report-YYYY-MM.html`` (and ``.pdf``) with its charts into ``out``.

    ``progress`` is told each step as it starts (the CLI shows the slow ones).
    """
    step = progress or (lambda _label: None)
    from jinja2 import Environment, PackageLoader, select_autoescape

    m = month.replace(day=1)
    out.mkdir(parents=True, exist_ok=True)
    refs = _Refs()
    step("headline figures and comparisons")
    brief = build_brief(wh, m, as_of=as_of, top=8)
    headline = [{"label": f.label, "value": f.value, "period": f.period, "note": f.note,
                 "ref": refs.ref(f.releases)} for f in [*brief.totals, *brief.components]]
    changes = [{"label": c.label, "now": c.current.value, "before": c.baseline.value,
                "pct": _fmt_pct(c.pct), "ref": refs.ref(c.current.releases)}
               for c in brief.changes]
    sw: dict[str, tuple[str, ...]] = {"region": (vocab.SOUTHWEST,)}
    tables: list[dict[str, Any]] = []
    asks = [
        (N_("Southwest border by component"), "by-component", N_("Component"), "component",
         sw, 4, ""),
        (N_("Border Patrol sectors (southwest)"), "by-sector", N_("Sector"), "area",
         {**sw, "component": (vocab.USBP,), "area_type": ("sector",)}, 9, ""),
        (N_("Top citizenships, southwest border"), "by-citizenship", N_("Citizenship"),
         "citizenship", sw, 8, _("'Other' is every country CBP does not list separately.")),
        (N_("Southwest border by demographic"), "by-demographic", N_("Demographic"),
         "demographic", sw, 4, ""),
    ]
    comparisons: dict[str, Comparison] = {}
    for title, tid, label, by, filters, top, note in asks:
        try:
            c = compare(wh, m, by=by, filters=filters, as_of=as_of)
        except NoSourceError:
            continue
        comparisons[tid] = c
        tables.append(_table(title, tid, label, c, refs, top, note))
    step("alerts on every series")
    series = all_series(wh, as_of)
    alerts = [a for a in detect_all(wh, series)
              if vocab.add_months(m, -2) <= a.month <= m]
    alerts += [a for a in mix_shifts(wh, as_of=as_of) if a.month == m]
    step("charts")
    # each language its own files, so an English and a Spanish report share a folder
    suffix = "" if i18n.current() == i18n.LANGUAGES[0] else f".{i18n.current()}"
    chart_dir = out / ("charts" + suffix.replace(".", "-"))
    written: list[Path] = []
    titles = {
        "southwest-usbp": _("Southwest border, Border Patrol encounters per month (FY2000 to "
                            "date)"),
        "southwest-all": _("Southwest border, all CBP encounters per month"),
        "sectors": _("Border Patrol encounters by sector, {month}").format(
            month=i18n.month_long(m)),
        "citizenship-mix": _("Southwest border: share of encounters by citizenship group"),
        "sectors-small-multiples": _("Southwest sectors, Border Patrol encounters per month "
                                     "since FY2019"),
    }
    sw_usbp = series[0]
    written += charts.series_chart(
        sw_usbp, chart_dir / "southwest-usbp",
        adjusted=decompose(sw_usbp, seasonal_deg=0).adjusted,
        title=titles["southwest-usbp"], formats=PNG, mark=m)
    written += charts.series_chart(
        series[2], chart_dir / "southwest-all", title=titles["southwest-all"], formats=PNG,
        mark=m)
    if "by-sector" in comparisons:
        written += charts.bar_chart(comparisons["by-sector"], chart_dir / "sectors",
                                    title=titles["sectors"], formats=PNG)
    written += charts.mix_chart(wh, chart_dir / "citizenship-mix", filters=sw,
                                title=titles["citizenship-mix"], as_of=as_of, formats=PNG,
                                mark=m)
    written += charts.small_multiples(series[4:], chart_dir / "sectors-small-multiples",
                                      title=titles["sectors-small-multiples"],
                                      since=dt.date(2018, 10, 1), formats=PNG, mark=m)
    pngs = [p for p in written if p.suffix == ".png"]
    env = Environment(loader=PackageLoader("borderflow.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]),
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(i18n.gettext, i18n.ngettext,  # type: ignore[attr-defined]
                                  newstyle=True)
    env.filters["num"] = i18n.num
    html = env.get_template("monthly.html.j2").render(
        lang=i18n.current(), month_label=i18n.month_long(m), as_of=as_of, headline=headline,
        changes=changes, tables=tables,
        alerts=[{**a.as_dict(), "month": i18n.month_long(a.month), "kind": alert_kind(a.kind)}
                for a in alerts],
        method=_(METHOD),
        charts=[{"src": f"{chart_dir.name}/{p.name}", "alt": titles[p.stem]} for p in pngs],
        sources=refs.labels)
    html_path = out / f"report-{m:%Y-%m}{suffix}.html"
    html_path.write_text(html, encoding="utf-8")
    if pdf:
        step("the PDF")
    pdf_path = _pdf(html, html_path, out / f"report-{m:%Y-%m}{suffix}.pdf") if pdf else None
    return Report(html_path, pdf_path, written,
                  {str(f["label"]): int(str(f["value"])) for f in headline}, alerts)


#: the template's screen-only CSS: left out of the PDF's copy, so xhtml2pdf reads no
#: property it does not implement (it would warn on stderr)
SCREEN_ONLY = re.compile(r"@media screen \{[^{}]*\{[^{}]*\}\s*\}")


def _pdf(html: str, source: Path, target: Path) -> Path:
    """Render the HTML to PDF (xhtml2pdf: pure Python, works offline).

    Local reads are confined to the report's folder (``path`` sets it).
    """
    from xhtml2pdf import pisa

    def resolve(uri: str, rel: str) -> str:
        return str((source.parent / uri).resolve())

    with target.open("wb") as fh:
        status = pisa.CreatePDF(SCREEN_ONLY.sub("", html), dest=fh, link_callback=resolve,
                                path=str(source))
    if status.err:
        from borderflow.errors import BorderflowError

        raise BorderflowError(_("could not render {name} ({n} errors)").format(
            name=target.name, n=status.err))
    return target
