"""The dashboard's two forms that compute: the shelter capacity plan and the claims check.

Each form sends a POST, and each also takes a GET with the same fields, so a
result has a URL that shows it again (the page links to it, and
``static/permalink.js`` puts it in the address bar).  A GET that computes runs
as the POST does: in the server's pool for computing requests
(``ServerState.compute``), within its work budget and wall-clock limit, and
it is never cached (a plan starts today).  A claims text longer than
:data:`MAX_LINK_TEXT` is checked from the form only, and its result says it
has no link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from borderflow import i18n
from borderflow.capacity.planner import VALIDATED_HORIZON, chart_caveat
from borderflow.i18n import N_, _
from borderflow.i18n.terms import verdict_name
from borderflow.serve.state import ServerState, State
from borderflow.web import chartdata
from borderflow.web.figures import render as figure_html
from borderflow.web.pages import _newest, _simple, _svg, escape

#: the most people (beds, arrivals a day) a form accepts: far above any real network
MAX_PEOPLE = 1_000_000


router = APIRouter(include_in_schema=False)


#: a computed page (a plan, a claims check) depends on the day it is made: never cached
_NO_STORE = {"cache-control": "no-store"}


def _link(path: str, fields: list[tuple[str, str]]) -> str:
    """``path`` with ``fields`` as its query string."""
    return path + "?" + urlencode(fields)


def _permalink_html(url: str) -> str:
    return ("<p class='muted' id='permalink-note'><a id='permalink' href='" + escape(url)
            + "'>" + escape(_("Link to this result")) + "</a> "
            + escape(_("(opens the same form and result)")) + "</p>")


@router.get("/capacity", response_class=HTMLResponse)
async def capacity_form(state: State, request: Request) -> HTMLResponse:
    """The form; with its fields in the query string (a result's link), the plan too,
    computed as a POST is: in the pool for computing requests, within its limits."""
    fields = {k: v[:100] for k, v in request.query_params.items() if k in _CAPACITY_FIELDS}
    if not fields:
        return _simple(_("Shelter capacity"), _capacity_form({}) + "<p>"
                       + escape(_("Fill in the network and press Plan.")) + "</p>")
    response = await _capacity_answer(state, request, fields)
    response.headers.update(_NO_STORE)
    return response

_CAPACITY_FIELDS: dict[str, tuple[str, float, float, bool]] = {
    # name: (label, lowest, highest, whole number)
    "beds": (N_("Beds open"), 0, MAX_PEOPLE, True),
    "overflow": (N_("Overflow beds"), 0, MAX_PEOPLE, True),
    "overflow_day": (N_("Overflow opens in (days)"), 0, 60, True),
    "arrivals": (N_("Arrivals a day"), 0, MAX_PEOPLE, False),
    "stay": (N_("Mean stay (nights)"), 0.05, 365, False),
    "departures": (N_("Departures a day"), 0, MAX_PEOPLE, False),
    "occupancy": (N_("In the shelters tonight"), 0, MAX_PEOPLE, True),
    "surge": (N_("Surge (more a day)"), -MAX_PEOPLE, MAX_PEOPLE, False),
}


def _read_capacity_form(form: dict[str, str]) -> tuple[dict[str, float], dict[str, str]]:
    """The form's numbers, and an error per field that is missing or out of range."""
    values: dict[str, float] = {}
    errors: dict[str, str] = {}
    for name, (label, lo, hi, whole) in _CAPACITY_FIELDS.items():
        text = form.get(name, "").strip()
        try:
            value = float(text)
        except ValueError:
            errors[name] = _("{field}: enter a number").format(field=_(label))
            continue
        if not lo <= value <= hi or (whole and value != int(value)):
            template = _("{field}: enter a whole number from {lo} to {hi}") if whole \
                else _("{field}: enter a number from {lo} to {hi}")
            errors[name] = template.format(field=_(label), lo=_g(lo), hi=_g(hi))
            continue
        values[name] = value
    return values, errors


@router.post("/capacity", response_class=HTMLResponse)
async def capacity(state: State, request: Request) -> HTMLResponse:
    """Plan from the form; bad input shows the form again with what to correct.

    The plan runs in the server's pool for computing requests, within its work
    budget and wall-clock limit, like ``POST /api/plan``.
    """
    raw = await request.form()
    return await _capacity_answer(state, request, {k: str(v)[:100] for k, v in raw.items()
                                                   if isinstance(v, str)})


async def _capacity_answer(state: ServerState, request: Request,
                           form: dict[str, str]) -> HTMLResponse:
    """The plan for the form's fields (from a POST or a link), or the form with its errors."""
    values, errors = _read_capacity_form(form)
    if errors:  # shown again as typed, each wrong field with what to correct
        typed = {**{name: "" for name in _CAPACITY_FIELDS}, **form}
        return _simple(_("Shelter capacity"), _capacity_form(typed, errors), status=422)
    return await state.compute(lambda cancel: _capacity_plan(values, cancel), request)


#: the form plans as far ahead as the planner was validated (the Tucson shelter's records)
_FORM_HORIZON = VALIDATED_HORIZON
#: daily drift of the arrival level: one typed figure gives none to estimate, so none
#: (the caveat says so); ``borderflow plan`` and ``POST /api/plan`` estimate it
_FORM_DRIFT = 0.0
#: uncertainty of today's level (log scale): an assumption, stated in the caveat
_FORM_LEVEL_SE = 0.05
_FORM_CAVEAT = N_(
    "Planned 14 days ahead, the horizon the planner was checked on (a year of a Tucson "
    "shelter's records); further ahead its bands are rough. The arrivals are the figure "
    "entered, held level: no daily drift, because one figure gives none to estimate "
    "(<code>borderflow plan</code> estimates it from daily records), and an assumed 5% "
    "uncertainty in today's level. The beds, stays and departures are what you entered, so "
    "they are assumptions unless they come from your records. <code>borderflow plan</code> "
    "estimates arrivals from your daily records, fits stays, and gives the cheapest mix of "
    "more beds, an overflow site and more departures, with what drives the need.")


def _g(value: float) -> str:
    """A bound as typed into a form: 0.05, 365, 1,000,000 (in the locale's separators)."""
    text = f"{value:g}" if abs(value) < 1e5 else f"{value:.0f}"
    digits = len(text.split(".")[1]) if "." in text else 0
    return i18n.num(value, digits)


def _capacity_plan(v: dict[str, float], cancel: Callable[[], bool] | None = None
                   ) -> HTMLResponse:
    import numpy as np

    from borderflow.capacity.model import ArrivalModel, LengthOfStay, PlanInput, Scenario
    from borderflow.capacity.model import Site as CSite
    from borderflow.capacity.plan import make_plan
    from borderflow.report.fan import fan_chart

    surge = v["surge"]
    inp = PlanInput(start=dt.date.today(), horizon=_FORM_HORIZON,
                    sites=[CSite("Shelters", int(v["beds"])),
                           CSite("Overflow", int(v["overflow"]), "overflow",
                                 int(v["overflow_day"]), False)],
                    los=LengthOfStay.geometric(v["stay"]),
                    arrivals=ArrivalModel(np.full(_FORM_HORIZON, v["arrivals"]),
                                          level_sd=_FORM_DRIFT, level_se=_FORM_LEVEL_SE),
                    occupancy=int(v["occupancy"]), departures_per_day=v["departures"],
                    scenarios=[Scenario("open overflow", open_site="Overflow")]
                    + ([Scenario(f"surge +{surge:g}", extra_arrivals=surge)] if surge else []))
    try:
        result = make_plan(inp, paths=1000, cancel=cancel)
    except ValueError as exc:
        return _simple(_("Shelter capacity"), _capacity_form(
            {k: f"{x:g}" for k, x in v.items()}, {"": str(exc)}), status=422)
    chart = figure_html(chartdata.capacity_figure(result), _svg(lambda p: [q for q in fan_chart(
        result, p, title=_("Beds needed per night"), source=_("the figures entered above"),
        compact=True)]))
    first = (_("Beds are already short on the first night, <strong>{day}</strong> (chance "
               "{chance})").format(day=escape(i18n.day_long(result.days[0].day)),
                                    chance=i18n.num(100 * result.days[0].p_over) + "%")
             if result.already_short() else
             _("Beds may run out from <strong>{day}</strong>").format(
                 day=escape(i18n.day_long(result.first_risky_day)))
             if result.first_risky_day else escape(_("The chance of running out stays under 5%")))
    typed = {k: f"{x:g}" for k, x in v.items()}
    link = _link("/capacity", [(k, typed[k]) for k in _CAPACITY_FIELDS])
    return _simple(_("Shelter capacity"), _capacity_form(typed)
                   + "<p id='verdict'>" + _("{first}; to keep it under 5%: {beds} more beds.")
                   .format(first=first, beds=i18n.num(result.extra_beds))
                   + f"</p>{chart}"
                   + "<p class='muted' id='caveat'>" + _(_FORM_CAVEAT) + " "
                   + escape(chart_caveat()) + "</p>"
                   + _permalink_html(link), permalink=link)


def _marked(sentence: str, figure: str | None) -> str:
    """The sentence, escaped, with the figure the verdict is about marked: a sentence with
    two figures gets two verdicts, and the reader must see which one each is about."""
    at = sentence.find(figure) if figure else -1
    if figure is None or at < 0:
        return escape(sentence)
    end = at + len(figure)
    return (escape(sentence[:at]) + "<mark>" + escape(figure) + "</mark>"
            + escape(sentence[end:]))


#: the longest text a claims link carries (a paragraph or two); a longer text is checked
#: from the form (POST, up to 200,000 characters) and its result says it has no link
MAX_LINK_TEXT = 2_000


@router.get("/claims", response_class=HTMLResponse)
async def claims_form(state: State, request: Request) -> HTMLResponse:
    """The form; with ``text`` (and ``date``) in the query string (a result's link), the
    check too, computed as a POST is: in the pool, within its limits."""
    p = request.query_params
    if "text" not in p:
        return _simple(_("Check a claim"), _claims_form(""), through=_newest(state))
    text, date = p["text"], p.get("date", "")[:20]
    if len(text) > MAX_LINK_TEXT:
        message = _("A link carries a text of at most {limit} characters; this one has "
                    "{length}. Paste the text in the form instead.").format(
            limit=i18n.num(MAX_LINK_TEXT), length=i18n.num(len(text)))
        return _simple(_("Check a claim"), "<p class='alert' role='alert' id='error'>"
                       + escape(message) + "</p>" + _claims_form("", date), status=422,
                       through=_newest(state))
    response = await _claims_answer(state, request, text, date)
    response.headers.update(_NO_STORE)
    return response


@router.post("/claims", response_class=HTMLResponse)
async def claims(state: State, request: Request, text: str = Form(..., max_length=200_000),
                 date: str = Form("")) -> HTMLResponse:
    """Check the text in the server's pool for computing requests, within its wall-clock
    limit and stopped if the client goes, like ``POST /api/claims``: a long text never
    holds up the readers."""
    return await _claims_answer(state, request, text, date)


async def _claims_answer(state: ServerState, request: Request, text: str,
                         date: str) -> HTMLResponse:
    from borderflow.claims.check import check_text

    try:
        when = dt.date.fromisoformat(date.strip()) if date.strip() else None
    except ValueError:  # said, not ignored: the text's own date or today would be used
        message = _("date of the text {value}: expected YYYY-MM-DD, such as 2024-01-31").format(
            value=repr(date[:20]))
        return _simple(_("Check a claim"), "<p class='alert' role='alert' id='error'>"
                       + escape(message) + "</p>" + _claims_form(text, date), status=422,
                       through=_newest(state))
    verdicts = await state.compute(
        lambda cancel: check_text(state.warehouse, text, when, cancel=cancel), request)
    out = []
    for v in verdicts:
        evidence = "".join(f"<li>{o.value:,} — {escape(o.label)} <span class='source'>"
                           f"({escape(', '.join(o.releases))})</span></li>"
                           for o in v.official)
        out.append(f"<div class='verdict {v.verdict.replace(' ', '-')}'><div class='tag'>"
                   f"{escape(verdict_name(v.verdict))}</div>"
                   f"<p><em>{_marked(v.text, v.quantity)}</em></p>"
                   f"<p lang='en'>{escape(v.explanation)}</p><ul lang='en'>{evidence}</ul>"
                   "</div>")
    body = "".join(out) or ("<p>" + escape(_(
        "No checkable figures about border encounters found.")) + "</p>")
    link = ""
    if len(text) <= MAX_LINK_TEXT:
        link = _link("/claims", [("text", text)] + ([("date", date[:20])] if date else []))
        share = _permalink_html(link)
    else:
        share = "<p class='muted' id='permalink-note'>" + escape(_(
            "This text is too long for a link ({length} characters; a link carries at most "
            "{limit}): to share the result, share the text.").format(
            length=i18n.num(len(text)), limit=i18n.num(MAX_LINK_TEXT))) + "</p>"
    return _simple(_("Check a claim"), _claims_form(text, date) + f"<section id='verdicts'>{body}"
                   "</section>" + share, through=_newest(state), permalink=link)


def _capacity_form(v: dict[str, Any], errors: dict[str, str] | None = None) -> str:
    """The form, filled with ``v``; each field with an error says what to correct."""
    errors = errors or {}
    defaults = {"beds": 1400, "overflow": 400, "overflow_day": 2, "arrivals": 2000, "stay": 1,
                "departures": 2400, "occupancy": 1500, "surge": 0}

    def field(name: str) -> str:
        label = escape(_(_CAPACITY_FIELDS[name][0]))
        wrong = errors.get(name)
        note = f"<span class='field-error' id='error-{name}'>{escape(wrong)}</span>" \
            if wrong else ""
        return (f"<label>{label}<input type='number' step='any' name='{name}' "
                f"value='{escape(v.get(name, defaults[name]))}' required"
                + (" aria-invalid='true'" if wrong else "") + f">{note}</label>")

    summary = "".join(f"<li>{escape(e)}</li>" for e in errors.values())
    correct = escape(_("Please correct:"))
    return ((f"<div class='alert' role='alert' id='form-errors'><p>"
             f"{correct}</p><ul>{summary}</ul></div>" if summary else "")
            + "<form method='post' action='/capacity'>"
            + "".join(field(n) for n in _CAPACITY_FIELDS) + "<button>"
            + escape(_("Plan")) + "</button></form>")


def _claims_form(text: str, date: str = "") -> str:
    """The form, filled with the text and the date as typed (a second check keeps both)."""
    words = {k: escape(v) for k, v in (("text", _("Text to check")),
                                       ("date", _("Date of the text")),
                                       ("format", _("YYYY-MM-DD")), ("check", _("Check")))}
    return ("<form method='post' action='/claims'><label style='width:100%'>"
            f"{words['text']}"
            f"<textarea name='text' required>{escape(text)}</textarea></label>"
            f"<label>{words['date']}<input name='date' value='{escape(date[:20])}' "
            f"placeholder='{words['format']}'></label>"
            f"<button>{words['check']}</button></form>")
