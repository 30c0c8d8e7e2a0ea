"""Evaluate the shipped check-worthiness model on CheckThat! 2024 dev and dev-test.

Prints average precision, the out-of-sample F1 (5-fold CV over dev-test: threshold chosen on four
folds, applied to the fifth, predictions pooled) with precision and recall, and the shipped threshold.

Example:
  .venv/bin/python bench/eval_checkworthiness.py
"""
from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("CHECKWORTHINESS_DATA", ROOT.parent / "shared" / "data" / "checkworthiness"))
# F1 within this margin of the best counts as a tie; ties go to the lower threshold (higher recall)
F1_TIE = 0.005


def read_split(name: str) -> tuple[list[str], np.ndarray]:
    with (DATA / f"CT24_checkworthy_english_{name}.tsv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r["Text"] for r in rows], np.array([r["class_label"] == "Yes" for r in rows], dtype=int)


def prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int(np.sum((pred == 1) & (y == 1)))
    p = tp / max(1, int(pred.sum()))
    r = tp / max(1, int(y.sum()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def average_precision(y: np.ndarray, s: np.ndarray) -> float:
    order = np.argsort(-s, kind="mergesort")
    ys, ss = y[order], s[order]
    tp = np.cumsum(ys)
    # evaluate only at the last index of each tied score, as scikit-learn does
    last = np.r_[np.nonzero(np.diff(ss))[0], len(ss) - 1]
    precision = tp[last] / (last + 1)
    recall = tp[last] / max(1, ys.sum())
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def choose_threshold(y: np.ndarray, s: np.ndarray) -> float:
    """Best-F1 threshold; among thresholds within F1_TIE of the best, the lowest (most recall)."""
    cands = np.unique(s)
    f1s = np.array([prf(y, (s >= t).astype(int))[2] for t in cands])
    ok = cands[f1s >= f1s.max() - F1_TIE]
    t = float(ok.min())
    below = s[s < t]  # put the cut halfway to the next lower score, not on a training point
    return (t + float(below.max())) / 2 if below.size else t


def cv_f1(y: np.ndarray, s: np.ndarray, folds: int = 5, seed: int = 0) -> dict:
    """Out-of-sample P/R/F1: stratified folds, threshold chosen on the others, predictions pooled."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(y), dtype=int)
    for label in (0, 1):
        idx = rng.permutation(np.nonzero(y == label)[0])
        fold[idx] = np.arange(len(idx)) % folds
    pred = np.zeros(len(y), dtype=int)
    thresholds = []
    for k in range(folds):
        t = choose_threshold(y[fold != k], s[fold != k])
        thresholds.append(t)
        pred[fold == k] = s[fold == k] >= t
    p, r, f = prf(y, pred)
    return {"precision": p, "recall": r, "f1": f, "thresholds": thresholds}


def main() -> None:
    if not DATA.exists():
        sys.exit(f"CheckThat! data not found at {DATA}; set CHECKWORTHINESS_DATA")
    sys.path.insert(0, str(ROOT))
    from workbench.suggest import THRESHOLD, score_texts

    for split in ("dev", "dev-test"):
        texts, y = read_split(split)
        s = score_texts(texts)
        p, r, f = prf(y, (s >= THRESHOLD).astype(int))
        print(f"{split:9s} n={len(y)} AP={average_precision(y, s):.3f}  "
              f"at shipped threshold {THRESHOLD:.3f}: P={p:.3f} R={r:.3f} F1={f:.3f}")
    cv = cv_f1(y, s)
    print(f"dev-test 5-fold CV (threshold from 4 folds, pooled): P={cv['precision']:.3f} "
          f"R={cv['recall']:.3f} F1={cv['f1']:.3f}; fold thresholds "
          + ", ".join(f"{t:.3f}" for t in cv["thresholds"]))
    print(f"shipped threshold (chosen on all of dev-test): {THRESHOLD:.3f}")


if __name__ == "__main__":
    main()
