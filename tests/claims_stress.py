"""The stress set: every claim form, place, period and trap of issue 12, from templates.

Each row of the grid is (form, place kind, period phrase, truth) where truth is
``true`` (the official figure, worded), ``trap`` (a figure one change away:
place, component, period, subgroup) or ``wrong``.  Verdicts are the oracle's.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from typing import Any

from tests.claims_corpus import (
    WORD_QUAL,
    change,
    direction,
    multiple,
    not_checkable,
    rank_citizenship,
    rank_sector,
    record,
    record_low_words,
    share,
    threshold_both,
    two_figures,
    two_years,
)
from tests.claims_gen import (
    DEMONYMS,
    MONTH_NAMES,
    QUAL_WORDS,
    STATES,
    Builder,
    fig,
    number_text,
    shown_value,
    written_value,
)
from tests.claims_oracle import Spec

PLACE_KINDS = ["sw", "nation", "northern", "state", "sector", "office", "usbp", "ofo",
               "citizenship", "demographic", "title42", "title8"]
QUALS = ["exact", "about", "nearly", "more", "less", "atleast", "words"]
TRUTHS = ["true", "trap", "wrong"]


def subject(spec: Spec) -> str:
    kind, _, name = spec.place.partition(":")
    where = {"southwest": "at the southwest border", "nation": "nationwide",
             "northern": "at the northern border"}.get(kind, "")
    if kind == "state":
        where = f"in {STATES[name]}"
    if kind == "sector":
        where = f"in the {name} sector"
    if kind == "office":
        where = f"at ports of entry of the {name} Field Office"
    who = {None: "CBP encounters", "USBP": "Border Patrol apprehensions",
           "OFO": "encounters at ports of entry (OFO)"}[spec.component]
    if spec.citizenship:
        who = f"Encounters of {DEMONYMS[spec.citizenship]}"
    if spec.demographic:
        who = {"UAC": "Encounters of unaccompanied children",
               "FMUA": "Encounters of family unit members",
               "Single Adults": "Encounters of single adults"}[spec.demographic]
    if spec.authority == "Title 42":
        who = "Title 42 expulsions"
    if spec.authority == "Title 8":
        who = "Encounters under Title 8"
    return f"{who} {where}".strip()


def count_claim(b: Builder, kind: str, qual: str, truth: str) -> dict[str, Any] | None:
    spec, period, date = b.spec(kind)
    v = b.o.value(spec)
    if v is None or v < 50:
        return None
    words = qual == "words"
    q = "about" if words else qual
    target: int | None = v
    if truth == "trap":
        alt = b.trap(spec)
        target = b.o.value(alt) if alt else None
        if not target:
            return None
    x, _ = written_value(target, q, b.rng, truth=truth != "wrong")
    if words:
        x = float(round(x, -len(str(int(x))) + 1))
    txt, unit = number_text(x, b.rng, words=words)
    if words and txt[0].isdigit():
        return None
    x = shown_value(txt)
    lead = b.rng.choice(QUAL_WORDS[q])
    q = WORD_QUAL.get(lead, q)
    text = f"{subject(spec)} were {lead} {txt} {period}.".replace("  ", " ")
    return {"style": "template", "form": "count", "date": date.isoformat(), "text": text,
            "figures": [fig(spec, "count", qual=q, value=x, unit=unit, how=truth)],
            "grid": f"count/{kind}/{qual}/{truth}"}


def entries_claim(b: Builder, truth: str) -> dict[str, Any] | None:
    spec, period, date = b.spec(b.rng.choice(["sw", "nation"]))
    v = b.o.value(spec)
    if not v:
        return None
    x, _ = written_value(v, "about", b.rng, truth=truth != "wrong")
    txt, unit = number_text(x, b.rng)
    x = shown_value(txt)
    verb = b.rng.choice(["entered the country illegally", "got into the United States",
                         "crossed into the U.S. illegally and stayed"])
    text = f"About {txt} migrants {verb} {period}."
    return {"style": "template", "form": "entries", "date": date.isoformat(), "text": text,
            "figures": [fig(spec, "entries", qual="about", value=x, unit=unit)],
            "grid": f"entries/{truth}"}


def bare_month_claim(b: Builder, truth: str) -> dict[str, Any] | None:
    """Bare months just after a year boundary: "in December" in a January text."""
    r = b.rng
    m = r.choice([dt.date(y, mo, 1) for y in range(2020, 2026) for mo in (11, 12, 1)])
    date = dt.date(m.year + (1 if m.month >= 11 else 0), 1 if m.month >= 11 else 2,
                   r.randint(10, 28))
    spec = Spec("southwest", (m,))
    v = b.o.value(spec)
    if not v:
        return None
    if truth == "trap":
        v2 = b.o.value(replace(spec, months=(dt.date(m.year - 1, m.month, 1),)))
        if not v2:
            return None
        v = v2
    x = float(v) if truth != "wrong" else float(int(v * 1.3))
    text = (f"Southwest border encounters totaled {int(x):,} in {MONTH_NAMES[m.month - 1]}, "
            "according to figures released this week.")
    return {"style": "template", "form": "count", "date": date.isoformat(), "text": text,
            "figures": [fig(spec, "count", qual="exact", value=x, unit=1.0, how=truth)],
            "grid": f"count/bare-month/{truth}"}


def build_stress(b: Builder) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(got: dict[str, Any] | None, grid: str) -> bool:
        if got is None or got["text"] in seen:
            return False
        seen.add(got["text"])
        got.setdefault("grid", grid)
        got["id"] = f"s{len(out):04d}"
        out.append(got)
        return True

    for kind, qual, truth in itertools.product(PLACE_KINDS, QUALS, TRUTHS):
        made = tries = 0
        while made < 5 and tries < 60:
            tries += 1
            made += add(count_claim(b, kind, qual, truth), "")
    for truth in TRUTHS:
        for _ in range(40):
            add(entries_claim(b, truth), "")
        for _ in range(40):
            add(bare_month_claim(b, truth), "")
    others = [(change, 160), (direction, 80), (multiple, 40), (share, 120), (rank_sector, 100),
              (rank_citizenship, 80), (record, 100), (record_low_words, 60),
              (threshold_both, 40), (not_checkable, 150), (two_figures, 60), (two_years, 40)]
    for maker, n in others:
        made = tries = 0
        while made < n and tries < n * 10:
            tries += 1
            got = maker(b)
            if got is not None:
                got["style"] = "template"
                made += add(got, f"{got['form']}/{maker.__name__}")
    return out
