"""The check-worthiness model: a fine-tuned MiniLM in ONNX (int8), optionally blended with n-gram LR
(meta.json holds the blend weights; the shipped model uses MiniLM alone).

Everything it loads ships in workbench/suggest/weights/: ONNX graph, tokenizer.json, JSON/npz coefficients.
"""
from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from workbench.errors import WorkbenchError

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"


class ModelMissing(WorkbenchError):
    """The check-worthiness model files are not installed with the workbench."""


def _meta(directory: Path = WEIGHTS_DIR) -> dict:
    path = directory / "meta.json"
    if not path.exists():
        raise ModelMissing(f"The check-worthiness model is missing ({path}); reinstall the workbench.")
    return json.loads(path.read_text(encoding="utf-8"))


class NeuralModel:
    """MiniLM run by onnxruntime: `encode` gives its output (sentence embeddings or a logit per text),
    `logits` applies the linear head stored beside it when the graph outputs embeddings."""

    def __init__(self, onnx_path: Path, tokenizer_path: Path, *, max_len: int = 96,
                 head_path: Path | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.intra_op_num_threads = 1  # parallel over texts instead (see encode)
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        # busy-waiting threads burn the second core that Streamlit and the database need
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])
        self._pool = ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 4), thread_name_prefix="minilm")
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_truncation(max_length=max_len)
        self.tokenizer.no_padding()
        self.head = None
        if head_path is not None:
            with np.load(head_path, allow_pickle=False) as z:
                self.head = (z["coef"].astype(np.float32), float(z["intercept"][0]))

    def _run_one(self, ids: list[int]) -> np.ndarray:
        x = np.asarray([ids], dtype=np.int64)
        (y,) = self.session.run(None, {"input_ids": x, "attention_mask": np.ones_like(x)})
        return y[0]

    def encode(self, texts: list[str]) -> np.ndarray:
        """Run the graph on each text alone: int8 activations are scaled per call, so a text scored
        in a batch would depend on its neighbours; one call per text keeps scores reproducible."""
        if not texts:
            return np.zeros((0,), dtype=np.float32)
        ids = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        if len(ids) == 1:
            return self._run_one(ids[0])[None]
        return np.stack(list(self._pool.map(self._run_one, ids)))

    def logits(self, texts: list[str]) -> np.ndarray:
        y = self.encode(texts)
        if self.head is None:
            return y.reshape(-1).astype(np.float64)
        if not len(texts):
            return np.zeros(0)
        return (y @ self.head[0] + self.head[1]).astype(np.float64)


@dataclass
class Parts:
    neural: NeuralModel | None
    ngram: object | None
    weights: tuple[float, float]
    bias: float


def load_parts(directory: Path = WEIGHTS_DIR, *, meta: dict | None = None) -> Parts:
    """Load the neural and n-gram parts (training uses this before weights exist)."""
    from workbench.suggest.ngram import NgramModel

    meta = meta or {}
    weights = meta.get("weights", {"neural": 1.0, "ngram": 1.0})
    neural = ngram = None
    if weights["neural"]:
        head = meta.get("neural_head")
        neural = NeuralModel(directory / meta.get("neural_onnx", "checkworthiness.int8.onnx"),
                             directory / "tokenizer.json", max_len=meta.get("max_len", 96),
                             head_path=directory / head if head else None)
    if weights["ngram"] and (directory / "ngram.json").exists():
        ngram = NgramModel.load(directory)
    return Parts(neural, ngram, (weights["neural"], weights["ngram"]), meta.get("bias", 0.0))


def part_logits(parts: Parts, texts: list[str]) -> np.ndarray:
    """Return an (n, 2) array of neural and n-gram logits (zeros for a part that is not loaded)."""
    cols = np.zeros((len(texts), 2))
    if parts.neural is not None:
        cols[:, 0] = parts.neural.logits(texts)
    if parts.ngram is not None:
        cols[:, 1] = parts.ngram.logits(texts)
    return cols


class CheckworthinessModel:
    """Scores sentences 0..1 for check-worthiness; `threshold` turns a score into yes/no."""

    def __init__(self, directory: Path = WEIGHTS_DIR):
        meta = _meta(directory)
        self.threshold = float(meta["threshold"])
        self.parts = load_parts(directory, meta=meta)

    def score(self, texts: list[str]) -> np.ndarray:
        z = part_logits(self.parts, texts) @ np.array(self.parts.weights) + self.parts.bias
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=1)
def load_model() -> CheckworthinessModel:
    """Load the shipped model once per process."""
    return CheckworthinessModel()


def score_texts(texts: list[str]) -> np.ndarray:
    """Check-worthiness scores (0..1) for many sentences at once, in input order."""
    return load_model().score(list(texts))


def shipped_threshold() -> float:
    """The yes/no threshold stored with the model (chosen on CheckThat! dev-test)."""
    try:
        return float(_meta()["threshold"])
    except ModelMissing:
        return 0.5
