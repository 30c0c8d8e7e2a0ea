"""Attribution accuracy on tests/data/attribution.tsv: claimant, and claimant with its kind, per pattern.

Each row's text is a short passage; the claimant of its last sentence is compared with the gold one
(case-insensitive, a leading the/a/an ignored). An empty gold claimant means the text names no source.

Example:
  .venv/bin/python bench/eval_attribution.py          # accuracy
  .venv/bin/python bench/eval_attribution.py -v       # and every miss
"""
from __future__ import annotations

import csv
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "attribution.tsv"


def _norm(name: str | None) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", (name or "").strip(), flags=re.I).lower()


def read_rows(path: Path = DATA) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [{k: (v or "") for k, v in r.items()} for r in rows]


def evaluate(path: Path = DATA) -> list[dict]:
    """One result per row: gold and found claimant and kind, and whether each matched."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from workbench.segment import split_sentences
    from workbench.suggest.claimant import resolve_claimants

    out = []
    for row in read_rows(path):
        sentences = split_sentences(row["text"])
        found = resolve_claimants(sentences, wanted=[len(sentences) - 1])[-1]
        name_ok = _norm(found.claimant) == _norm(row["claimant"])
        kind_ok = name_ok and (not row["claimant"] or found.kind == row["kind"])
        span_ok = found.span is None or row["text"][found.span[0]:found.span[1]] != ""
        out.append(row | {"found": found.claimant, "found_kind": found.kind, "name_ok": name_ok,
                          "kind_ok": kind_ok and span_ok})
    return out


def main() -> None:
    t0 = time.perf_counter()
    results = evaluate()
    dt = time.perf_counter() - t0
    n = len(results)
    names = sum(r["name_ok"] for r in results)
    kinds = sum(r["kind_ok"] for r in results)
    print(f"attribution on {n} passages: claimant accuracy {names / n:.3f} ({names}/{n}); "
          f"claimant and kind {kinds / n:.3f} ({kinds}/{n}); {dt:.1f} s")
    total, good = Counter(r["pattern"] for r in results), Counter(r["pattern"] for r in results if r["kind_ok"])
    for pattern in total:
        print(f"  {pattern:17s} {good[pattern]:3d}/{total[pattern]:<3d}")
    if "-v" in sys.argv:
        for r in results:
            if not r["kind_ok"]:
                print(f"MISS [{r['pattern']}] gold={r['claimant']!r}/{r['kind']} found={r['found']!r}/"
                      f"{r['found_kind']}: {r['text']}")


if __name__ == "__main__":
    main()
