"""The style corpus: claims as news wires, local TV, press releases, speeches and posts put them.

Each maker writes one short text around one literal reading (or two, for the
sentences that carry two figures).  The figure is the official one, a trap (the
figure of a reading one change away: another place, component or period) or a
wrong one, so every verdict class occurs.  Verdicts are the oracle's.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from typing import Any

from tests.claims_gen import (
    DEMONYMS,
    LAST_DATE,
    MONTH_NAMES,
    QUAL_WORDS,
    SECTORS_SW,
    Builder,
    fig,
    fy_months,
    iso_months,
    measure_word,
    month,
    number_text,
    place_words,
    shift,
    shown_value,
    written_value,
)
from tests.claims_oracle import Spec

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def pick_value(b: Builder, spec: Spec, qual: str) -> tuple[float, float, str] | None:
    """(written figure, unit, how it was chosen) for a literal reading."""
    r = b.rng
    v = b.o.value(spec)
    if v is None or v < 50:
        return None
    roll = r.random()
    if roll < 0.45:
        x, unit = written_value(v, qual, r, truth=True)
        how = "true"
    elif roll < 0.75:
        alt = b.trap(spec)
        if alt is None:
            return None
        av = b.o.value(alt)
        assert av is not None
        x, unit = written_value(av, qual, r, truth=True)
        how = "trap"
    else:
        x, unit = written_value(v, qual, r, truth=False)
        how = "wrong"
    return x, unit, how


def qualified(b: Builder, spec: Spec, quals: list[str], words: bool = False
              ) -> tuple[str, dict[str, Any]] | None:
    qual = b.rng.choice(quals)
    got = pick_value(b, spec, qual)
    if got is None:
        return None
    x, _, how = got
    txt, unit = number_text(x, b.rng, words=words and qual != "exact")
    x = shown_value(txt)
    q = b.rng.choice(QUAL_WORDS[qual])
    qual = WORD_QUAL.get(q, qual)  # "close to" is "about"; "just over" at most 5% above
    return (f"{q} {txt}".strip(), {"qual": qual, "value": x, "unit": unit, "how": how})


#: words whose meaning the rules give apart from the group they were drawn from
WORD_QUAL = {"close to": "about", "just under": "justunder", "just over": "justover"}


def item(style: str, form: str, date: dt.date, text: str, figures: list[dict[str, Any]]
         ) -> dict[str, Any]:
    return {"style": style, "form": form, "date": min(date, LAST_DATE).isoformat(), "text": text,
            "figures": figures}


# ---------------------------------------------------------------- counts, five styles

def wire_count(b: Builder) -> dict[str, Any] | None:
    spec, period, date = b.spec(b.rng.choice(["sw", "nation", "usbp", "sw"]))
    got = qualified(b, spec, ["exact", "about", "more", "nearly"])
    if got is None:
        return None
    num, kw = got
    who, where = place_words(spec.place, spec.component, b.rng)
    day = b.rng.choice(WEEKDAYS)
    text = (f"WASHINGTON (AP) — {who} recorded {num} {measure_word(spec.component, b.rng)} "
            f"{where} {period}, according to figures released {day}. The numbers are closely "
            "watched ahead of the election.")
    return item("news wire", "count", date, text, [fig(spec, "count", **kw)])


def tv_sector(b: Builder) -> dict[str, Any] | None:
    spec, period, date = b.spec("sector")
    got = qualified(b, spec, ["exact", "about", "more", "less", "nearly"])
    if got is None:
        return None
    num, kw = got
    name = spec.place.split(":")[1]
    station = b.rng.choice(["KTSM 9 News", "KGNS", "KVOA News 4", "KRGV Channel 5",
                            "NBC 7 San Diego", "KYMA"])
    verb = b.rng.choice(["apprehended", "encountered", "arrested", "took into custody"])
    text = (f"{station} — Border Patrol agents in the {name} Sector {verb} {num} migrants "
            f"{period}, the agency said in a statement. Local shelters say they are preparing "
            "for more arrivals.")
    return item("local TV", "count", date, text, [fig(spec, "count", **kw)])


def release_count(b: Builder) -> dict[str, Any] | None:
    spec, period, date = b.spec(b.rng.choice(["sw", "ofo", "usbp", "northern"]))
    got = qualified(b, spec, ["exact", "exact", "about"])
    if got is None:
        return None
    num, kw = got
    _, where = place_words(spec.place, spec.component, b.rng)
    who = {None: "total encounters", "USBP": "U.S. Border Patrol apprehensions between ports "
           "of entry", "OFO": "encounters at ports of entry"}[spec.component]
    text = ("U.S. Customs and Border Protection today released its monthly operational update. "
            f"{who[0].upper() + who[1:]} {where} were {num} {period}, the release states.")
    return item("press release", "count", date, text, [fig(spec, "count", **kw)])


def speech_count(b: Builder) -> dict[str, Any] | None:
    spec, period, date = b.spec(b.rng.choice(["sw", "nation"]))
    got = qualified(b, spec, ["more", "about", "nearly", "more"], words=True)
    if got is None:
        return None
    num, kw = got
    who = b.rng.choice(["illegal aliens", "illegals", "illegal crossers", "migrants"])
    verb = b.rng.choice(["were caught", "got caught", "were stopped", "were encountered"])
    _, where = place_words(spec.place, None, b.rng)
    speaker = b.rng.choice(["the senator", "the governor", "the congresswoman", "the candidate"])
    text = (f"“{period[0].upper() + period[1:]}, {num} {who} {verb} {where},” {speaker} told the "
            "crowd. “That is not a secure border.”")
    return item("speech", "count", date, text, [fig(spec, "count", **kw)])


def social_count(b: Builder) -> dict[str, Any] | None:
    spec, period, date = b.spec(b.rng.choice(["sw", "usbp", "nation"]))
    got = qualified(b, spec, ["exact", "more", "over" and "more", "about"])
    if got is None:
        return None
    num, kw = got
    _, where = place_words(spec.place, spec.component, b.rng)
    tag = b.rng.choice(["🚨", "BREAKING:", "Wow.", "Unreal."])
    what = b.rng.choice(["encounters", "border crossers caught", "illegal crossings stopped",
                         "apprehensions"]) if spec.component != "USBP" else "Border Patrol arrests"
    text = f"{tag} {num} {what} {where} {period}. Let that sink in. #BorderCrisis"
    return item("social post", "count", date, text, [fig(spec, "count", **kw)])


def wire_state(b: Builder) -> dict[str, Any] | None:
    spec, period, date = b.spec("state")
    got = qualified(b, spec, ["exact", "about", "more"])
    if got is None:
        return None
    num, kw = got
    state = spec.place.split(":")[1]
    name = {"TX": "Texas", "AZ": "Arizona", "CA": "California", "NM": "New Mexico"}[state]
    text = (f"AUSTIN — {name} saw {num} migrant encounters {period}, CBP data show, "
            f"more than any other state on the border." if state == "TX" else
            f"{name} accounted for {num} encounters {period}, according to CBP's state-level "
            "figures.")
    return item("news wire", "count", date, text, [fig(spec, "count", **kw)])


def tv_office(b: Builder) -> dict[str, Any] | None:
    spec, period, date = b.spec("office")
    got = qualified(b, spec, ["exact", "about"])
    if got is None:
        return None
    num, kw = got
    name = spec.place.split(":")[1]
    text = (f"Officers with the {name} Field Office processed {num} inadmissible travelers at "
            f"the ports of entry {period}, CBP said.")
    return item("local TV", "count", date, text, [fig(spec, "count", **kw)])


def wire_citizenship(b: Builder) -> dict[str, Any] | None:
    spec, period, date = b.spec("citizenship")
    got = qualified(b, spec, ["about", "more", "exact"])
    if got is None:
        return None
    num, kw = got
    demonym = DEMONYMS[spec.citizenship or "MEXICO"]
    side = b.rng.choice(["", ", second only to Mexicans", ", a group that has grown fast",
                         ", officials said"]) if spec.citizenship != "MEXICO" else ""
    text = (f"{num} {demonym} were encountered at the southwest border {period}{side}. "
            "Advocates say many are fleeing economic collapse.")
    return item("news wire", "count", date, text, [fig(spec, "count", **kw)])


def release_demographic(b: Builder) -> dict[str, Any] | None:
    spec, period, date = b.spec("demographic")
    got = qualified(b, spec, ["exact", "about", "more", "less"])
    if got is None:
        return None
    num, kw = got
    what = {"UAC": b.rng.choice(["unaccompanied children", "unaccompanied minors"]),
            "FMUA": b.rng.choice(["individuals in family units", "family unit members"]),
            "Single Adults": "single adults"}[spec.demographic or "UAC"]
    text = (f"CBP encountered {num} {what} along the southwest border {period}, according to "
            "the agency's monthly update.")
    return item("press release", "count", date, text, [fig(spec, "count", **kw)])


def wire_title(b: Builder) -> dict[str, Any] | None:
    spec, period, date = b.spec(b.rng.choice(["title42", "title42", "title8"]))
    got = qualified(b, spec, ["exact", "about", "more"])
    if got is None:
        return None
    num, kw = got
    _, where = place_words(spec.place, None, b.rng)
    if spec.authority == "Title 42":
        what = b.rng.choice(["migrants were expelled under Title 42",
                             "expulsions were carried out under the Title 42 public health order",
                             "people were processed under Title 42"])
    else:
        what = b.rng.choice(["encounters were processed under Title 8",
                             "migrants were processed under Title 8 immigration law"])
    text = f"{num} {what} {where} {period}, federal data show."
    return item("news wire", "count", date, text, [fig(spec, "count", **kw)])


def agents_side_clause(b: Builder) -> dict[str, Any] | None:
    """A clause about agents and policy must not make a CBP total Border Patrol only."""
    spec, period, date = b.spec("sw")
    got = qualified(b, spec, ["exact", "about"])
    if got is None:
        return None
    num, kw = got
    text = (f"Agents say the new asylum rule has changed who shows up, but overall, CBP "
            f"recorded {num} encounters at the southwest border {period}.")
    return item("news wire", "count", date, text, [fig(spec, "count", **kw)])


def entries(b: Builder) -> dict[str, Any] | None:
    spec, period, date = b.spec(b.rng.choice(["sw", "nation"]))
    got = qualified(b, spec, ["more", "about", "exact"], words=True)
    if got is None:
        return None
    num, kw = got
    where = "across the southern border" if spec.place == "southwest" else ""
    text = (f"{num[0].upper() + num[1:]} people entered the United States illegally {where} "
            f"{period}, according to Border Patrol data.").replace("  ", " ")
    return item(b.rng.choice(["speech", "social post"]), "entries", date, text,
                [fig(spec, "entries", **kw)])


def two_figures(b: Builder) -> dict[str, Any] | None:
    """"fell to X in November from about Y in October": each figure its own period."""
    r = b.rng
    m = r.choice([x for x in [shift(month(2019, 11), i) for i in range(80)]])
    prev = shift(m, -1)
    spec = Spec("southwest", (m,))
    pspec = Spec("southwest", (prev,))
    v, pv = b.o.value(spec), b.o.value(pspec)
    if not v or not pv:
        return None
    date = shift(m, 1) + dt.timedelta(days=r.randint(15, 40))
    x1 = float(v) if r.random() < 0.7 else float(int(v * r.uniform(0.7, 0.9)))
    x2 = float(round(pv, -2)) if r.random() < 0.7 else float(round(pv * 1.3, -2))
    verb = "fell" if v < pv else "rose"
    mo, po = MONTH_NAMES[m.month - 1], MONTH_NAMES[prev.month - 1]
    text = (f"Southwest border encounters {verb} to {int(x1):,} in {mo} from about "
            f"{int(x2):,} in {po}, CBP said.")
    return item("news wire", "two figures", date, text,
                [fig(spec, "count", qual="exact", value=x1, unit=1.0),
                 fig(pspec, "count", qual="about", value=x2, unit=100.0)])


def two_years(b: Builder) -> dict[str, Any] | None:
    r = b.rng
    fy = r.choice([2023, 2024, 2025])
    spec, pspec = Spec("southwest", fy_months(fy)), Spec("southwest", fy_months(fy - 1))
    v, pv = b.o.value(spec), b.o.value(pspec)
    if not v or not pv:
        return None
    date = month(fy, 10) + dt.timedelta(days=r.randint(20, 300))
    tx1, u1 = number_text(v if r.random() < 0.7 else v * 1.3, r)
    x1 = float(tx1.replace(",", "").replace(" million", "")) * (1e6 if "million" in tx1 else 1)
    pm = round(pv / 1e5) / 10
    x2 = pm * 1e6 if r.random() < 0.7 else (pm + 0.4) * 1e6
    verb = "down" if v < pv else "up"
    text = (f"Encounters at the southwest border totaled {tx1} in fiscal {fy}, {verb} from "
            f"{x2 / 1e6:g} million in fiscal {fy - 1}.")
    return item("news wire", "two figures", date, text,
                [fig(spec, "count", qual="exact", value=x1, unit=u1),
                 fig(pspec, "count", qual="exact", value=x2, unit=100_000.0)])


# ---------------------------------------------------------------- forms without a count

def change(b: Builder) -> dict[str, Any] | None:
    r = b.rng
    kind = r.choice(["sw", "sw", "nation", "usbp"])
    spec, period, date = b.spec(kind)
    if len(spec.months) == 1:
        base = (shift(spec.months[0], -r.choice([1, 12])),)
    else:
        base = tuple(shift(m, -12) for m in spec.months)
    v, pv = b.o.value(spec), b.o.value(replace(spec, months=base))
    if not v or not pv:
        return None
    pct = 100 * (v - pv) / pv
    direction = "up" if pct > 0 else "down"
    mag = abs(pct)
    qual = r.choice(["exact", "about", "more", "nearly"])
    if r.random() < 0.3:
        mag *= r.uniform(1.3, 1.8) if mag < 60 else 0.6
    shown = round(mag) if qual != "exact" or r.random() < 0.5 else round(mag, 1)
    if qual == "more":
        shown = int(mag // 5 * 5) if mag >= 5 else int(mag)
    if qual == "nearly":
        shown = int(mag // 5 * 5 + 5)
    word = {"exact": "", "about": "about ", "more": "more than ", "nearly": "nearly "}[qual]
    base_txt = ("a month earlier" if len(base) == 1 and base[0] == shift(spec.months[0], -1)
                else "a year earlier")
    verb = (r.choice(["fell", "dropped", "declined", "were down"]) if direction == "down" else
            r.choice(["rose", "climbed", "jumped", "were up"]))
    who, where = place_words(spec.place, spec.component, r)
    what = "Border Patrol apprehensions" if spec.component == "USBP" else "Encounters"
    text = f"{what} {where} {verb} {word}{shown}% {period} from {base_txt}."
    return item(r.choice(["news wire", "local TV"]), "change", date, text,
                [fig(spec, "change", qual=qual, value=float(shown), unit=1.0 if
                     float(shown).is_integer() else 0.1, direction=direction,
                     base_months=iso_months(base))])


def direction(b: Builder) -> dict[str, Any] | None:
    r = b.rng
    m = r.choice([shift(month(2019, 11), i) for i in range(80)])
    prev = shift(m, -1)
    spec = Spec("southwest", (m,))
    v, pv = b.o.value(spec), b.o.value(replace(spec, months=(prev,)))
    if not v or not pv:
        return None
    d = "up" if r.random() < 0.5 else "down"
    verb = "rose" if d == "up" else "fell"
    date = shift(m, 1) + dt.timedelta(days=r.randint(15, 40))
    text = (f"Border encounters {verb} in {MONTH_NAMES[m.month - 1]} compared with "
            f"{MONTH_NAMES[prev.month - 1]}, the latest CBP figures show.")
    return item("local TV", "direction", date, text,
                [fig(spec, "direction", direction=d, base_months=[prev.isoformat()])])


def multiple(b: Builder) -> dict[str, Any] | None:
    r = b.rng
    fy = r.choice(range(2020, 2026))
    spec = Spec("southwest", fy_months(fy))
    base = fy_months(fy - 1)
    v, pv = b.o.value(spec), b.o.value(replace(spec, months=base))
    if not v or not pv:
        return None
    ratio = v / pv if v > pv else pv / v
    d = "up" if v > pv else "down"
    if r.random() < 0.3:
        d = "down" if d == "up" else "up"
    phrases = {"up": [("more than doubled", "more", 2.0), ("nearly tripled", "nearly", 3.0),
                      ("doubled", "about", 2.0)],
               "down": [("fell by more than half", "more", 2.0), ("was cut in half", "about", 2.0),
                        ("fell to less than a third of its level", "more", 3.0)]}
    best = min(phrases[d], key=lambda p: abs(p[2] - ratio))
    text = (f"Southwest border encounters {best[0]} in fiscal {fy} compared with "
            f"fiscal {fy - 1}.")
    date = month(fy, 10) + dt.timedelta(days=r.randint(20, 400))
    return item("speech", "multiple", date, text,
                [fig(spec, "multiple", direction=d, qual=best[1], value=best[2],
                     base_months=iso_months(base))])


def share(b: Builder) -> dict[str, Any] | None:
    r = b.rng
    fy = r.choice(range(2020, 2026))
    if r.random() < 0.5:
        demo = r.choice(["Single Adults", "FMUA", "UAC"])
        spec = Spec("southwest", fy_months(fy), demographic=demo)
        who = {"Single Adults": "single adults", "FMUA": "members of families",
               "UAC": "unaccompanied children"}[demo]
        of = "demographic"
    else:
        cit = r.choice(["MEXICO", "VENEZUELA", "GUATEMALA", "HONDURAS"])
        spec = Spec("southwest", fy_months(fy), citizenship=cit)
        who = DEMONYMS[cit]
        of = "citizenship"
    part, whole = b.o.value(spec), b.o.value(replace(spec, demographic=None, citizenship=None))
    if not part or not whole:
        return None
    s = part / whole
    options = [("more than half", "more", 0.5), ("about half", "about", 0.5),
               ("about a third", "about", 1 / 3), ("one in five", "exact", 0.2),
               ("about a quarter", "about", 0.25), ("less than a tenth", "less", 0.1),
               ("nearly two-thirds", "nearly", 2 / 3), ("about one in ten", "about", 0.1)]
    choice = min(options, key=lambda o: abs(o[2] - s)) if r.random() < 0.6 else \
        r.choice(options)
    text = (f"{choice[0][0].upper() + choice[0][1:]} of southwest border encounters in fiscal "
            f"{fy} were {who}, CBP data show.")
    date = month(fy, 10) + dt.timedelta(days=r.randint(20, 400))
    return item("news wire", "share", date, text,
                [fig(spec, "share", qual=choice[1], value=choice[2], unit=0.05, share_of=of)])


def rank_sector(b: Builder) -> dict[str, Any] | None:
    r = b.rng
    fy = r.choice(range(2020, 2027 if r.random() < 0.2 else 2026))
    months = fy_months(fy) if fy < 2026 else tuple(shift(month(2025, 10), i) for i in range(1))
    ranking = b.o.sector_ranking(months)
    if not ranking:
        return None
    rank = r.choice([1, 1, 2, 3])
    name = ranking[rank - 1][0] if r.random() < 0.55 else r.choice(SECTORS_SW)
    ordinal = {1: "the busiest", 2: "the second-busiest", 3: "the third-busiest"}[rank]
    period = f"in fiscal {fy}" if fy < 2026 else "in October"
    date = (month(fy, 10) + dt.timedelta(days=r.randint(20, 300)) if fy < 2026
            else dt.date(2025, 11, 20))
    text = f"{name} was {ordinal} Border Patrol sector {period}, according to agency data."
    return item("local TV", "rank", date, text,
                [{"form": "rank_sector", "place": "southwest", "months": iso_months(months),
                  "name": name, "rank": rank}])


def rank_citizenship(b: Builder) -> dict[str, Any] | None:
    r = b.rng
    fy = r.choice(range(2020, 2026))
    ranking = b.o.citizenship_ranking("southwest", fy_months(fy))
    if not ranking:
        return None
    rank = r.choice([1, 2, 3])
    code = ranking[rank - 1][0] if r.random() < 0.55 else r.choice(list(DEMONYMS))
    if code not in DEMONYMS:
        return None
    ordinal = {1: "the most common", 2: "the second most common", 3: "the third most common"}
    text = (f"{DEMONYMS[code]} were {ordinal[rank]} nationality encountered at the southwest "
            f"border in fiscal {fy}.")
    date = month(fy, 10) + dt.timedelta(days=r.randint(20, 300))
    return item("news wire", "rank", date, text,
                [{"form": "rank_citizenship", "place": "southwest",
                  "months": iso_months(fy_months(fy)), "name": code, "rank": rank}])


def record(b: Builder) -> dict[str, Any] | None:
    r = b.rng
    m = r.choice([shift(month(2020, 4), i) for i in range(75)])
    extreme = r.choice(["low", "high"])
    since = r.choice([month(2000, 1), month(2000, 1), month(2017, 1), month(2020, 1)])
    spec = Spec("southwest", (m,), "USBP")
    date = shift(m, 1) + dt.timedelta(days=r.randint(15, 40))
    word = "lowest" if extreme == "low" else "highest"
    text = (f"Border Patrol apprehensions at the southwest border in "
            f"{MONTH_NAMES[m.month - 1]} {m.year} were the {word} monthly total since "
            f"{since.year}.")
    return item("press release", "record", date, text,
                [fig(spec, "record", extreme=extreme, since=since.isoformat())])


def record_low_words(b: Builder) -> dict[str, Any] | None:
    r = b.rng
    m = r.choice([shift(month(2024, 12), i) for i in range(20)])
    spec = Spec("southwest", (m,), "USBP")
    extreme = r.choice(["low", "high"])
    date = shift(m, 1) + dt.timedelta(days=r.randint(15, 40))
    word = "a record low" if extreme == "low" else "a record high"
    text = (f"Border Patrol apprehensions along the southwest border hit {word} in "
            f"{MONTH_NAMES[m.month - 1]}, officials said.")
    return item("social post", "record", date, text,
                [fig(spec, "record", extreme=extreme, since="1999-10-01")])


def threshold_both(b: Builder) -> dict[str, Any] | None:
    r = b.rng
    fy = r.choice(range(2020, 2026))
    x = r.choice([1_000_000, 2_000_000, 500_000, 1_500_000])
    words = {1_000_000: "one million", 2_000_000: "two million", 500_000: "500,000",
             1_500_000: "1.5 million"}[x]
    spec = Spec("southwest", fy_months(fy))
    text = (f"Southwest border encounters exceeded {words} in both fiscal {fy - 1} and "
            f"fiscal {fy}.")
    date = month(fy, 10) + dt.timedelta(days=r.randint(20, 300))
    return item("speech", "threshold", date, text,
                [fig(spec, "threshold_all", qual="more", value=float(x),
                     periods=[iso_months(fy_months(fy - 1)), iso_months(fy_months(fy))])])


def not_checkable(b: Builder) -> dict[str, Any] | None:
    r = b.rng
    m = r.choice([shift(month(2021, 1), i) for i in range(66)])
    date = shift(m, 1) + dt.timedelta(days=r.randint(1, 25))
    sector = r.choice(SECTORS_SW)
    n = r.choice([1_200, 2_500, 4_000, 800, 6_000, 10_000, 20_000])
    form, text = r.choice([
        ("daily", f"On Tuesday alone, agents in the {sector} sector apprehended {n:,} migrants, "
                  "a spokesman said."),
        ("daily", f"Border Patrol is encountering about {n:,} migrants a day at the southwest "
                  "border."),
        ("custody", f"About {n:,} migrants are currently in Border Patrol custody in the "
                    f"{sector} sector."),
        ("custody", f"CBP is holding more than {n:,} people in its facilities, officials said."),
        ("gotaways", f"Agents recorded more than {n * 10:,} known gotaways at the southwest "
                     "border last month."),
        ("deaths", f"At least {n // 10:,} migrants died crossing the southwest border last "
                   "year, the highest toll on record."),
        ("releases", f"Border Patrol released {n:,} migrants into the interior of the country "
                     "last week."),
        ("asylum", f"Immigration judges granted asylum in {n:,} cases involving migrants who "
                   "crossed the southern border."),
        ("releases", f"Some {n:,} migrants were released from custody into El Paso in a single "
                     "weekend."),
    ])
    return item(r.choice(["local TV", "social post", "speech"]), form, date, text,
                [{"form": form, "place": "southwest", "months": [m.isoformat()]}])


MAKERS = [wire_count, tv_sector, release_count, speech_count, social_count, wire_state,
          tv_office, wire_citizenship, release_demographic, wire_title, agents_side_clause,
          entries, two_figures, two_years, change, direction, multiple, share, rank_sector,
          rank_citizenship, record, record_low_words, threshold_both, not_checkable]
#: items per maker (counts of every form, hundreds of them)
PER_MAKER = {wire_count: 24, tv_sector: 22, release_count: 18, speech_count: 16,
             social_count: 16, wire_state: 14, tv_office: 10, wire_citizenship: 14,
             release_demographic: 12, wire_title: 12, agents_side_clause: 8, entries: 12,
             two_figures: 10, two_years: 8, change: 22, direction: 10, multiple: 8,
             share: 14, rank_sector: 14, rank_citizenship: 10, record: 12,
             record_low_words: 8, threshold_both: 8, not_checkable: 24}


def build_corpus(b: Builder) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for maker in MAKERS:
        want, tries = PER_MAKER[maker], 0
        made = 0
        while made < want and tries < want * 20:
            tries += 1
            got = maker(b)
            if got is None or got["text"] in seen:
                continue
            seen.add(got["text"])
            got["id"] = f"c{len(out):03d}"
            got["maker"] = maker.__name__
            out.append(got)
            made += 1
    random.Random(5).shuffle(out)
    for i, it in enumerate(out):
        it["id"] = f"c{i:03d}"
    return out
