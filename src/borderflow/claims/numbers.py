"""Quantities in running text: digits or words, their qualifier and their precision.

"304,162", "2.5 million", "nearly 300,000", "more than 2,000", "two million",
"14%".  Dates, years, money and other non-counts are recognised so that they
are not mistaken for counts.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from text_to_num import text2num

_UNITS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
          "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
          "eighty|ninety|hundred")
#: a run of number words ("two million", "three hundred thousand", "twenty-five thousand")
_WORD_RUN = rf"(?:(?:{_UNITS})(?:[- ](?:{_UNITS}|and))*)"
_SCALE = {"thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000,
          "billion": 1_000_000_000}
QUALIFIERS: dict[str, str] = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "some": "about", "an estimated": "about", "estimated": "about", "almost": "nearly",
    "nearly": "nearly", "close to": "about", "just shy of": "nearly",
    "just under": "justunder", "just below": "justunder", "slightly less than": "justunder",
    "slightly fewer than": "justunder", "slightly below": "justunder",
    "just over": "justover", "just above": "justover", "slightly more than": "justover",
    "slightly over": "justover", "slightly above": "justover", "more than": "more",
    "over": "more", "at least": "atleast", "upwards of": "more", "in excess of": "more",
    "above": "more", "exceeding": "more", "exceeded": "more", "topped": "more",
    "surpassed": "more", "top": "more", "tops": "more", "surpass": "more", "surpasses": "more",
    "exceed": "more", "exceeds": "more", "pass": "more", "passes": "more",
    "less than": "less", "fewer than": "less",
    "under": "less", "below": "less", "up to": "less", "just": "exact",
}
_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
NUMBER_RE = re.compile(
    rf"(?P<qual>\b(?:{_QUAL})\s+)?"
    r"(?P<cur>[$€£]\s?)?"
    r"(?P<num>(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?"
    rf"|\b(?:half a|a half|a)(?=\s+(?:million|thousand|billion)\b)|\b{_WORD_RUN}\b)"
    r"(?P<scale>\s*(?:million|billion|thousand)\b|(?<=\d)[kKmM]\b)?"
    r"(?P<pct>\s*(?:%|percent\b|per cent\b|percentage points?\b))?"
    r"(?P<plus>\+(?!\w))?",
    re.IGNORECASE,
)
_DATE_AFTER = re.compile(rf"^\s*(?:,\s*)?(?:{_MONTHS})\b", re.IGNORECASE)
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A number found in text.

    Attributes:
        value: the number (2.5 million -> 2_500_000).
        qualifier: ``exact``, ``about``, ``nearly``, ``more``, ``less``, ``atleast``,
            ``justover`` ("just over": at most 5% above) or ``justunder`` (at most 5% below).
        unit: the rounding the writer used (304,162 -> 1; 2.5 million -> 100,000).
        kind: ``count``, ``percent``, ``money``, ``year``, ``date`` or ``ordinal``.
    """

    text: str
    value: float
    qualifier: str
    unit: float
    kind: str
    start: int
    end: int


def _unit_of(digits: str, scale: float) -> float:
    """The place value of the last significant digit as written."""
    if "." in digits:
        decimals = len(digits.split(".")[1])
        return float(scale / 10**decimals)
    plain = digits.replace(",", "")
    if scale > 1:
        return scale
    stripped = plain.rstrip("0")
    return float(10 ** (len(plain) - len(stripped))) if stripped else 1.0


_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SPELLED_DECIMAL = re.compile(
    r"\b(" + "|".join(_DIGIT_WORDS[1:]) + r") point (" + "|".join(_DIGIT_WORDS) + r")"
    r"(?= (?:million|billion|thousand)\b)", re.IGNORECASE)


_AND_A_HALF = re.compile(
    r"\b(" + "|".join(_DIGIT_WORDS[1:]) + r"|\d) and a half(?= (?:million|billion|thousand)\b)",
    re.IGNORECASE)


def _spelled_decimals(text: str) -> str:
    """"two point one million" -> "2.1", "two and a half million" -> "2.5", each padded to
    the same length (offsets are kept)."""
    def digits(m: re.Match[str]) -> str:
        word = f"{_DIGIT_WORDS.index(m[1].lower())}.{_DIGIT_WORDS.index(m[2].lower())}"
        return word + " " * (len(m.group(0)) - len(word))

    def half(m: re.Match[str]) -> str:
        whole = m[1] if m[1].isdigit() else str(_DIGIT_WORDS.index(m[1].lower()))
        word = f"{whole}.5"
        return word + " " * (len(m.group(0)) - len(word))
    def quarter(m: re.Match[str]) -> str:
        return "0.25" + " " * (len(m.group(0)) - 4)
    return _QUARTER.sub(quarter, _AND_A_HALF.sub(half, _SPELLED_DECIMAL.sub(digits, text)))


#: "a quarter million", "a quarter of a million"
_QUARTER = re.compile(r"\ba quarter(?: of a)?(?= million\b)", re.IGNORECASE)


def find_quantities(text: str) -> list[Quantity]:
    """Every number in ``text``, classified."""
    out: list[Quantity] = []
    written = text  # the words as written (the spelled-out numbers are replaced in place)
    text = _spelled_decimals(text)
    for m in NUMBER_RE.finditer(text):
        raw = m.group("num")
        word = raw.lower()
        scale_text = (m.group("scale") or "").strip().lower()
        scale = float(_SCALE.get(scale_text, 1))
        if not raw[0].isdigit():
            if word in ("a", "half a", "a half"):
                base = 0.5 if "half" in word else 1.0
            else:
                try:
                    base = float(text2num(word.replace(" and ", " "), "en"))
                except ValueError:
                    continue
            if not scale_text and base < 10:
                continue  # "one", "two" on their own are not quantities
            unit = (scale * min(base, 1.0) / 5 if base < 1 else scale) if scale > 1 else \
                float(10 ** (len(str(int(base))) - 1))
        else:
            base = float(raw.replace(",", ""))
            unit = _unit_of(raw, scale)
        value = base * scale
        if not math.isfinite(value):
            continue  # 400 digits: no count of people; as infinity it "matched" any figure
        before, after = text[: m.start("num")], text[m.end():]
        if m.group("cur"):
            kind = "money"
        elif m.group("pct"):
            kind = "percent"
        elif not scale_text and "," not in raw and raw.isdigit() and 1900 <= value <= 2100:
            kind = "year"
        elif (_DATE_BEFORE.search(before) or _DATE_AFTER.match(after)) and value <= 31:
            kind = "date"
        elif re.search(r"\b(?:Title|Section|Chapter|No\.|Article|Rule|Form|I-)\s*$", before):
            kind = "label"
        elif re.match(r"^(?:st|nd|rd|th)\b|^-[a-z]", after, re.IGNORECASE):
            kind = "ordinal"
        elif re.match(r"^\s*(?:years?|months?|weeks?|days?|decades?|hours?|miles?)\b",
                      after, re.IGNORECASE):
            kind = "other"  # a duration, a distance
        else:
            kind = "count"
        qual = QUALIFIERS.get((m.group("qual") or "").strip().lower(), "exact")
        if m.group("plus") and qual == "exact":
            qual = "more"  # "250K+", "1.5M+"
        out.append(Quantity(" ".join(written[m.start():m.end()].split()), value, qual, unit, kind,
                            m.start("qual") if m.group("qual") else m.start("num"), m.end()))
    return out
