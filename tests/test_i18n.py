"""Spanish: a complete catalogue, pages and CLI output in Spanish, numbers as in es_MX."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from borderflow import i18n
from borderflow.cli import app
from borderflow.i18n.catalog import extract, read
from borderflow.server import ApiSettings, create_app

WIDE = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
_PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s")


def _ids(catalog: object) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}  # type: ignore[attr-defined]


# -- the catalogue -------------------------------------------------------------------------


def test_every_message_has_a_spanish_translation() -> None:
    catalog = read("es")
    assert len(catalog) > 200
    empty = [m.id for m in catalog if m.id and (not m.string or (
        isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert (empty, fuzzy) == ([], [])
    assert not catalog.fuzzy  # the header too: msgfmt would drop a fuzzy header


def test_catalogue_matches_the_code_and_templates() -> None:
    """No string marked in the code is missing from the catalogue, none left over."""
    extracted, catalogue = _ids(extract()), _ids(read("es"))
    assert sorted(extracted - catalogue) == []  # run scripts/i18n.py, then translate
    assert sorted(catalogue - extracted) == []


#: words a template may show as they are, in every language: the product and file formats
AS_IS = {"borderflow", "CSV", "HXL CSV", "JSON", "Parquet"}


def test_templates_show_no_unmarked_english() -> None:
    """Every word a template shows, and every label an attribute carries, goes through the
    catalogue (``{% trans %}`` or ``_()``): a new English string cannot slip past it."""
    from borderflow.i18n.catalog import PACKAGE

    found = {}
    for path in sorted(PACKAGE.glob("**/templates/*.j2")):
        t = path.read_text()
        labels = re.findall(r"""\b(?:alt|aria-label|title|placeholder)=["']([^"']*)["']""", t)
        t = re.sub(r"<style.*?</style>", " ", t, flags=re.S)
        t = re.sub(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", " ", t, flags=re.S)
        t = re.sub(r"{{.*?}}|{%.*?%}|{#.*?#}", " ", t, flags=re.S)
        t = re.sub(r"<[^>]*>", " ", t)
        words = re.findall(r"[A-Za-z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*)*", t)
        loose = [w for w in words if w not in AS_IS] + [
            v for v in labels if re.search("[A-Za-z]", v) and "{{" not in v]
        if loose:
            found[path.name] = loose
    assert found == {}


def test_babel_cfg_reads_what_the_catalogue_command_reads() -> None:
    from babel.messages.frontend import parse_mapping_cfg

    from borderflow.i18n.catalog import METHOD_MAP, OPTIONS_MAP, PACKAGE

    with (PACKAGE.parent.parent / "babel.cfg").open() as fh:
        methods, options = parse_mapping_cfg(fh)
    assert (methods, options) == (METHOD_MAP, OPTIONS_MAP)


def test_translations_keep_every_placeholder() -> None:
    for m in read("es"):
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        wanted = set(_PLACEHOLDER.findall(ids[-1]))
        for s in strings:
            assert set(_PLACEHOLDER.findall(s)) == wanted, (m.id, s)


def test_cbp_terms_are_used() -> None:
    with i18n.use("es"):
        assert i18n.gettext("U.S. Border Patrol") == "Patrulla Fronteriza de EE. UU."
        assert i18n.gettext("Office of Field Operations") == "Oficina de Operaciones de Campo"
        assert i18n.gettext("Southwest border") == "Frontera suroeste"
        assert i18n.gettext("fiscal year") == "año fiscal"
        assert i18n.gettext("encounters") == "encuentros"
    assert i18n.gettext("encounters") == "encounters"  # English outside the block


# -- formatting and negotiation ------------------------------------------------------------


def test_numbers_and_months_in_each_locale() -> None:
    aug = dt.date(2023, 8, 1)
    with i18n.use("es"):
        assert (i18n.num(12_730), i18n.num(2_475_669), i18n.num(3.25, 1)) == (
            "12,730", "2,475,669", "3.2")
        assert (i18n.month(aug), i18n.month_long(aug)) == ("ago 2023", "agosto de 2023")
        assert (i18n.pct(-1.37), i18n.pct(None), i18n.fiscal_year(2023)) == (
            "-1.4%", "n. d.", "AF2023")
    assert (i18n.num(12_730), i18n.month(aug), i18n.month_long(aug), i18n.pct(62.66)) == (
        "12,730", "Aug 2023", "August 2023", "+62.7%")


@pytest.mark.parametrize(("chosen", "header", "expected"), [
    (None, "es-MX,es;q=0.9,en;q=0.8", "es"),
    (None, "en-US,en;q=0.9,es;q=0.8", "en"),
    (None, "fr-FR,fr;q=0.9,es;q=0.5", "es"),
    (None, "es;q=0.2,en;q=0.8", "en"),
    (None, "es;q=0,fr", "en"),
    ("en", "es-MX", "en"),
    ("es", "en-US", "es"),
    ("xx", "es", "es"),
    (None, None, "en"),
])
def test_language_negotiation(chosen: str | None, header: str | None, expected: str) -> None:
    assert i18n.negotiate(chosen, header) == expected


def test_unknown_language_is_a_clear_error() -> None:
    from borderflow.errors import OptionError

    with pytest.raises(OptionError, match="language 'fr': expected one of en, es"):
        i18n.check_language("fr")


# -- the dashboard -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(official_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb"))) as c:
        yield c


@pytest.fixture
def client(served: TestClient) -> TestClient:
    """The app, without the language cookie an earlier test's ``?lang=`` left."""
    served.cookies.clear()
    return served


def _visible(html: str) -> str:
    """The page's text as a reader sees it (charts and markup removed), less the parts
    marked as English (``lang="en"``: the claims checker's generated explanations and the
    explorer's source notes, not yet translated) and the link back to English."""
    text = re.sub(r"<(svg|style|script)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"""<(\w+)[^>]*\blang=["']en["'][^>]*>.*?</\1>""", " ", text, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def _left_in(text: str) -> list[str]:
    """The catalogue's English UI strings found, as whole words, in ``text``.

    Publication titles are proper names and stay in English ("CBP Southwest Land Border
    Encounters by component"), so a string inside one of them is not counted."""
    from borderflow.sources import FAMILIES

    titles = " | ".join(f.title for f in FAMILIES.values())
    return [s for s in _english_ui_strings() if s not in titles
            and re.search(r"(?<!\w)" + re.escape(s) + r"(?!\w)", text)]


def _english_ui_strings() -> list[str]:
    """Catalogue strings of two words or more whose Spanish differs, placeholders cut out:
    none of them may be left on a Spanish page."""
    out: set[str] = set()
    for m in read("es"):
        if not m.id or not isinstance(m.id, str) or m.string == m.id:
            continue
        for chunk in _PLACEHOLDER.split(re.sub(r"<[^>]+>", "", m.id)):
            chunk = chunk.strip(" .,:;()")
            if len(chunk.split()) >= 2:
                out.add(chunk)
    return sorted(out)


SPANISH_PAGES = ["/", "/explorer?by=component&region=Southwest+Land+Border&from=2023-08&to=2023-08",
                 "/explorer?by=fy&from=2019-10&to=2023-09", "/sector/El Paso", "/forecasts",
                 "/forecasts?series=components:OFO", "/capacity", "/claims",
                 "/releases?old=16&new=18", "/no-such-page", "/explorer?fy=20x4"]


@pytest.mark.parametrize("path", SPANISH_PAGES)
def test_spanish_pages_have_no_english_ui_strings(client: TestClient, path: str) -> None:
    sep = "&" if "?" in path else "?"
    html = client.get(path + sep + "lang=es").text
    assert '<html lang="es">' in html
    text = _visible(html)
    assert _left_in(text) == []
    assert "Resumen" in text and "Explorador" in text  # the navigation, in Spanish


def test_spanish_overview_figures(client: TestClient) -> None:
    html = client.get("/", params={"lang": "es"}).text
    assert "Último mes publicado: <strong>jul 2026</strong>." in html
    # CBP's published July 2026 southwest total, with es_MX's comma for thousands
    assert 'data-value="12730">12,730</div>' in html
    assert "Suroeste, Patrulla Fronteriza de EE. UU." in html
    assert "Frontera suroeste, frente al mes anterior" in html


def test_spanish_alerts_are_explained_in_spanish(client: TestClient) -> None:
    html = client.get("/", params={"lang": "es"}).text
    alerts = re.findall(r'<div class="alert"><strong>(.*?)</strong> · (.*?) · (.*?): (.*?)</div>',
                        html)
    assert alerts
    kinds = {"aumento", "caída", "cambio de nivel", "cambio de composición"}
    assert {kind for kind, *_rest in alerts} <= kinds
    shift = next(a for a in alerts if a[0] == "cambio de nivel")
    assert re.fullmatch(r".+: cambio de nivel desde \w+ de \d{4}, de [\d,]+ a [\d,]+ al mes "
                        r"\(medias desestacionalizadas de los tramos anterior y posterior, "
                        r"[+-][\d,]+%\)\.( Evento de política más cercano: .+)?", shift[3])


def test_spanish_explorer_keeps_the_official_total(client: TestClient) -> None:
    html = client.get("/explorer", params={"by": "component", "region": "Southwest Land Border",
                                           "fy": "2023", "lang": "es"}).text
    assert ('<tr id="total"><th>Total, oct 2022 a sep 2023</th><td>2,475,669</td>') in html
    assert "<td>Patrulla Fronteriza de EE. UU.</td>" in html


def test_refusals_on_pages_in_spanish(client: TestClient) -> None:
    r = client.get("/sector/Atlantis", params={"lang": "es"})
    assert r.status_code == 400 and "<h1>No se puede mostrar</h1>" in r.text
    assert "<p class='alert' role='alert' id='error'>serie desconocida &#39;Atlantis&#39;; elija " \
        "entre " in r.text
    assert "<a href='/'>Volver al resumen</a>" in r.text
    html = client.get("/explorer", params={"from": "2023-13", "lang": "es"}).text
    assert ('<p class="alert" role="alert">&#39;2023-13&#39; no es un mes; se espera '
            "AAAA-MM</p>") in html
    html = client.get("/explorer", params={"fy": "20x4", "lang": "es"}).text
    assert ("año fiscal &#39;20x4&#39;: se espera un año, como 2024</p>") in html


def test_capacity_errors_in_spanish(client: TestClient) -> None:
    form = {"beds": "1400", "overflow": "400", "overflow_day": "2", "arrivals": "2000",
            "stay": "0", "departures": "2400", "occupancy": "1500", "surge": "0"}
    r = client.post("/capacity?lang=es", data=form)
    assert r.status_code == 422
    assert ("<span class='field-error' id='error-stay'>Estancia media (noches): escriba un "
            "número de 0.05 a 365</span>") in r.text


def test_accept_language_and_the_cache_keep_languages_apart(client: TestClient) -> None:
    url = "/sector/Yuma"
    english = client.get(url, headers={"accept-language": "en-US"}).text
    spanish = client.get(url, headers={"accept-language": "es-MX,es;q=0.9"}).text
    assert "<h1>Yuma sector</h1>" in english and '<html lang="en">' in english
    assert "<h1>Sector Yuma</h1>" in spanish and '<html lang="es">' in spanish
    # a choice made with ?lang= is remembered for the next page (a cookie)
    chosen = client.get("/claims?lang=es", headers={"accept-language": "en"})
    assert "borderflow_lang=es" in chosen.headers["set-cookie"]
    later = client.get("/capacity", headers={"accept-language": "en"},
                       cookies={"borderflow_lang": "es"}).text
    assert "<h1>Capacidad de albergues</h1>" in later


def test_switch_link_keeps_the_view(client: TestClient) -> None:
    html = client.get("/explorer", params={"by": "component", "fy": "2023",
                                           "region": "Southwest Land Border"}).text
    link = re.search(r'<a href="([^"]+)" lang="es" hreflang="es" id="lang-es">Español</a>', html)
    assert link is not None
    assert link.group(1) == ("/explorer?by=component&amp;fy=2023&amp;region=Southwest+Land+Border"
                             "&amp;lang=es")
    back = client.get(link.group(1).replace("&amp;", "&")).text
    assert 'id="lang-en">English</a>' in back
    assert "/explorer?by=component&amp;fy=2023&amp;region=Southwest+Land+Border&amp;lang=en" \
        in back


# -- the CLI -------------------------------------------------------------------------------


def _run(*args: str) -> object:
    return CliRunner().invoke(app, list(args), env=WIDE)


def test_brief_in_spanish(official_home: Path) -> None:
    result = _run("brief", "--lang", "es", "--home", str(official_home))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Encuentros en la frontera: julio de 2026"
    row = next(line for line in lines if "Frontera suroeste: encuentros" in line)
    # CBP's July 2026 southwest total, as es_MX writes it
    assert re.search(r"│ Frontera suroeste: encuentros\s+│\s+12,730 │ julio de 2026 ", row)
    assert any(re.search(r"Frontera suroeste, frente al mes anterior\s+│\s+12,730 │\s+12,907"
                         r" │\s+-177 │\s+-1.4% │", line) for line in lines)
    for english in ("Southwest border", "Totals", "Changes", "on the month", "July 2026"):
        assert english not in result.output


def test_query_and_check_labels_in_spanish(official_home: Path, tmp_path: Path) -> None:
    result = _run("query", "-w", "region=southwest", "-b", "component", "--from", "2023-08",
                  "--to", "2023-08", "--lang", "es", "--home", str(official_home))
    assert result.exit_code == 0, result.output
    assert re.search(r"┃ componente\s+┃\s+encuentros ┃", result.output)
    assert re.search(r"│ USBP\s+│\s+181,054 │", result.output)
    assert "fuente: " in result.output
    claim = tmp_path / "claim.txt"
    claim.write_text("Southwest border encounters totaled 3.5 million in fiscal year 2023.")
    checked = _run("check", str(claim), "--lang", "es", "--home", str(official_home))
    assert checked.exit_code == 0, checked.output
    assert checked.output.splitlines()[0].startswith("╭─ contradicha ")
    refused = _run("brief", "--lang", "fr", "--home", str(official_home))
    assert (refused.exit_code, refused.output.strip()) == (
        1, "error: language 'fr': expected one of en, es")


def test_report_in_spanish(official_home: Path, tmp_path: Path) -> None:
    result = _run("report", "--month", "2026-07", "--out", str(tmp_path), "--no-pdf",
                  "--lang", "es", "--home", str(official_home))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "report-2026-07.es.html").read_text()
    assert '<html lang="es">' in html
    assert "<h1>Encuentros en la frontera: julio de 2026</h1>" in html
    assert re.search(r'data-value="12730">12,730<span class="ref">', html)
    assert "Patrulla Fronteriza de EE. UU." in html
    assert (tmp_path / "charts-es").is_dir() and not (tmp_path / "charts").exists()
    text = _visible(html)
    assert _left_in(text) == []


def test_the_api_keeps_english_labels(client: TestClient) -> None:
    doc = client.get("/api/brief", headers={"accept-language": "es-MX"},
                     params={"lang": "es"}).json()
    assert doc["totals"][0]["label"] == "Southwest border encounters"
    assert doc["totals"][0]["period"] == "July 2026"
