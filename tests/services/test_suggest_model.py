"""The shipped check-worthiness model: self-contained, offline, and good enough on CheckThat! dev-test."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from workbench.suggest import THRESHOLD, load_model, score_texts
from workbench.suggest.checkthat import average_precision, cv_f1, read_split, split_path
from workbench.suggest.model import WEIGHTS_DIR

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "checkworthiness"
# measured dev-test values (AP 0.958, CV F1 0.909) minus a small margin; see bench/eval_checkworthiness.py
AP_FLOOR = 0.95
F1_FLOOR = 0.88


def test_score_texts_gives_one_score_between_0_and_1_per_sentence_in_order():
    texts = ["Unemployment doubled to 10 percent under his administration.", "Thank you, good evening."]
    scores = score_texts(texts)
    assert scores.shape == (2,)
    assert np.all((scores >= 0) & (scores <= 1))
    assert scores[0] > THRESHOLD > scores[1]
    assert np.allclose(score_texts(texts[::-1]), scores[::-1])


def test_scoring_nothing_returns_an_empty_array():
    assert score_texts([]).shape == (0,)


def test_the_model_is_loaded_once_per_process():
    assert load_model() is load_model()


def test_the_model_ships_as_data_files_without_pickles():
    names = {p.name for p in WEIGHTS_DIR.iterdir()}
    meta = json.loads((WEIGHTS_DIR / "meta.json").read_text())
    assert {meta["neural_onnx"], "tokenizer.json", "meta.json"} <= names
    assert meta["neural_onnx"].endswith(".onnx")
    assert not [n for n in names if n.endswith((".pkl", ".pickle", ".pt", ".joblib"))]
    assert json.loads((WEIGHTS_DIR / "meta.json").read_text())["threshold"] == THRESHOLD
    assert sum(p.stat().st_size for p in WEIGHTS_DIR.iterdir()) < 50_000_000


def test_scoring_needs_neither_torch_nor_a_model_hub():
    code = ("import sys; from workbench.suggest import score_texts; score_texts(['Taxes rose 5%.']); "
            "print(sorted(m for m in ('torch', 'transformers', 'sklearn', 'huggingface_hub') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "NO_NETWORK": "1"})
    assert out.stdout.strip() == "[]"


def _split(name: str) -> tuple[list[str], np.ndarray]:
    path = split_path(DATA, name)
    if not path.exists():
        pytest.skip(f"CheckThat! data not available at {path}")
    return read_split(path)


def test_dev_test_ranking_and_out_of_sample_f1_hold_their_measured_level():
    texts, y = _split("dev-test")
    s = score_texts(texts)
    assert average_precision(y, s) >= AP_FLOOR
    assert cv_f1(y, s)["f1"] >= F1_FLOOR



def test_a_sentence_scores_the_same_alone_and_among_others():
    sentence = "Unemployment doubled to 10 percent under his administration."
    others = ["Thank you.", "We will build a wall along the whole southern border, and Mexico will pay for it."] * 5
    alone = score_texts([sentence])[0]
    assert score_texts([*others, sentence, *others])[len(others)] == pytest.approx(alone, abs=1e-6)
