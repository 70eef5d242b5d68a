"""Claims checker: accuracy on claims it was not tuned on, per class and per form, and speed.

Prints (1) the corpus half's confusion table (rows: the oracle's verdict, from
plain pandas over the raw files; columns: the checker's), default the *test*
half, which is never tuned on (``--half dev`` for tuning); (2) the stress set's
accuracy per form; (3) the time to check 1,000 words (target under 1 s); each
beside a baseline run in the same process: a naive checker that reads each
figure literally (southwest unless stated, the stated component and period)
and calls it supported within 1%, contradicted otherwise.

    python benchmarks/claims.py [--half dev|test] [--misses N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from _common import data_dir

from borderflow.claims import check
from borderflow.claims.check import Checker, check_text, primary_reading
from borderflow.claims.extract import extract
from borderflow.store import Warehouse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.claims_data import load  # noqa: E402
from tests.claims_score import score, table  # noqa: E402


def naive(wh: Warehouse, text: str, date: dt.date) -> list[str]:
    out = []
    for claim in extract(text, date):
        if claim.quantity is None or claim.kind != "count" or claim.period is None:
            out.append("contradicted")
            continue
        got = Checker(wh, date).official(primary_reading(claim))
        ok = got is not None and abs(got.value - claim.quantity.value) <= \
            0.01 * claim.quantity.value
        out.append("supported" if ok else "contradicted")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--half", choices=("dev", "test"), default="test")
    ap.add_argument("--misses", type=int, default=0, help="print this many misses per set")
    ap.add_argument("--stress-only", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with Warehouse(Path(tmp) / "w.duckdb") as built:
            built.ingest([data_dir()])
        # read as the server reads it (read-only, with the query roll-ups); the plain
        # warehouse is timed too, on the first 300 stress texts, below
        with Warehouse(Path(tmp) / "w.duckdb", read_only=True, rollups=True) as wh, \
                Warehouse(Path(tmp) / "w.duckdb", read_only=True) as plain:
            run(args, wh, plain)


def run(args: argparse.Namespace, wh: Warehouse, plain: Warehouse) -> None:
    def ours(text: str, date: dt.date) -> list[str]:
        return [v.verdict for v in check_text(wh, text, date)]

    def base(text: str, date: dt.date) -> list[str]:
        return naive(wh, text, date)

    if not args.stress_only:
        half = [it for it in load("corpus") if it["split"] == args.half]
        s, b = score(half, ours), score(half, base)
        print(f"corpus, {args.half} half: {s.total} texts, {sum(s.confusion.values())} "
              "figures")
        print("\n".join(table(s)))
        print(f"accuracy (every verdict of a text right) {s.right}/{s.total} = "
              f"{s.accuracy:.1%}; naive literal checker {b.accuracy:.1%}; ratio "
              f"{s.accuracy / max(b.accuracy, 1e-9):.2f}")
        for m in s.misses[:args.misses]:
            print("  MISS", m)
        names = ("fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                 "fresh8", "dev9", "fresh9", "fresh10")
        for name in (names if args.half == "test" else ()):
            if not (Path(__file__).resolve().parents[1] / "tests" / "data" /
                    f"claims_{name}.json").exists():
                continue
            fresh = load(name)  # hand-written sets (see tests/claims_fresh*.py, dev9)
            s, b = score(fresh, ours), score(fresh, base)
            print(f"\n{name} hand-written set: {s.total} texts, "
                  f"{sum(s.confusion.values())} figures")
            print("\n".join(table(s)))
            print(f"accuracy {s.right}/{s.total} = {s.accuracy:.1%}; naive literal "
                  f"checker {b.accuracy:.1%}")
            for m in s.misses[:args.misses]:
                print("  MISS", m)
    stress = load("stress")
    t = time.perf_counter()
    s = score(stress, ours)
    elapsed = time.perf_counter() - t
    b = score(stress, base)
    print(f"\nstress set: {s.total} texts; accuracy per form (naive in brackets)")
    for form in sorted(s.by_form, key=lambda f: -s.by_form[f][1]):
        r, n = s.by_form[form]
        print(f"  {form:14} {r:>5}/{n:<5} {r / n:>6.1%}   ({b.by_form[form][0] / n:.1%})")
    print(f"  {'all':14} {s.right:>5}/{s.total:<5} {s.accuracy:>6.1%}   "
          f"({b.accuracy:.1%})")
    print("\n".join(table(s)))
    for m in s.misses[:args.misses]:
        print("  MISS", m)
    words = sum(len(it["text"].split()) for it in stress)
    t = time.perf_counter()
    score(stress[:300], base)
    naive_time = time.perf_counter() - t
    naive_words = sum(len(it["text"].split()) for it in stress[:300])
    per_k = elapsed / words * 1000
    base_k = naive_time / naive_words * 1000
    print(f"\ntime per 1,000 words, stress set ({words:,} words, one claim per "
          f"{words / s.total:.0f} words): {per_k:.3f} s (target < 1 s); naive literal "
          f"checker {base_k:.3f} s; ratio {per_k / base_k:.2f}")
    t = time.perf_counter()
    for it in stress[:300]:
        check_text(plain, it["text"], dt.date.fromisoformat(it["date"]))
    plain_k = (time.perf_counter() - t) / naive_words * 1000
    print(f"time per 1,000 words, first 300 stress texts, warehouse without roll-ups, "
          f"nothing cached: {plain_k:.3f} s; ratio to the served warehouse's whole-set "
          f"figure {plain_k / per_k:.2f}")
    # a 1,000-word article: the seed article, then dev-half corpus texts, caches cold
    article = (data_dir().parents[1] / "claims" / "000_b2bc5bbcef59be12.txt").read_text()
    filler = " ".join(it["text"] for it in load("corpus") if it["split"] == "dev")
    text = " ".join((article + "\n\n" + filler).split()[:1000])
    cold = []
    for _ in range(3):
        check._MEMO.clear()  # noqa: SLF001 - measure without the answers kept
        t = time.perf_counter()
        found = check_text(wh, text, dt.date(2026, 11, 28))
        cold.append(time.perf_counter() - t)
    t = time.perf_counter()
    for sentence in text.split(". "):
        naive(wh, sentence, dt.date(2026, 11, 28))
    naive_cold = time.perf_counter() - t
    print(f"time for a 1,000-word article ({len(found)} claims), nothing cached: "
          f"{sorted(cold)[1]:.3f} s (target < 1 s); naive literal checker "
          f"{naive_cold:.3f} s; ratio {sorted(cold)[1] / naive_cold:.2f}")

if __name__ == "__main__":
    main()
