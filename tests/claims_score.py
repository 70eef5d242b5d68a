"""Scoring the checker on the corpora: per item, per verdict class, per form."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

VERDICTS = ("supported", "contradicted", "wrong measure", "not checkable")
Check = Callable[[str, dt.date], list[str]]


@dataclass
class Score:
    """Items right (every verdict of the text, in order), and a confusion table by figure."""

    right: int = 0
    total: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_form: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def recall(self, verdict: str) -> float:
        n = sum(v for (w, _), v in self.confusion.items() if w == verdict)
        return self.confusion[(verdict, verdict)] / n if n else 0.0


def score(items: list[dict[str, Any]], check: Check) -> Score:
    s = Score()
    for it in items:
        want: list[str] = it["verdicts"]
        got = check(it["text"], dt.date.fromisoformat(it["date"]))
        ok = got == want
        s.total += 1
        s.right += ok
        form = s.by_form.setdefault(it["form"], [0, 0])
        form[0] += ok
        form[1] += 1
        for i, w in enumerate(want):
            if len(got) == len(want):
                g = got[i]
            else:
                g = "no claim found" if not got else f"{len(got)} claims found"
            s.confusion[(w, g)] += 1
        if not ok:
            s.misses.append(f"{it['id']} {it['form']}: want {want} got {got}: {it['text']}")
    return s


def table(s: Score) -> list[str]:
    """The confusion table as printable lines (rows: oracle; columns: checker)."""
    cols = list(VERDICTS) + sorted({g for (_, g) in s.confusion if g not in VERDICTS})
    lines = [f"{'oracle / checker':18}" + "".join(f"{c:>16}" for c in cols) + f"{'recall':>8}"]
    for w in VERDICTS:
        lines.append(f"{w:18}" + "".join(f"{s.confusion[(w, c)]:>16}" for c in cols)
                     + f"{s.recall(w):>8.0%}")
    return lines
