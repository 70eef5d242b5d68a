"""Canonical vocabularies shared by every reader, the query API and the CLI.

The publications spell the same thing many ways (``UC / Single Minors``,
``UAC`` and ``Unaccompanied Children``; ``CHINA, PEOPLES REPUBLIC OF`` and
``China, People's Republic``).  Readers map every raw value to one canonical
value here, so a figure from one release can be compared with the next.
Values no table knows are kept (title-cased) and reported, never dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# ---------------------------------------------------------------- time

#: CBP month abbreviations in fiscal order (fiscal month 1 = October).
FISCAL_MONTHS: tuple[str, ...] = (
    "OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
)
MONTH_NAMES: tuple[str, ...] = (
    "October", "November", "December", "January", "February", "March",
    "April", "May", "June", "July", "August", "September",
)


def fiscal_to_calendar(fy: int, fm: int) -> tuple[int, int]:
    """Return (calendar year, calendar month) of fiscal month ``fm`` (1 = Oct) of ``fy``."""
    month = fm + 9 if fm <= 3 else fm - 3
    year = fy - 1 if fm <= 3 else fy
    return year, month


def calendar_to_fiscal(year: int, month: int) -> tuple[int, int]:
    """Return (fiscal year, fiscal month) of a calendar month; FY N starts in Oct N-1."""
    if month >= 10:
        return year + 1, month - 9
    return year, month + 3


def month_start(fy: int, fm: int) -> dt.date:
    """First day of fiscal month ``fm`` of ``fy`` as a calendar date."""
    y, m = fiscal_to_calendar(fy, fm)
    return dt.date(y, m, 1)


def add_months(d: dt.date, n: int) -> dt.date:
    """First of the month ``n`` months after ``d``'s month."""
    idx = d.year * 12 + (d.month - 1) + n
    return dt.date(idx // 12, idx % 12 + 1, 1)


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from ``first`` to ``last`` inclusive (first days)."""
    out, cur = [], first.replace(day=1)
    while cur <= last:
        out.append(cur)
        cur = add_months(cur, 1)
    return out


def describe_months(months: list[dt.date]) -> str:
    """Months as compact runs: ``2019-07..2019-09; 2026-08``; every month is named."""
    runs: list[list[dt.date]] = []
    for m in sorted(set(months)):
        if runs and add_months(runs[-1][-1], 1) == m:
            runs[-1].append(m)
        else:
            runs.append([m])
    return "; ".join(f"{r[0]:%Y-%m}" if len(r) == 1 else f"{r[0]:%Y-%m}..{r[-1]:%Y-%m}"
                     for r in runs)


def parse_month(text: str) -> dt.date:
    """Parse ``YYYY-MM`` into the first day of that month.

    Raises:
        ValueError: if the text is not a year and month.
    """
    try:
        year, month = text.strip().split("-")[:2]
        return dt.date(int(year), int(month), 1)
    except (ValueError, TypeError) as exc:
        from borderflow.i18n import _

        raise ValueError(_("{value} is not a month; expected YYYY-MM").format(
            value=repr(text))) from exc


# ---------------------------------------------------------------- dimensions

SOUTHWEST = "Southwest Land Border"
NORTHERN = "Northern Land Border"
COASTAL = "Coastal Border"
OTHER_REGION = "Other"  # CBP: air and sea ports and coastal areas (OFO + USBP)

REGION_ALIASES: dict[str, str] = {
    "southwest land border": SOUTHWEST, "southwest border": SOUTHWEST, "southwest": SOUTHWEST,
    "sw": SOUTHWEST, "swb": SOUTHWEST, "sbo": SOUTHWEST,
    "northern land border": NORTHERN, "northern border": NORTHERN, "northern": NORTHERN,
    "nbo": NORTHERN,
    "coastal border": COASTAL, "coastal": COASTAL, "cbo": COASTAL,
    "other": OTHER_REGION,
}

USBP = "USBP"
OFO = "OFO"
COMPONENT_ALIASES: dict[str, str] = {
    "u.s. border patrol": USBP, "us border patrol": USBP, "border patrol": USBP, "usbp": USBP,
    "office of field operations": OFO, "field operations": OFO, "ofo": OFO,
}

AUTHORITY_ALIASES: dict[str, str] = {
    "title 8": "Title 8", "t8": "Title 8", "8": "Title 8",
    "title 42": "Title 42", "t42": "Title 42", "42": "Title 42",
}

ENCOUNTER_TYPE_ALIASES: dict[str, str] = {
    "apprehensions": "Apprehensions", "apprehension": "Apprehensions",
    "inadmissibles": "Inadmissibles", "inadmissible": "Inadmissibles",
    "expulsions": "Expulsions", "expulsion": "Expulsions",
}

SINGLE_ADULTS = "Single Adults"
ACCOMPANIED_MINORS = "Accompanied Minors"
FAMILY_UNITS = "Family Unit Individuals"
UNACCOMPANIED = "Unaccompanied Children"
DEMOGRAPHIC_ALIASES: dict[str, str] = {
    "single adults": SINGLE_ADULTS, "single adult": SINGLE_ADULTS, "sa": SINGLE_ADULTS,
    "accompanied minors": ACCOMPANIED_MINORS, "am": ACCOMPANIED_MINORS,
    "fmua": FAMILY_UNITS, "family unit individuals": FAMILY_UNITS, "family units": FAMILY_UNITS,
    "family unit": FAMILY_UNITS, "family": FAMILY_UNITS, "families": FAMILY_UNITS,
    "uc / single minors": UNACCOMPANIED, "uc/single minors": UNACCOMPANIED,
    "uac": UNACCOMPANIED, "uc": UNACCOMPANIED, "unaccompanied children": UNACCOMPANIED,
    "unaccompanied alien children": UNACCOMPANIED, "unaccompanied minors": UNACCOMPANIED,
    "single minors": UNACCOMPANIED,
}


@dataclass(frozen=True)
class Sector:
    """A Border Patrol sector: canonical name, CBP code and land border region."""

    name: str
    code: str
    region: str
    state: str


SECTORS: tuple[Sector, ...] = (
    Sector("Big Bend", "BBT", SOUTHWEST, "TX"),
    Sector("Del Rio", "DRT", SOUTHWEST, "TX"),
    Sector("El Centro", "ELC", SOUTHWEST, "CA"),
    Sector("El Paso", "EPT", SOUTHWEST, "TX"),
    Sector("Laredo", "LRT", SOUTHWEST, "TX"),
    Sector("Rio Grande Valley", "RGV", SOUTHWEST, "TX"),
    Sector("San Diego", "SDC", SOUTHWEST, "CA"),
    Sector("Tucson", "TCA", SOUTHWEST, "AZ"),
    Sector("Yuma", "YUM", SOUTHWEST, "AZ"),
    Sector("Blaine", "BLW", NORTHERN, "WA"),
    Sector("Buffalo", "BUN", NORTHERN, "NY"),
    Sector("Detroit", "DTM", NORTHERN, "MI"),
    Sector("Grand Forks", "GFN", NORTHERN, "ND"),
    Sector("Havre", "HVM", NORTHERN, "MT"),
    Sector("Houlton", "HLT", NORTHERN, "ME"),
    Sector("Spokane", "SPW", NORTHERN, "WA"),
    Sector("Swanton", "SWB", NORTHERN, "VT"),
    Sector("Livermore", "LIV", COASTAL, "CA"),
    Sector("Miami", "MIP", COASTAL, "FL"),
    Sector("New Orleans", "NLL", COASTAL, "LA"),
    Sector("Ramey", "RMY", COASTAL, "PR"),
)
SECTOR_BY_NAME: dict[str, Sector] = {s.name.lower(): s for s in SECTORS}
SECTOR_ALIASES: dict[str, str] = {}
for _s in SECTORS:
    for _alias in (_s.name, _s.code, f"{_s.name} sector", f"{_s.name}, {_s.state}",
                   _s.name.replace(" ", "_")):
        SECTOR_ALIASES[_alias.lower()] = _s.name
SECTOR_ALIASES["lower rio grande valley"] = "Rio Grande Valley"
SECTOR_ALIASES["rgv"] = "Rio Grande Valley"
SOUTHWEST_SECTORS: tuple[str, ...] = tuple(s.name for s in SECTORS if s.region == SOUTHWEST)

#: CBP's Office of Field Operations field offices (the AOR release's names)
FIELD_OFFICES: tuple[str, ...] = (
    "Atlanta", "Baltimore", "Boston", "Buffalo", "Chicago", "Detroit", "El Paso", "Houston",
    "Laredo", "Los Angeles", "Miami", "New Orleans", "New York", "Portland", "Preclearance",
    "San Diego", "San Francisco", "San Juan", "Seattle", "Tampa", "Tucson",
)
#: names that are both a Border Patrol sector and a field office: "El Paso" alone is ambiguous
SECTOR_AND_FIELD_OFFICE: frozenset[str] = frozenset(
    s.name for s in SECTORS) & frozenset(FIELD_OFFICES)

US_STATES: frozenset[str] = frozenset({
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "MP", "AS",
})

# ---------------------------------------------------------------- citizenship

#: OHSS's title-case country names: the canonical spelling.
OHSS_COUNTRIES: tuple[str, ...] = (
    "Afghanistan", "Albania", "Algeria", "Angola", "Antigua and Barbuda", "Argentina",
    "Armenia", "Australia", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados",
    "Belarus", "Belgium", "Belize", "Benin", "Bhutan", "Bolivia", "Bosnia and Herzegovina",
    "Brazil", "Bulgaria", "Burkina Faso", "Burma", "Burundi", "Cabo Verde", "Cambodia",
    "Cameroon", "Canada", "Central African Republic", "Chad", "Chile",
    "China, People's Republic", "Colombia", "Congo, Democratic Republic", "Congo, Republic",
    "Costa Rica", "Cote d'Ivoire", "Croatia", "Cuba", "Czechia", "Denmark", "Djibouti",
    "Dominica", "Dominican Republic", "Ecuador", "Egypt", "El Salvador", "Equatorial Guinea",
    "Eritrea", "Estonia", "Ethiopia", "Fiji", "France", "Gabon", "Gambia", "Georgia",
    "Germany", "Ghana", "Greece", "Grenada", "Guatemala", "Guinea", "Guinea-Bissau", "Guyana",
    "Haiti", "Honduras", "Hungary", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel",
    "Italy", "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Korea, South", "Kosovo",
    "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Liberia", "Libya", "Lithuania",
    "Malaysia", "Mali", "Mauritania", "Mauritius", "Mexico", "Micronesia, Federated States",
    "Moldova", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Namibia", "Nepal",
    "Netherlands", "New Zealand", "Nicaragua", "Niger", "Nigeria", "North Macedonia",
    "Norway", "Pakistan", "Panama", "Paraguay", "Peru", "Philippines", "Poland", "Portugal",
    "Qatar", "Romania", "Russia", "Rwanda", "Saint Lucia", "Saint Vincent and the Grenadines",
    "Saudi Arabia", "Senegal", "Serbia", "Serbia and Montenegro (former)", "Sierra Leone",
    "Singapore", "Slovakia", "Somalia", "South Africa", "Spain", "Sri Lanka", "Sudan",
    "Suriname", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania",
    "Thailand", "Togo", "Tonga", "Trinidad and Tobago", "Tunisia", "Turkey", "Turkmenistan",
    "Uganda", "Ukraine", "United Kingdom", "United States", "Unknown", "Uruguay", "Uzbekistan",
    "Venezuela", "Vietnam", "Yemen", "Zambia", "Zimbabwe",
)
#: The group residual of CBP's five-value "Citizenship Grouping": the only meaning of
#: ``citizenship_group=Other``.
OTHER_CITIZENSHIP = "Other"
#: Residual categories.  "Other" means a different set of countries in each publication,
#: so each residual is its own value and a bare "Other" citizenship is refused as ambiguous:
#: CBP's state and AOR releases name 22 countries and put the rest in ``OTHER``; the
#: southwest (sbo) release and the dashboard name four and put the rest in ``Other``.
#: The OHSS workbook names every country and has no residual.
OTHER_CBP22 = "Other (not among CBP's 22 countries)"
OTHER_FOUR = "Other (not El Salvador, Guatemala, Honduras or Mexico)"
RESIDUAL_CITIZENSHIPS: frozenset[str] = frozenset({OTHER_CBP22, OTHER_FOUR})
AMBIGUOUS_OTHER = (
    "citizenship 'Other' means a different set of countries in each publication; ask for "
    "citizenship_group=Other (every country but El Salvador, Guatemala, Honduras and Mexico), "
    f"citizenship='{OTHER_CBP22}' (CBP's state and AOR releases) or "
    f"citizenship='{OTHER_FOUR}' (CBP's southwest release)")

CITIZENSHIP_ALIASES: dict[str, str] = {c.lower(): c for c in OHSS_COUNTRIES}
CITIZENSHIP_ALIASES.update({
    OTHER_CBP22.lower(): OTHER_CBP22, "other-cbp22": OTHER_CBP22,
    OTHER_FOUR.lower(): OTHER_FOUR, "other-four": OTHER_FOUR,
    "china, peoples republic of": "China, People's Republic",
    "china": "China, People's Republic",
    "myanmar (burma)": "Burma", "myanmar": "Burma",
    "korea": "Korea, South", "south korea": "Korea, South",
    "ivory coast": "Cote d'Ivoire",
    "cape verde": "Cabo Verde",
    "czech republic": "Czechia",
    "dem rep of the congo": "Congo, Democratic Republic",
    "congo": "Congo, Republic",
    "bosnia-herzegovina": "Bosnia and Herzegovina",
    "antigua-barbuda": "Antigua and Barbuda",
    "macedonia": "North Macedonia",
    "st. lucia": "Saint Lucia",
    "st. vincent-grenadines": "Saint Vincent and the Grenadines",
    "micronesia, federated states of": "Micronesia, Federated States",
    "serbia and montenegro": "Serbia and Montenegro (former)",
    "turkiye": "Turkey",
    "unnkown": "Unknown",
})

#: CBP's five-value "Citizenship Grouping" (southwest releases and dashboard).
CITIZENSHIP_GROUPS: tuple[str, ...] = ("El Salvador", "Guatemala", "Honduras", "Mexico", "Other")
NAMED_GROUPS: tuple[str, ...] = CITIZENSHIP_GROUPS[:4]


def cbp22_citizenship(raw: str) -> str | None:
    """A CBP state/AOR ``Citizenship`` cell: ``OTHER`` is CBP's residual after its 22 names."""
    if " ".join(raw.split()).lower() == "other":
        return OTHER_CBP22
    return canonical(CITIZENSHIP_ALIASES, raw)


def group_citizenship(raw: str) -> str | None:
    """A ``Citizenship Grouping`` cell: one of the four named countries or their residual."""
    if " ".join(raw.split()).lower() == "other":
        return OTHER_FOUR
    value = canonical(CITIZENSHIP_ALIASES, raw)
    return value if value in NAMED_GROUPS else None


#: CBP applied Title 42 from March 2020 to 11 May 2023.  Outside those months a Title 42
#: count (and its expulsions) is a known zero, not a figure the releases fail to publish.
TITLE_42_MONTHS = (dt.date(2020, 3, 1), dt.date(2023, 5, 1))


def known_zero(dim: str, value: str, month: dt.date) -> bool:
    """Whether ``dim=value`` is zero by definition in ``month`` (so its absence is no gap)."""
    if (dim, value) in (("authority", "Title 42"), ("encounter_type", "Expulsions")):
        return not TITLE_42_MONTHS[0] <= month <= TITLE_42_MONTHS[1]
    return False


def canonical(aliases: dict[str, str], raw: str) -> str | None:
    """Look ``raw`` up case- and space-insensitively; ``None`` when unknown."""
    return aliases.get(" ".join(raw.split()).lower())


def title_fallback(raw: str) -> str:
    """How an unknown raw value is kept: trimmed, title-cased when shouted."""
    text = " ".join(raw.split())
    return text.title() if text.isupper() else text


#: Dimension name -> alias table, for parsing user filters.
DIMENSION_ALIASES: dict[str, dict[str, str]] = {
    "region": REGION_ALIASES,
    "component": COMPONENT_ALIASES,
    "authority": AUTHORITY_ALIASES,
    "encounter_type": ENCOUNTER_TYPE_ALIASES,
    "demographic": DEMOGRAPHIC_ALIASES,
    "citizenship": CITIZENSHIP_ALIASES,
    "citizenship_group": {g.lower(): g for g in CITIZENSHIP_GROUPS},
    "area_type": {"sector": "sector", "field_office": "field_office",
                  "field office": "field_office", "state": "state"},
}
