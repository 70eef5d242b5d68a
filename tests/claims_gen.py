"""Writers of the claims corpora: the style corpus and the template stress set.

Run ``python -m tests.claims_gen`` (with ``BORDERFLOW_DATA_DIR`` set) to write
``tests/data/claims_corpus.json`` and ``tests/data/claims_stress.json.gz``.  Both
files are data written here, not copies of the raw files: each item is a text,
its date, its style and form, and the *spec* of each figure (what the words
literally say).  Verdicts come from :mod:`tests.claims_oracle` alone.

The corpus is split into development and test halves when it is written,
before any tuning (item ``split``), stratified by form with a fixed seed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from tests.claims_oracle import (
    FIELD_OFFICES_SW,
    SECTORS_ALL,
    SECTORS_SW,
    Oracle,
    Spec,
    cy_months,
    fy_months,
    month,
    period_changes,
    shift,
    verdict,
)

HERE = Path(__file__).resolve().parent / "data"
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
         8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen",
         20: "twenty", 25: "twenty-five", 30: "thirty", 40: "forty", 50: "fifty",
         60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}
DEMONYMS = {"MEXICO": "Mexicans", "VENEZUELA": "Venezuelans", "GUATEMALA": "Guatemalans",
            "HONDURAS": "Hondurans", "CUBA": "Cubans", "COLOMBIA": "Colombians",
            "ECUADOR": "Ecuadorians", "EL SALVADOR": "Salvadorans", "NICARAGUA": "Nicaraguans",
            "HAITI": "Haitians"}
COUNTRY = {"MEXICO": "Mexico", "VENEZUELA": "Venezuela", "GUATEMALA": "Guatemala",
           "HONDURAS": "Honduras", "CUBA": "Cuba", "COLOMBIA": "Colombia",
           "ECUADOR": "Ecuador", "EL SALVADOR": "El Salvador", "NICARAGUA": "Nicaragua",
           "HAITI": "Haiti"}
STATES = {"TX": "Texas", "AZ": "Arizona", "CA": "California", "NM": "New Mexico"}
ISO = dt.date.isoformat
#: no text is dated after the newest data was published
LAST_DATE = dt.date(2026, 11, 28)


def iso_months(ms: tuple[dt.date, ...]) -> list[str]:
    return [ISO(m) for m in ms]


# ---------------------------------------------------------------- numbers in text

def sig_round(x: float, digits: int) -> float:
    if x <= 0:
        return 0.0
    p = len(str(int(x))) - digits
    return float(round(x / 10**p) * 10**p) if p > 0 else float(int(x))


def number_text(x: float, rng: random.Random, words: bool = False) -> tuple[str, float]:
    """``x`` written as a writer would (returns the text and its rounding unit)."""
    if words:
        for scale, name in ((1_000_000, "million"), (1_000, "thousand")):
            if x >= scale and x / scale in WORDS:
                return f"{WORDS[int(x / scale)]} {name}", float(scale)
    if x >= 1_000_000 and rng.random() < 0.7:
        m = x / 1_000_000
        txt = f"{m:.1f}".rstrip("0").rstrip(".") if m != int(m) else str(int(m))
        unit = 100_000.0 if "." in txt else 1_000_000.0
        return f"{txt} million", unit
    xi = int(x)
    s = f"{xi:,}"
    stripped = str(xi).rstrip("0")
    return s, float(10 ** (len(str(xi)) - len(stripped)))


def shown_value(txt: str) -> float:
    """The figure a reader reads in ``txt`` ("1.1 million", "two million", "304,162"):
    the spec holds what the text says, not the figure before it was rounded for print."""
    scale = 1_000_000.0 if txt.endswith("million") else 1_000.0 if txt.endswith("thousand") \
        else 1.0
    head = txt.split()[0]
    if head[0].isdigit():
        return float(head.replace(",", "")) * scale
    names = {v: k for k, v in WORDS.items()}
    return float(names[head]) * scale


QUAL_WORDS = {
    "about": ["about", "roughly", "around", "some", "approximately"],
    "nearly": ["nearly", "almost", "close to", "just under"],
    "more": ["more than", "over", "upwards of", "in excess of", "just over"],
    "atleast": ["at least"],
    "less": ["fewer than", "less than", "under", "below"],
    "exact": [""],
}


def written_value(v: int, qual: str, rng: random.Random, truth: bool
                  ) -> tuple[float, float]:
    """A figure a writer would put next to ``qual`` for official value ``v``.

    With ``truth`` the worded figure is borne out by ``v``; otherwise it is off
    (by 10-45%, in either direction).
    """
    if not truth:
        factor = rng.choice([rng.uniform(0.55, 0.88), rng.uniform(1.12, 1.6)])
        v = int(v * factor)
    if qual == "exact":
        return float(v), 1.0
    digits = rng.choice([2, 2, 3])
    if qual == "about":
        return sig_round(v, digits), 0.0
    if qual == "nearly":
        x = sig_round(v * 1.02, digits)
        while x < v:
            x += 10 ** (len(str(int(x))) - digits)
        return x, 0.0
    if qual in ("more", "atleast"):
        x = sig_round(v * 0.97, digits)
        while x >= v:
            x -= 10 ** (len(str(int(x))) - digits)
        return x, 0.0
    x = sig_round(v * 1.03, digits)
    while x <= v:
        x += 10 ** (len(str(int(x))) - digits)
    return x, 0.0


# ---------------------------------------------------------------- periods in text

def after(m: dt.date, rng: random.Random, lo: int = 12, hi: int = 50) -> dt.date:
    """A text date ``lo``-``hi`` days after the end of month ``m``."""
    return min(LAST_DATE, shift(m, 1) + dt.timedelta(days=rng.randint(lo, hi)))


def month_phrase(m: dt.date, rng: random.Random) -> tuple[str, dt.date]:
    """A phrase for month ``m`` and a text date that resolves it to ``m``."""
    style = rng.choice(["full", "full", "bare", "bare", "last", "of"])
    if style == "bare":
        d = after(m, rng, 3, 300)
        return f"in {MONTH_NAMES[m.month - 1]}", d
    if style == "last":
        d = shift(m, 1) + dt.timedelta(days=rng.randint(9, 27))
        return "last month", d
    if style == "of":
        return f"in {MONTH_NAMES[m.month - 1]} of {m.year}", after(m, rng, 12, 700)
    return f"in {MONTH_NAMES[m.month - 1]} {m.year}", after(m, rng, 12, 700)


def fy_phrase(fy: int, rng: random.Random) -> tuple[str, dt.date]:
    d = min(LAST_DATE, month(fy, 10) + dt.timedelta(days=rng.randint(20, 500)))
    return rng.choice([f"in fiscal year {fy}", f"in fiscal {fy}", f"in FY{fy}",
                       f"in FY {fy}", f"during fiscal year {fy}",
                       f"in the {fy} fiscal year"]), d


def cy_phrase(y: int, rng: random.Random) -> tuple[str, dt.date]:
    if rng.random() < 0.4:
        d = month(y + 1, rng.randint(1, 11)) + dt.timedelta(days=rng.randint(0, 25))
        return "last year", d
    d = min(LAST_DATE, month(y + 1, 1) + dt.timedelta(days=rng.randint(20, 500)))
    return rng.choice([f"in {y}", f"in calendar year {y}", f"during {y}",
                       f"in calendar {y}"]), d


# ---------------------------------------------------------------- scenario pools

SW_MONTHS = [shift(month(2019, 10), i) for i in range(0, 82)]  # Oct 2019 - Jul 2026
RECENT = [shift(month(2024, 12), i) for i in range(0, 20)]  # Dec 2024 - Jul 2026
FYS = list(range(2020, 2026))


def place_words(place: str, comp: str | None, rng: random.Random) -> tuple[str, str]:
    """(who, where) phrases for a literal reading."""
    kind, _, name = place.partition(":")
    who = {None: rng.choice(["U.S. Customs and Border Protection", "CBP", "federal authorities",
                              "U.S. authorities", "CBP officers and agents"]),
           "USBP": rng.choice(["Border Patrol agents", "the Border Patrol", "U.S. Border Patrol",
                                "agents"]),
           "OFO": rng.choice(["CBP officers at ports of entry", "the Office of Field Operations",
                               "officers at the ports of entry"])}[comp]
    if kind == "southwest":
        where = rng.choice(["at the southwest border", "along the U.S.-Mexico border",
                            "at the southern border", "on the southwest border",
                            "along the southern border"])
    elif kind == "nation":
        where = rng.choice(["nationwide", "across the country", "at all U.S. borders",
                            "nationally"])
    elif kind == "northern":
        where = rng.choice(["at the northern border", "along the Canadian border"])
    elif kind == "state":
        where = f"in {STATES[name]}"
    elif kind == "sector":
        where = rng.choice([f"in the {name} sector", f"in the {name} Sector"])
    else:
        where = f"at the {name} Field Office's ports"
    return who, where


def measure_word(comp: str | None, rng: random.Random) -> str:
    return {None: rng.choice(["encounters", "migrant encounters", "encounters with migrants"]),
            "USBP": rng.choice(["apprehensions", "arrests", "encounters", "apprehensions"]),
            "OFO": rng.choice(["encounters", "inadmissibles"])}[comp]


class Builder:
    """Draws literal readings, asks the oracle for their figures, writes texts."""

    def __init__(self, oracle: Oracle, seed: int) -> None:
        self.o = oracle
        self.rng = random.Random(seed)

    def spec(self, kind: str) -> tuple[Spec, str, dt.date]:
        """A literal reading of ``kind`` with a period phrase and a text date."""
        r = self.rng
        comp: str | None = None
        cit = demo = auth = None
        if kind == "sw":
            place = "southwest"
        elif kind == "nation":
            place = "nation"
        elif kind == "usbp":
            place, comp = r.choice(["southwest", "southwest", "nation"]), "USBP"
        elif kind == "ofo":
            place, comp = "southwest", "OFO"
        elif kind == "sector":
            place, comp = f"sector:{r.choice(SECTORS_SW)}", "USBP"
        elif kind == "state":
            place = f"state:{r.choice(list(STATES))}"
        elif kind == "office":
            place, comp = f"office:{r.choice(['El Paso', 'Laredo', 'San Diego', 'Tucson'])}", \
                "OFO"
        elif kind == "northern":
            place = "northern"
        elif kind == "citizenship":
            place, cit = "southwest", r.choice(list(DEMONYMS))
        elif kind == "demographic":
            place, demo = "southwest", r.choice(["UAC", "FMUA", "Single Adults"])
        elif kind == "title42":
            place, auth = r.choice(["southwest", "nation"]), "Title 42"
        elif kind == "title8":
            place, auth = "southwest", "Title 8"
        else:
            raise ValueError(kind)
        grain = r.choice(["month", "month", "fy", "cy"])
        if kind == "office" or (kind == "sector" and r.random() < 0.3):
            grain = "month"
        if kind == "title42":
            grain = r.choice(["fy", "month"])
        if grain == "month":
            pool = RECENT if kind == "office" else SW_MONTHS
            if kind == "title42":
                pool = [m for m in SW_MONTHS if month(2020, 4) <= m <= month(2023, 4)]
            m = r.choice(pool)
            phrase, date = month_phrase(m, r)
            months: tuple[dt.date, ...] = (m,)
        elif grain == "fy":
            fy = r.choice(FYS if kind != "title42" else [2021, 2022])
            phrase, date = fy_phrase(fy, r)
            months = fy_months(fy)
        else:
            y = r.choice([2020, 2021, 2022, 2023, 2024, 2025])
            if kind == "title42":
                y = 2021
            phrase, date = cy_phrase(y, r)
            months = cy_months(y)
        return Spec(place, months, comp, cit, demo, auth), phrase, date

    def trap(self, spec: Spec) -> Spec | None:
        """A reading one change away whose figure differs enough to be a trap."""
        v0 = self.o.value(spec)
        alts = [a for a in trap_changes(spec) if not a.place.startswith("office")]
        self.rng.shuffle(alts)
        for a in alts:
            v = self.o.value(a)
            if v and v0 and abs(v - v0) > 0.15 * v0:
                return a
        return None


def trap_changes(spec: Spec) -> list[Spec]:
    """The readings a trap figure is drawn from: one change away, in the order the corpora
    were first written with (kept so that regenerating them keeps their texts; the verdict
    rules' own list of other readings is ``claims_oracle.one_changes``)."""
    out: list[Spec] = []
    kind, _, name = spec.place.partition(":")
    places = {"nation": ["southwest"], "southwest": ["nation"], "northern": ["nation"],
              "state": ["southwest", "nation"], "sector": ["southwest", "nation"],
              "office": ["southwest", "nation"]}[kind]
    out += [replace(spec, place=p) for p in places]
    if kind == "sector":
        out += [replace(spec, place=f"sector:{s}") for s in SECTORS_ALL if s != name]
        out += [replace(spec, place="southwest", component=None)]
    if kind == "office":
        out += [replace(spec, place=f"office:{s}") for s in FIELD_OFFICES_SW if s != name]
    if kind in ("sector", "office"):
        return out + [replace(spec, months=p) for p in _trap_periods(spec.months)]
    out += [replace(spec, component=c) for c in (None, "USBP", "OFO") if c != spec.component]
    out += [replace(spec, months=p) for p in _trap_periods(spec.months)]
    if spec.citizenship:
        out.append(replace(spec, citizenship=None))
    if spec.demographic:
        out.append(replace(spec, demographic=None))
    if spec.authority:
        out.append(replace(spec, authority=None))
    return out


def _trap_periods(months: tuple[dt.date, ...]) -> list[tuple[dt.date, ...]]:
    if len(months) == 1:
        m = months[0]
        return [(shift(m, -1),), (shift(m, 1),), (shift(m, -12),), (shift(m, 12),)]
    return period_changes(months)


def fig(spec: Spec, form: str, **kw: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"form": form, "place": spec.place, "months": iso_months(spec.months)}
    for k in ("component", "citizenship", "demographic", "authority"):
        if getattr(spec, k) is not None:
            d[k] = getattr(spec, k)
    d.update(kw)
    return d


def write(path: Path, items: list[dict[str, Any]], meta: dict[str, Any], *,
          gzipped: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"meta": meta, "claims": items}, indent=1, ensure_ascii=False) + "\n"
    if gzipped:
        import gzip

        path.with_suffix(".json.gz").write_bytes(gzip.compress(text.encode(), 9, mtime=0))
    else:
        path.write_text(text)


def label(o: Oracle, items: list[dict[str, Any]]) -> None:
    for it in items:
        it["verdicts"] = verdict(o, it)


def main() -> None:
    from tests.claims_corpus import build_corpus
    from tests.claims_stress import build_stress

    raw = Path(os.environ.get("BORDERFLOW_DATA_DIR", "/work/shared/data/raw"))
    o = Oracle(raw)
    corpus = build_corpus(Builder(o, 20261129))
    correct(corpus)
    label(o, corpus)
    split(corpus, seed=12)
    write(HERE / "claims_corpus.json", corpus,
          {"about": "real-world-style claims in five styles; verdicts from tests/claims_oracle.py",
           "split": "stratified by form, seed 12: alternate items of each form, shuffled, go "
                    "to dev and test; fixed when the file was written, before any tuning"})
    stress = build_stress(Builder(o, 7))
    correct(stress)
    label(o, stress)
    write(HERE / "claims_stress.json", stress,
          {"about": "template stress set; verdicts from tests/claims_oracle.py"}, gzipped=True)


def correct(items: list[dict[str, Any]]) -> None:
    """Label corrections found after the corpus was written (ledger: benchmarks/claims_ledger.md).

    The social-post writer worded some all-CBP figures as "apprehensions"; by the
    rules (claims_rules.md) that word is Border Patrol's measure, so the literal
    reading of those items is Border Patrol's.  Applied to both halves alike.

    The entries writers gave no place words to nationwide figures ("entered the United
    States illegally in March"); by the rules a figure with no place named is the
    southwest's, so that is their literal reading.
    """
    for it in items:
        if it.get("maker") == "social_count" and "apprehensions" in it["text"]:
            it["figures"][0].setdefault("component", "USBP")
        if it["form"] == "entries" and "border" not in it["text"]:
            it["figures"][0]["place"] = "southwest"


def split(items: list[dict[str, Any]], seed: int) -> None:
    rng = random.Random(seed)
    by_form: dict[str, list[dict[str, Any]]] = {}
    for it in items:
        by_form.setdefault(it["form"], []).append(it)
    for form in sorted(by_form):
        group = by_form[form]
        rng.shuffle(group)
        for i, it in enumerate(group):
            it["split"] = "dev" if i % 2 == 0 else "test"


Maker = Callable[[Builder], dict[str, Any] | None]

if __name__ == "__main__":
    main()
