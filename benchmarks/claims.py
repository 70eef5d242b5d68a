"""Claims checker: verdict accuracy on the labelled set, and the time to check an article.

Baseline: a naive checker that reads each figure literally (southwest unless
stated, the stated component, the stated period) and calls it supported within
1%, contradicted otherwise; no nearby readings, no wording, no "not checkable".
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _common import data_dir

from borderflow.claims.check import Checker, check_text, primary_reading
from borderflow.claims.extract import extract
from borderflow.store import Warehouse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.claims_set import CLAIMS, DATE, HELD_OUT  # noqa: E402

VERDICTS = ("supported", "contradicted", "wrong measure", "not checkable")


def naive(wh: Warehouse, text: str, date: dt.date) -> str:
    claims = extract(text, date)
    if not claims or claims[0].quantity is None or claims[0].kind != "count":
        return "contradicted"
    got = Checker(wh, date).official(primary_reading(claims[0]))
    if got is None:
        return "contradicted"
    return "supported" if abs(got.value - claims[0].quantity.value) <= \
        0.01 * claims[0].quantity.value else "contradicted"


def table(rows: Counter[tuple[str, str]], title: str) -> None:
    print(f"\n{title}: rows = expected, columns = verdict given")
    print(f"{'':16}" + "".join(f"{v:>15}" for v in VERDICTS) + f"{'recall':>9}")
    for want in VERDICTS:
        total = sum(n for (w, _), n in rows.items() if w == want)
        print(f"{want:16}" + "".join(f"{rows[(want, got)]:>15}" for got in VERDICTS)
              + f"{rows[(want, want)] / total:>9.0%}")
    right = sum(n for (w, g), n in rows.items() if w == g)
    n = sum(rows.values())
    print(f"accuracy {right}/{n} = {right / n:.1%}")


def main() -> None:
    date = dt.date.fromisoformat(DATE)
    with tempfile.TemporaryDirectory() as tmp, Warehouse(Path(tmp) / "w.duckdb") as wh:
        wh.ingest([data_dir()])
        ours: Counter[tuple[str, str]] = Counter()
        base: Counter[tuple[str, str]] = Counter()
        for text, want in CLAIMS + HELD_OUT:
            got = check_text(wh, text, date)
            ours[(want, got[0].verdict if got else "none")] += 1
            base[(want, naive(wh, text, date))] += 1
        print(f"labelled set: {len(CLAIMS) + len(HELD_OUT)} claims written for the tests "
              f"({len(HELD_OUT)} of them added after the checker was built)")
        table(ours, "borderflow")
        table(base, "naive literal checker")
        article = (data_dir().parents[1] / "claims" / "000_b2bc5bbcef59be12.txt").read_text()
        words = article.split()
        filler = " ".join(t for t, _ in CLAIMS[:25])
        text = " ".join(words) + "\n\n" + filler
        text = " ".join(text.split()[:1000])
        check_text(wh, article)  # warm the caches of the warehouse, not of the checker
        times = []
        for _ in range(5):
            t = time.perf_counter()
            verdicts = check_text(wh, text, dt.date(2026, 1, 10))
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        for _ in range(5):
            for sentence in text.split(". "):
                naive(wh, sentence, dt.date(2026, 1, 10))
        naive_time = (time.perf_counter() - t) / 5
        med = sorted(times)[2]
        print(f"\ncheck a {len(text.split())}-word article ({len(verdicts)} claims): "
              f"{med:.3f} s (target < 1 s); naive literal checker {naive_time:.3f} s; "
              f"ratio {med / naive_time:.2f}")


if __name__ == "__main__":
    main()
