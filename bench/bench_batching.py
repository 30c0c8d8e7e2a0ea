"""Can the shipped int8 model score sentences in batches? Scores one by one against padded batches.

Dynamic int8 quantisation scales activations per call, so a padded batch shares one scale across its
sentences (and their padding). This prints the largest score difference against one-by-one scoring, the
dev-test average precision of both, and the throughput of both, on this CPU. Batching may only ship if the
difference stays within 1e-6 and average precision does not drop.

Example:
  .venv/bin/python bench/bench_batching.py            # 400 dev-test sentences
  .venv/bin/python bench/bench_batching.py --n 1000
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("CHECKWORTHINESS_DATA", ROOT.parent / "shared" / "data" / "checkworthiness"))


def batched(neural, texts: list[str], size: int, fixed: int | None) -> np.ndarray:
    """Logits from padded batches (to the longest in the batch, or to `fixed` tokens)."""
    enc = [e.ids for e in neural.tokenizer.encode_batch(texts)]
    out = []
    for i in range(0, len(enc), size):
        chunk = enc[i:i + size]
        width = fixed or max(map(len, chunk))
        ids = np.zeros((len(chunk), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for r, row in enumerate(chunk):
            ids[r, :len(row)], mask[r, :len(row)] = row, 1
        (y,) = neural.session.run(None, {"input_ids": ids, "attention_mask": mask})
        out.append(y.reshape(len(chunk), -1)[:, 0])
    return np.concatenate(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"CheckThat! data not found at {DATA}; set CHECKWORTHINESS_DATA")
    sys.path.insert(0, str(ROOT))
    from workbench.suggest import load_model
    from workbench.suggest.checkthat import average_precision, read_split, split_path

    texts, y = read_split(split_path(DATA, "dev-test"))
    texts, y = texts[:args.n], np.asarray(y[:args.n])
    neural = load_model().parts.neural
    neural.encode(texts[:20])
    t0 = time.perf_counter()
    single = np.concatenate([neural.encode([t]).reshape(-1) for t in texts])  # one call per sentence
    t_single = time.perf_counter() - t0
    print(f"one by one (1 thread): {len(texts) / t_single:,.0f} sentences/s; AP {average_precision(y, single):.4f}")
    for size, fixed in ((8, None), (32, None), (32, 96)):
        t0 = time.perf_counter()
        logits = batched(neural, texts, size, fixed)
        dt = time.perf_counter() - t0
        sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
        diff = np.abs(sig(logits) - sig(single)).max()
        print(f"batches of {size}{' padded to ' + str(fixed) if fixed else ''}: {len(texts) / dt:,.0f} sentences/s; "
              f"max score difference {diff:.2e}; AP {average_precision(y, logits):.4f}")


if __name__ == "__main__":
    main()
