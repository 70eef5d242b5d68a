"""The Tucson shelter records: reconstruction, what was known at each origin, and the scoring."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from tests.tucson import (
    Forecasts,
    Groups,
    daily_arrivals,
    known_at,
    known_nights,
    occupancy,
    read_groups,
    score,
    unknown_window,
)


@pytest.fixture(scope="module")
def tucson(data_dir: Path) -> Groups:
    return read_groups(data_dir / "shelter_daily" / "groups_limited_1.20.csv")


def test_reconstruction(tucson: Groups) -> None:
    g = tucson
    assert daily_arrivals(g).sum() == 24_162  # people in the file (MANIFEST.md)
    assert g.notes == ["12 stays of about -365 nights read as a year typo (+365)",
                       "376 groups with a missing or negative stay: unknown"]
    occ = occupancy(g)
    assert occ.min() >= 0
    # person-nights of known stays, less those after the last arrival day
    k = g.known
    after = np.maximum(g.arrival[k] + g.stay[k] - (g.last_arrival + 1), 0)
    assert occ.sum() == pytest.approx((g.people[k] * g.stay[k]).sum() - (g.people[k] * after).sum())


def test_unknown_stays_are_not_scored(tucson: Groups) -> None:
    g = tucson
    window = unknown_window(g)
    assert window == 16
    known = known_nights(g)
    for a in np.unique(g.arrival[~g.known & (g.people > 0)]):
        assert not known[a: a + window + 1].any()
    # the November gap in the stays: 2021-11-02 to 2021-11-14 arrivals have none recorded
    nov = (dt.date(2021, 11, 10) - g.first_day).days
    assert not known[nov]


def test_known_at_censors_guests_still_present(tucson: Groups) -> None:
    g = tucson
    origin = (dt.date(2021, 7, 1) - g.first_day).days
    los, ages = known_at(g, origin)
    assert ages.sum() == occupancy(g)[origin]  # everyone present, by nights so far
    # a guest present tonight has stayed at least one night
    assert ages[0] == 0
    # the stays of guests who already left are shorter on average than the fit that also
    # counts the guests still present
    k = g.known & (g.arrival <= origin) & (g.arrival >= origin - 28) & (g.people > 0)
    left = k & (g.arrival + g.stay <= origin)
    finished_mean = (g.stay[left] * g.people[left]).sum() / g.people[left].sum()
    assert los.mean > finished_mean + 0.1


def test_score_against_a_numpy_oracle() -> None:
    rng = np.random.default_rng(0)
    n, h = 30, 14
    actual = rng.uniform(50, 150, (n, h))
    centre = actual + rng.normal(0, 10, (n, h))
    quantiles = np.stack([centre - 30, centre - 8, centre, centre + 8, centre + 30], axis=1)
    f = Forecasts(origins=np.arange(n), days=[dt.date(2021, 1, 1)] * n, quantiles=quantiles,
                  actual=actual, persistence=actual + 20, seasonal=actual - 25,
                  widened=quantiles)
    s = score(f, np.ones(n, bool), boot=50)
    mae = np.abs(centre - actual).mean(0)
    assert np.allclose(s.mae, mae)
    assert np.allclose(s.ratio, mae / 20)  # persistence is off by 20, seasonal by 25
    assert s.skill == pytest.approx(mae[2:].sum() / (20 * 12))
    inside50 = ((actual >= centre - 8) & (actual <= centre + 8)).mean()
    assert s.coverage50 == s.raw50 == pytest.approx(inside50)
    assert s.skill_ci[0] <= s.skill <= s.skill_ci[1]


def test_outlier_rule_on_the_tucson_arrivals(tucson: Groups) -> None:
    # the constants of the outlying-day rule, stated in capacity/estimate.py: 7 of 361 days
    from borderflow.capacity.estimate import find_outliers
    from tests.tucson import daily_arrivals

    found = find_outliers(daily_arrivals(tucson))
    assert len(daily_arrivals(tucson)) == 361
    assert [(o.index, o.count, o.median) for o in found] == [
        (7, 13.0, 1.0), (266, 16.0, 1.5), (271, 26.0, 3.0), (315, 159.0, 19.0),
        (320, 3.0, 86.0), (324, 8.0, 116.5), (360, 1.0, 110.0)]
