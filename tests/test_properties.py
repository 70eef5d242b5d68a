"""Property tests: for any generated release, ingest then query returns the same totals."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderflow import vocab
from borderflow.store import Query, Warehouse
from tests.fixtures import SBO_HEADER, STATE_HEADER, write_csv

STATES = [("Southwest Land Border", "TX"), ("Southwest Land Border", "AZ"),
          ("Northern Land Border", "WA"), ("Other", "FL"), ("Other", "PR")]
DEMOGRAPHICS = {"Single Adults": "Single Adults", "FMUA": "Family Unit Individuals",
                "UC / Single Minors": "Unaccompanied Children", "UAC": "Unaccompanied Children",
                "Accompanied Minors": "Accompanied Minors"}
CITIZENSHIPS = {"MEXICO": "Mexico", "CHINA, PEOPLES REPUBLIC OF": "China, People's Republic",
                "MYANMAR (BURMA)": "Burma", "OTHER": "Other (not among CBP's 22 countries)",
                "HONDURAS": "Honduras"}
REGIONS = {"Southwest Land Border": vocab.SOUTHWEST, "Northern Land Border": vocab.NORTHERN,
           "Other": vocab.OTHER_REGION}

state_key = st.tuples(
    st.sampled_from([2021, 2022]), st.sampled_from(vocab.FISCAL_MONTHS), st.sampled_from(STATES),
    st.sampled_from(["Single Adults", "FMUA", "UAC", "Accompanied Minors"]),
    st.sampled_from(sorted(CITIZENSHIPS)), st.sampled_from(["Title 8", "Title 42"]),
)
state_release = st.dictionaries(state_key, st.integers(0, 2_000_000), min_size=1, max_size=60)


def _oracle(rows: dict[tuple[object, ...], int],
            dim_of: dict[str, object]) -> dict[str, Counter[object]]:
    out: dict[str, Counter[object]] = {d: Counter() for d in dim_of}
    for key, count in rows.items():
        for d, f in dim_of.items():
            out[d][f(key)] += count  # type: ignore[operator]
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state_release)
def test_state_release_round_trip(rows: dict[tuple[object, ...], int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(Path(tmp) / "nationwide-encounters-fy21-fy22-state.csv", STATE_HEADER,
                         [[str(fy), "FYTD", m, rs[0], rs[1], d, c, a, n]
                          for (fy, m, rs, d, c, a), n in rows.items()])
        with Warehouse() as wh:
            wh.ingest([path])
            oracle = _oracle(rows, {
                "region": lambda k: REGIONS[k[2][0]], "area": lambda k: k[2][1],
                "demographic": lambda k: DEMOGRAPHICS[k[3]],
                "citizenship": lambda k: CITIZENSHIPS[k[4]], "authority": lambda k: k[5],
                "fy": lambda k: k[0],
                "month": lambda k: vocab.month_start(k[0], vocab.FISCAL_MONTHS.index(k[1]) + 1),
            })
            for dim, expected in oracle.items():
                result = wh.query(Query(group_by=(dim,), fiscal_years=(2021, 2022)))
                got = {r[dim]: r["encounters"] for r in result.rows if r["encounters"]}
                assert got == {k: v for k, v in expected.items() if v}, dim
            assert wh.query(Query(fiscal_years=(2021, 2022))).total() == sum(rows.values())
            assert wh.verify() == []


sbo_key = st.tuples(
    st.sampled_from([2023, 2024]), st.sampled_from(vocab.FISCAL_MONTHS),
    st.sampled_from([("U.S. Border Patrol", "Title 8", "Apprehensions"),
                     ("Office of Field Operations", "Title 8", "Inadmissibles"),
                     ("U.S. Border Patrol", "Title 42", "Expulsions"),
                     ("Office of Field Operations", "Title 42", "Expulsions")]),
    st.sampled_from(list(DEMOGRAPHICS)[:3]),
    st.sampled_from(["El Salvador", "Guatemala", "Honduras", "Mexico", "Other"]),
)
sbo_release = st.dictionaries(sbo_key, st.integers(0, 500_000), min_size=1, max_size=60)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sbo_release, st.booleans())
def test_sbo_release_round_trip(rows: dict[tuple[object, ...], int], as_float: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(Path(tmp) / "sbo-encounters-fy23-fy24.csv", SBO_HEADER,
                         [[str(fy), "FYTD", m, comp, d, c, auth, et,
                           f"{n}.0" if as_float else n]
                          for (fy, m, (comp, auth, et), d, c), n in rows.items()])
        with Warehouse() as wh:
            wh.ingest([path])
            oracle = _oracle(rows, {
                "component": lambda k: "USBP" if k[2][0].startswith("U.S.") else "OFO",
                "authority": lambda k: k[2][1], "encounter_type": lambda k: k[2][2],
                "demographic": lambda k: DEMOGRAPHICS[k[3]],
                "citizenship": lambda k: "Other (not El Salvador, Guatemala, Honduras or Mexico)"
                if k[4] == "Other" else k[4],
            })
            sw = {"region": "southwest"}
            for dim, expected in oracle.items():
                result = wh.query(Query(filters=sw, group_by=(dim,), fiscal_years=(2023, 2024)))
                got = {r[dim]: r["encounters"] for r in result.rows if r["encounters"]}
                assert got == {k: v for k, v in expected.items() if v}, dim
                assert result.family == "cbp_sbo"
