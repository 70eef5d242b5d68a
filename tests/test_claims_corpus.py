"""The claims corpora and their oracle: sizes, split, labels reproducible, official figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from tests.claims_data import load
from tests.claims_oracle import Oracle, Spec, fy_months, month, verdict

VERDICTS = {"supported", "contradicted", "wrong measure", "not checkable"}
STYLES = {"news wire", "local TV", "press release", "speech", "social post"}


@pytest.fixture(scope="module")
def oracle(data_dir: Path) -> Oracle:
    return Oracle(data_dir)


def test_oracle_reads_official_figures(oracle: Oracle) -> None:
    # MANIFEST.md section 4 and the CBP releases it quotes
    assert oracle.value(Spec("southwest", fy_months(2023))) == 2_475_669
    assert oracle.value(Spec("nation", fy_months(2023))) == 3_201_144
    assert oracle.value(Spec("southwest", fy_months(2023), "USBP")) == 2_045_838
    assert oracle.value(Spec("southwest", fy_months(2024), "OFO")) == 604_482
    assert oracle.value(Spec("southwest", (month(2023, 8),), "USBP")) == 181_054
    assert oracle.value(Spec("nation", (month(2023, 8),))) == 304_073
    assert oracle.value(Spec("southwest", fy_months(2000), "USBP")) == 1_643_679
    assert oracle.value(Spec("state:TX", fy_months(2024))) == 991_149
    assert oracle.value(Spec("southwest", (month(2025, 11),))) == 10_960
    assert oracle.first_reported(Spec("southwest", (month(2022, 11),)),
                                 dt.date(2022, 12, 20)) == 233_740
    # no figure is a refusal, never a zero
    assert oracle.value(Spec("state:TX", (month(2026, 3),))) is None
    # Title 42 ended in May 2023: the release has Title 8 rows only, a true zero
    assert oracle.value(Spec("southwest", (month(2024, 3),), authority="Title 42")) == 0


def test_corpus_shape() -> None:
    items = load("corpus")
    assert len(items) >= 300
    assert {it["style"] for it in items} == STYLES
    assert {v for it in items for v in it["verdicts"]} == VERDICTS
    splits = Counter(it["split"] for it in items)
    assert set(splits) == {"dev", "test"} and abs(splits["dev"] - splits["test"]) <= 12
    for half in ("dev", "test"):
        assert {v for it in items if it["split"] == half for v in it["verdicts"]} == VERDICTS
    assert all(dt.date.fromisoformat(it["date"]) <= dt.date(2026, 11, 28) for it in items)


def test_stress_shape() -> None:
    items = load("stress")
    assert len(items) >= 2000
    forms = Counter(it["form"] for it in items)
    for form in ("count", "entries", "change", "direction", "multiple", "share", "rank",
                 "record", "threshold", "two figures", "daily", "custody", "gotaways",
                 "deaths", "releases", "asylum"):
        assert forms[form] > 0, form
    places = {f["place"].split(":")[0] for it in items for f in it["figures"]}
    assert places == {"southwest", "nation", "northern", "state", "sector", "office"}


def test_labels_are_the_oracles(oracle: Oracle) -> None:
    """Every stored corpus and fresh verdict, and every 10th stress verdict, is recomputed."""
    items = load("corpus") + [it for n in ("fresh", "fresh2", "fresh3", "fresh4", "fresh5",
                                                    "fresh6", "fresh7", "fresh8", "dev9",
                                                    "fresh9", "fresh10")
                              for it in load(n)] + load("stress")[::10]
    wrong = [it["id"] for it in items if verdict(oracle, it) != it["verdicts"]]
    assert wrong == []
