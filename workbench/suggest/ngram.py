"""Word and character n-gram TF-IDF logistic regression, scored with plain Python and numpy.

It reproduces scikit-learn's TfidfVectorizer (word tokens `\\b\\w\\w+\\b`, `char_wb` n-grams, sublinear
tf, l2 norm per block) from a vocabulary and coefficients stored as JSON + npz, so no pickle ships.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")


def word_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Word n-grams as scikit-learn's default word analyzer makes them (lowercased)."""
    tokens = _TOKEN.findall(text.lower())
    out = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


def char_wb_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Character n-grams inside word boundaries, padded with one space, as scikit-learn's char_wb."""
    out: list[str] = []
    for w in _SPACES.sub(" ", text.lower()).split():
        w = f" {w} "
        size = len(w)
        for n in range(lo, hi + 1):
            if n >= size:  # a short word counts once, whole
                out.append(w)
                break
            out.extend(w[i:i + n] for i in range(size - n + 1))
    return out


@dataclass
class _Block:
    vocab: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray
    lo: int
    hi: int
    analyzer: str

    def score(self, text: str) -> float:
        grams = (word_ngrams if self.analyzer == "word" else char_wb_ngrams)(text, self.lo, self.hi)
        counts: dict[int, int] = {}
        vocab = self.vocab
        for g in grams:
            j = vocab.get(g)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if not counts:
            return 0.0
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        w = (1.0 + np.log(tf)) * self.idf[idx]
        return float(w @ self.coef[idx]) / math.sqrt(float(w @ w))


class NgramModel:
    """Logistic regression over word and char_wb TF-IDF blocks; `logits(texts)` returns raw margins."""

    def __init__(self, blocks: list[_Block], intercept: float):
        self.blocks = blocks
        self.intercept = intercept

    @classmethod
    def load(cls, directory: Path) -> "NgramModel":
        meta = json.loads((directory / "ngram.json").read_text(encoding="utf-8"))
        arrays = np.load(directory / "ngram.npz", allow_pickle=False)
        blocks = []
        for b in meta["blocks"]:
            name = b["name"]
            vocab = {t: i for i, t in enumerate(b["terms"])}
            blocks.append(_Block(vocab, arrays[f"{name}_idf"], arrays[f"{name}_coef"],
                                 b["ngram_range"][0], b["ngram_range"][1], b["analyzer"]))
        return cls(blocks, float(meta["intercept"]))

    def logits(self, texts: list[str]) -> np.ndarray:
        return np.array([self.intercept + sum(b.score(t) for b in self.blocks) for t in texts],
                        dtype=np.float64)


def save(directory: Path, vectorizers: list[tuple[str, object]], coef: np.ndarray, intercept: float) -> None:
    """Write fitted scikit-learn TfidfVectorizers and LR coefficients as ngram.json + ngram.npz."""
    meta: dict = {"intercept": float(intercept), "blocks": []}
    arrays: dict[str, np.ndarray] = {}
    offset = 0
    for name, vec in vectorizers:
        terms = [None] * len(vec.vocabulary_)
        for t, i in vec.vocabulary_.items():
            terms[i] = t
        n = len(terms)
        meta["blocks"].append({"name": name, "analyzer": vec.analyzer,
                               "ngram_range": list(vec.ngram_range), "terms": terms})
        arrays[f"{name}_idf"] = vec.idf_.astype(np.float32)
        arrays[f"{name}_coef"] = coef[offset:offset + n].astype(np.float32)
        offset += n
    (directory / "ngram.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    np.savez_compressed(directory / "ngram.npz", **arrays)
