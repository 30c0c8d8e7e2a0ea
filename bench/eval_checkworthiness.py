"""Evaluate the shipped check-worthiness model on CheckThat! 2024 dev and dev-test.

Prints average precision, the out-of-sample F1 (5-fold CV over dev-test: threshold chosen on four
folds, applied to the fifth, predictions pooled) with precision and recall, and the shipped threshold.

Example:
  .venv/bin/python bench/eval_checkworthiness.py
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("CHECKWORTHINESS_DATA", ROOT.parent / "shared" / "data" / "checkworthiness"))
def main() -> None:
    if not DATA.exists():
        sys.exit(f"CheckThat! data not found at {DATA}; set CHECKWORTHINESS_DATA")
    sys.path.insert(0, str(ROOT))
    from workbench.suggest import THRESHOLD, score_texts
    from workbench.suggest.checkthat import average_precision, cv_f1, prf, read_split, split_path

    for split in ("dev", "dev-test"):
        texts, y = read_split(split_path(DATA, split))
        s = score_texts(texts)
        p, r, f = prf(y, s >= THRESHOLD)
        print(f"{split:9s} n={len(y)} AP={average_precision(y, s):.3f}  "
              f"at shipped threshold {THRESHOLD:.3f}: P={p:.3f} R={r:.3f} F1={f:.3f}")
    cv = cv_f1(y, s)
    print(f"dev-test 5-fold CV (threshold from 4 folds, pooled): P={cv['precision']:.3f} "
          f"R={cv['recall']:.3f} F1={cv['f1']:.3f}; fold thresholds "
          + ", ".join(f"{t:.3f}" for t in cv["thresholds"]))
    print(f"shipped threshold (chosen on all of dev-test): {THRESHOLD:.3f}")


if __name__ == "__main__":
    main()
