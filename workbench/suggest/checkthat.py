"""The CLEF CheckThat! check-worthiness format (TSV: Sentence_id, Text, optional class_label) and
the figures it is judged by: precision/recall/F1 of the Yes class, average precision, and F1
out of sample with the threshold chosen by cross-validation."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

# F1 within this margin of the best counts as a tie; ties go to the lower threshold (higher recall)
F1_TIE = 0.005


def split_path(data_dir: Path, name: str) -> Path:
    """Where a CheckThat! 2024 English split (train, dev, dev-test) lives in a data folder."""
    return data_dir / f"CT24_checkworthy_english_{name}.tsv"


def parse_rows(text: str) -> list[dict[str, str]]:
    """The rows of a CheckThat! TSV; read with the csv module because some texts use CSV quoting."""
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter="\t"))
    if rows and not {"Sentence_id", "Text"} <= set(rows[0]):
        raise ValueError("the TSV needs a header with Sentence_id and Text columns")
    return rows


def gold_labels(rows: list[dict[str, str]]) -> np.ndarray | None:
    """1 for each Yes row, 0 otherwise; None when the file has no class_label column."""
    if not rows or "class_label" not in rows[0]:
        return None
    return np.array([(r["class_label"] or "").strip() == "Yes" for r in rows], dtype=int)


def read_split(path: Path) -> tuple[list[str], np.ndarray]:
    """A labelled split as texts and 0/1 labels."""
    rows = parse_rows(path.read_text(encoding="utf-8"))
    return [r["Text"] for r in rows], gold_labels(rows)


def prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    y, pred = np.asarray(y).astype(bool), np.asarray(pred).astype(bool)
    tp = int(np.sum(pred & y))
    p = tp / max(1, int(pred.sum()))
    r = tp / max(1, int(y.sum()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def average_precision(y: np.ndarray, s: np.ndarray) -> float:
    """Average precision of scores s for labels y (scikit-learn's definition)."""
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
    f1s = np.array([prf(y, s >= t)[2] for t in cands])
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
