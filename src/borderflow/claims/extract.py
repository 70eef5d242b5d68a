"""From text to checkable statements: what is counted, where, when, by whom, how many.

The extractor is deliberately literal: it records what the words say (a
figure "entered the country", a "Border Patrol" attribution, "every day"),
and leaves judging them to :mod:`borderflow.claims.check`.  A sentence with no
border-migration subject yields no claim, so dates, money, other statistics
and other languages pass through without verdicts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from borderflow import vocab
from borderflow.claims.numbers import Quantity, find_quantities

MONTHS = {m.lower(): i for i, m in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"), start=1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

#: words that make a sentence about border migration (one is required)
SUBJECT = re.compile(
    r"\b(?:encounter(?:s|ed)?|apprehen\w+|arrest(?:s|ed)?|inadmissibles?|expul\w+|expelled|"
    r"migrants?|immigrants?|aliens?|asylum[- ]seekers?|crossings?|crossers?|crossed|"
    r"border[- ]crossers?|unaccompanied|family units?|got[- ]?aways|single adults)\b",
    re.IGNORECASE)

MEASURES: tuple[tuple[str, str], ...] = (
    ("custody", r"\bin (?:cbp |border patrol |federal )?custody\b|\bdetain\w*|\bdetention\b|"
                r"\bheld in\b|\bbeing held\b"),
    ("shelter", r"\bshelters?\b(?! capacity)|\bsheltered\b"),
    ("deaths", r"\bdeaths?\b|\bdied\b|\bbodies\b"),
    ("gotaways", r"\bgot[- ]?aways?\b|\bevaded\b|\bescaped\b"),
    ("expulsions", r"\bexpul\w+|\bexpelled\b"),
    ("inadmissibles", r"\binadmissibles?\b|\bturned away at (?:the )?ports?\b"),
    ("apprehensions", r"\bapprehen\w+|\barrest(?:s|ed)?\b|\bcaught\b"),
    ("entries", r"\bentered\b|\bentries\b|\bentering\b|\bcame into\b|\bgot into\b|"
                r"\bmade it into\b|\badmitted\b|\breleased into\b"),
    ("crossings", r"\bcrossings?\b|\bcrossed\b|\bcrossing\b|\bcrossers?\b"),
    ("encounters", r"\bencounter(?:s|ed)?\b"),
)

COMPONENT_CUES = (
    ("OFO", r"\bports? of entry\b|\bField Operations\b|\bOFO\b|\bofficers at\b"),
    ("USBP", r"\bBorder Patrol\b|\bUSBP\b|\bagents?\b"),
)
PLACE_CUES = (
    ("nation", r"\bnationwide\b|\bnationally\b|\bacross the (?:country|nation)\b|"
               r"\ball (?:U\.?S\.? )?borders\b|\bat all borders\b|\bin total\b|\boverall\b|"
               r"\bacross all\b"),
    ("southwest", r"\bsouth(?:west|western|ern) (?:land )?border\b|\bU\.?S\.?[- ]Mexico border\b|"
                  r"\bMexican border\b|\bborder with Mexico\b|\bsouthwest\b"),
    ("northern", r"\bnorthern (?:land )?border\b|\bCanadian border\b|\bborder with Canada\b"),
)
STATES = {"texas": "TX", "arizona": "AZ", "california": "CA", "new mexico": "NM"}
NATIONALITIES = {
    "mexican": "Mexico", "mexicans": "Mexico", "venezuelan": "Venezuela",
    "venezuelans": "Venezuela", "guatemalan": "Guatemala", "guatemalans": "Guatemala",
    "honduran": "Honduras", "hondurans": "Honduras", "salvadoran": "El Salvador",
    "salvadorans": "El Salvador", "cuban": "Cuba", "cubans": "Cuba", "haitian": "Haiti",
    "haitians": "Haiti", "nicaraguan": "Nicaragua", "nicaraguans": "Nicaragua",
    "colombian": "Colombia", "colombians": "Colombia", "ecuadorian": "Ecuador",
    "ecuadorians": "Ecuador", "chinese": "China, People's Republic", "indian": "India",
    "indians": "India", "peruvian": "Peru", "peruvians": "Peru", "brazilian": "Brazil",
    "brazilians": "Brazil", "russian": "Russia", "russians": "Russia", "ukrainian": "Ukraine",
    "ukrainians": "Ukraine", "turkish": "Turkey",
}
DEMOGRAPHIC_CUES = (
    (vocab.UNACCOMPANIED, r"\bunaccompanied (?:children|minors|kids|migrant children)\b|\bUACs?\b"),
    (vocab.FAMILY_UNITS, r"\bfamil(?:y|ies)(?: units?| members)?\b|\bFMUA\b"),
    (vocab.SINGLE_ADULTS, r"\bsingle adults?\b"),
    (vocab.ACCOMPANIED_MINORS, r"\baccompanied minors\b"),
)
DAILY = re.compile(r"\b(?:a|per|each|every) day\b|\bdaily\b|\ba night\b", re.IGNORECASE)
RANKING = re.compile(r"\bbusiest\b|\bmost (?:active|encounters|apprehensions|crossings)\b|"
                     r"\btop (?:\w+ )?sectors?\b|\bhighest number\b", re.IGNORECASE)
CHANGE = re.compile(r"\b(?:up|down|rose|risen|rise|rising|fell|fallen|fall|drop(?:ped)?|"
                    r"declin\w*|decreas\w*|increas\w*|jump\w*|surg\w*|grew|grow\w*|climb\w*|"
                    r"plung\w*|plummet\w*|soar\w*|spik\w*|higher|lower|more|fewer|less|below|"
                    r"above)\b", re.IGNORECASE)
DOWN = re.compile(r"\b(?:down|fell|fallen|fall|drop(?:ped)?|declin\w*|decreas\w*|plung\w*|"
                  r"plummet\w*|lower|fewer|less|below)\b", re.IGNORECASE)
RECORD = re.compile(r"\brecord\b|\ball[- ]time high\b|\bhighest (?:ever|on record)\b|"
                    r"\bmost ever\b", re.IGNORECASE)
PRESENT = re.compile(r"\b(?:is|are|am) (?:\w+ing|receiving|arriving|crossing|coming|in)\b|"
                     r"\b(?:are|is) (?:now|currently)\b|\bthis (?:week|month)\b", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*Written by .* on [A-Z][a-z]+ \d{1,2}, \d{4}\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Period:
    """When a claim is about: a span of months, and how the text framed it."""

    kind: str  # month | fy | cy | fytd | span
    first: dt.date
    last: dt.date
    label: str
    explicit: bool = True


@dataclass
class Claim:
    """One checkable statement."""

    text: str
    kind: str  # count | ranking | change | record
    quantity: Quantity | None = None
    measure: str = "encounters"
    component: str | None = None
    place: str | None = None  # nation | southwest | northern | sector | state
    area: str | None = None
    period: Period | None = None
    base_period: Period | None = None
    daily: bool = False
    citizenship: str | None = None
    demographic: str | None = None
    ranked: list[str] = field(default_factory=list)
    direction: str | None = None  # up | down (change claims)


def clean_text(text: str) -> str:
    """Drop repeated bylines and markdown links, and mend sentences broken by page furniture."""
    text = _BYLINE.sub("", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    merged: list[str] = []
    for p in paragraphs:
        if merged and not re.search(r"[.!?:\"”]$", merged[-1]) and p[:1].islower():
            merged[-1] = merged[-1] + " " + p
        else:
            merged.append(p)
    return "\n\n".join(" ".join(p.split()) for p in merged)


def sentences(text: str) -> list[str]:
    """Split into sentences, keeping ``U.S.`` and month abbreviations whole."""
    out: list[str] = []
    for para in clean_text(text).split("\n\n"):
        protected = re.sub(r"\b(U\.S|U\.N|Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|No|Jan|Feb|Aug|Sept|Oct|"
                           r"Nov|Dec|vs|Inc)\.", lambda m: m.group(1) + "\x00", para)
        for s in re.split(r"(?<=[.!?])[\"”]?\s+(?=[A-Z\"“(])", protected):
            s = s.replace("\x00", ".").strip()
            if s:
                out.append(s)
    return out


def article_date(text: str) -> dt.date | None:
    """The first full date in the text (``September 25, 2023`` or ``2023-09-25``)."""
    m = re.search(rf"\b({_MONTH_RE})\.? (\d{{1,2}}), (\d{{4}})\b", text, re.IGNORECASE)
    if m:
        return dt.date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None


def _month(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def latest_published(article: dt.date) -> dt.date:
    """The newest month CBP had published by ``article`` (mid-month, for the month before)."""
    back = 1 if article.day >= 15 else 2
    return vocab.add_months(article.replace(day=1), -back)


def periods(sentence: str, article: dt.date) -> list[Period]:
    """Every time expression in ``sentence``, in order of appearance."""
    found: list[tuple[int, Period]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], p: Period) -> None:
        if any(a <= m.start() < b for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        found.append((m.start(), p))

    for m in re.finditer(r"\b(?:fiscal(?: year)?|FY)\s?'?(\d{4}|\d{2})\b", sentence,
                         re.IGNORECASE):
        y = int(m[1]) + (2000 if len(m[1]) == 2 else 0)
        add(m, Period("fy", vocab.month_start(y, 1), vocab.month_start(y, 12), f"FY{y}"))
    for m in re.finditer(r"\bso far (?:this|in) fiscal year\b|\bthis fiscal year\b|"
                         r"\bfiscal year to date\b", sentence, re.IGNORECASE):
        fy = vocab.calendar_to_fiscal(article.year, article.month)[0]
        add(m, Period("fytd", vocab.month_start(fy, 1), latest_published(article),
                      f"FY{fy} to date"))
    for m in re.finditer(rf"\b({_MONTH_RE})\.?(?: of)?,? (\d{{4}})\b", sentence, re.IGNORECASE):
        d = _month(int(m[2]), MONTHS[m[1].lower()])
        add(m, Period("month", d, d, f"{d:%B %Y}"))
    for m in re.finditer(r"\b(?:calendar year|in|during|for|of|since) (\d{4})\b", sentence,
                         re.IGNORECASE):
        y = int(m[1])
        add(m, Period("cy", _month(y, 1), _month(y, 12), f"calendar year {y}"))
    for m in re.finditer(r"\blast month\b|\bthis month\b|\blast year\b|\bthis year\b", sentence,
                         re.IGNORECASE):
        word = m.group(0).lower()
        cur = article.replace(day=1)
        if word == "last month":
            d = vocab.add_months(cur, -1)
            add(m, Period("month", d, d, f"{d:%B %Y}"))
        elif word == "this month":
            add(m, Period("month", cur, cur, f"{cur:%B %Y}"))
        elif word == "last year":
            y = article.year - 1
            add(m, Period("cy", _month(y, 1), _month(y, 12), f"calendar year {y}"))
        else:
            add(m, Period("cy", _month(article.year, 1), latest_published(article),
                          f"{article.year} to date"))
    for m in re.finditer(rf"\b(?:in|during|for|of|since|from|than|to|through|last) ({_MONTH_RE})\b"
                         r"(?!\.? \d)", sentence, re.IGNORECASE):
        month = MONTHS[m[1].lower()]
        year = article.year if month <= article.month else article.year - 1
        d = _month(year, month)
        if d > latest_published(article) and not PRESENT.search(sentence) and \
                d != article.replace(day=1):
            d = _month(year - 1, month)
        add(m, Period("month", d, d, f"{d:%B %Y}", explicit=False))
    return [p for _, p in sorted(found, key=lambda t: t[0])]


def default_period(sentence: str, article: dt.date) -> Period:
    """No time in the text: the present tense means this month, else the newest published."""
    if PRESENT.search(sentence) or DAILY.search(sentence):
        d = article.replace(day=1)
    else:
        d = latest_published(article)
    return Period("month", d, d, f"{d:%B %Y}", explicit=False)


def _measure(sentence: str) -> str:
    for name, pattern in MEASURES:
        if re.search(pattern, sentence, re.IGNORECASE):
            return name
    return "encounters"


def _first_cue(sentence: str, cues: tuple[tuple[str, str], ...]) -> str | None:
    best: tuple[int, str] | None = None
    for name, pattern in cues:
        m = re.search(pattern, sentence, re.IGNORECASE)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


def sectors_in(sentence: str) -> list[str]:
    """Border Patrol sectors named in the sentence, in order."""
    names = sorted({*(s.name for s in vocab.SECTORS), "Lower Rio Grande Valley"}, key=len,
                   reverse=True)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for name in names:
        for m in re.finditer(rf"\b{re.escape(name)}\b", sentence):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            canonical = vocab.canonical(vocab.SECTOR_ALIASES, name) or name
            found.append((m.start(), canonical))
    return list(dict.fromkeys(n for _, n in sorted(found)))


def _scope(claim: Claim, sentence: str) -> None:
    sectors = sectors_in(sentence)
    cue = _first_cue(sentence, PLACE_CUES)
    states = [code for name, code in STATES.items()
              if re.search(rf"\b{name}\b", sentence, re.IGNORECASE)]
    if sectors and claim.kind != "ranking":
        claim.place, claim.area = "sector", sectors[0]
        claim.component = claim.component or "USBP"
    elif cue:
        claim.place = cue
    elif states and claim.kind != "ranking":
        claim.place, claim.area = "state", states[0]


def extract(text: str, article: dt.date) -> list[Claim]:
    """Every checkable statement in ``text``, dated against ``article``."""
    claims: list[Claim] = []
    for sentence in sentences(text):
        ranking = bool(RANKING.search(sentence) and re.search(r"\bsectors?\b", sentence))
        if not SUBJECT.search(sentence) and not ranking:
            continue
        found = periods(sentence, article)
        common = {
            "measure": _measure(sentence),
            "component": _first_cue(sentence, COMPONENT_CUES),
            "daily": bool(DAILY.search(sentence)),
            "citizenship": next((c for w, c in NATIONALITIES.items()
                                 if re.search(rf"\b{w}\b", sentence, re.IGNORECASE)), None),
            "demographic": _first_cue(sentence, DEMOGRAPHIC_CUES),
        }
        if RANKING.search(sentence) and len(sectors_in(sentence)) >= 2:
            c = Claim(sentence, "ranking", ranked=sectors_in(sentence),
                      period=found[0] if found else default_period(sentence, article),
                      **common)  # type: ignore[arg-type]
            _scope(c, sentence)
            claims.append(c)
            continue
        quantities = [q for q in find_quantities(sentence) if q.kind in ("count", "percent")]
        for q in quantities:
            if q.kind == "percent":
                if not CHANGE.search(sentence):
                    continue
                c = Claim(sentence, "change", quantity=q, **common)  # type: ignore[arg-type]
                c.direction = "down" if DOWN.search(sentence) else "up"
                c.period = found[0] if found else default_period(sentence, article)
                c.base_period = found[1] if len(found) > 1 else _previous(c.period, sentence)
            else:
                if q.value < 10:
                    continue
                c = Claim(sentence, "record" if RECORD.search(sentence) else "count",
                          quantity=q, **common)  # type: ignore[arg-type]
                c.period = found[0] if found else default_period(sentence, article)
            _scope(c, sentence)
            claims.append(c)
    return claims


def _previous(period: Period, sentence: str) -> Period:
    """The comparison base when the text only says "from last year" / "from last month"."""
    if re.search(r"\b(?:last|previous|prior) month\b|\bmonth[- ]over[- ]month\b", sentence,
                 re.IGNORECASE) and period.kind == "month":
        d = vocab.add_months(period.first, -1)
        return Period("month", d, d, f"{d:%B %Y}")
    first, last = vocab.add_months(period.first, -12), vocab.add_months(period.last, -12)
    if period.kind == "fy":
        y = vocab.calendar_to_fiscal(first.year, first.month)[0]
        return Period("fy", first, last, f"FY{y}")
    if period.kind == "cy":
        return Period("cy", first, last, f"calendar year {first.year}")
    if period.kind == "month":
        return Period("month", first, last, f"{first:%B %Y}")
    return Period(period.kind, first, last, f"{first:%B %Y} to {last:%B %Y}")
