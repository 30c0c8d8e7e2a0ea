"""Speed of claim suggestions: model load time, a 250-sentence article, bulk sentences per second.

Example:
  .venv/bin/python bench/bench_suggest.py
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("CHECKWORTHINESS_DATA", ROOT.parent / "shared" / "data" / "checkworthiness"))
DEMO = ROOT / "workbench" / "data" / "ketamine-therapy.txt"
_LOAD = ("import time; t0 = time.perf_counter(); from workbench.suggest import load_model; t1 = time.perf_counter();"
         " load_model(); t2 = time.perf_counter(); print(f'{t1 - t0:.3f} {t2 - t1:.3f}')")


def load_time() -> tuple[float, float]:
    """Import and load times in a fresh interpreter (best of three)."""
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", _LOAD], cwd=ROOT, capture_output=True, text=True, check=True)
        runs.append(tuple(float(x) for x in out.stdout.split()))
    return min(runs, key=sum)


def article_of(n_sentences: int) -> str:
    """The demo article's paragraphs repeated until the body holds n content sentences."""
    from workbench.suggest.pipeline import content_sentences

    demo = DEMO.read_text(encoding="utf-8")
    paras = [p for p in demo.split("\n\n")[1:-2] if p.strip()]
    body_paras: list[str] = []
    i = 0
    while len(content_sentences("\n\n".join(body_paras))) < n_sentences:
        body_paras.append(paras[i % len(paras)])
        i += 1
    sentences = content_sentences("\n\n".join(body_paras))
    return "\n\n".join(body_paras)[:sentences[n_sentences - 1].end]


def bulk_texts() -> list[str]:
    if DATA.exists():
        from workbench.suggest.checkthat import read_split, split_path

        texts = []
        for split in ("train", "dev", "dev-test"):
            texts += read_split(split_path(DATA, split))[0]
        return texts[:10000]
    from workbench.suggest.pipeline import content_sentences

    return [s.text for s in content_sentences(DEMO.read_text(encoding="utf-8"))] * 300


def main() -> None:
    sys.path.insert(0, str(ROOT))
    imp, load = load_time()
    print(f"model load: {load:.2f} s (plus {imp:.2f} s to import workbench.suggest), fresh process, best of 3")

    from workbench.suggest import score_texts, suggest_claims
    from workbench.suggest.pipeline import content_sentences

    body = article_of(250)
    suggest_claims(body)  # warm up
    times, cpu = [], []
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        found = suggest_claims(body)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(f"250-sentence article ({len(content_sentences(body))} sentences, {len(body):,} chars): "
          f"median {statistics.median(times):.3f} s, best {min(times):.3f} s wall; "
          f"median {statistics.median(cpu):.3f} CPU-s; {len(found)} suggestions")

    texts = bulk_texts()
    score_texts(texts[:200])
    t0, c0 = time.perf_counter(), time.process_time()
    score_texts(texts)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    print(f"bulk scoring: {len(texts):,} sentences in {dt:.2f} s = {len(texts) / dt:,.0f} sentences/s wall "
          f"({dc:.1f} CPU-s: {len(texts) / dc:,.0f} sentences per CPU-second)")
    # wall-clock figures only mean something on an idle machine; compare the load average with the cores
    print(f"(os.cpu_count()={os.cpu_count()}, load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
