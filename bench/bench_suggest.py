"""Speed of claim suggestions: model load time, a 250-sentence article (and what attribution adds to it),
bulk sentences per second and as a share of the CPU's peak.

The peak is cores x clock x 32 FLOP/cycle: fp32 FMA on AVX2, two 256-bit FMA pipes x 8 lanes x 2 FLOP
(Zen 4's AVX-512 is double-pumped, so no higher). One 40-token sentence costs about 0.85 GFLOP in MiniLM-L6.

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


GFLOP_PER_SENTENCE = 0.85
FLOP_PER_CYCLE = 32  # AVX2 FMA, fp32


def cpu_info() -> tuple[str, list[str], float, float]:
    """CPU model, the SIMD flags that matter here, clock in GHz and estimated fp32 peak in GFLOP/s."""
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    field = lambda name: next((line.split(":", 1)[1].strip() for line in info.splitlines()  # noqa: E731
                               if line.startswith(name)), "")
    flags = [f for f in field("flags").split() if f in {"avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni",
                                                         "avx512_bf16", "amx_int8"}]
    mhz = float(field("cpu MHz") or 0) or float(field("bogomips") or 0) / 2  # KVM may hide the clock
    ghz = mhz / 1000
    return field("model name") or "unknown", flags, ghz, (os.cpu_count() or 1) * ghz * FLOP_PER_CYCLE


def main() -> None:
    sys.path.insert(0, str(ROOT))
    model, flags, ghz, peak = cpu_info()
    print(f"CPU: {model}; {os.cpu_count()} cores at {ghz:.2f} GHz; flags: {' '.join(flags)}; "
          f"fp32 peak ~{peak:.0f} GFLOP/s ({os.cpu_count()} x {ghz:.2f} GHz x {FLOP_PER_CYCLE} FLOP/cycle)")
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

    # what reading claimants adds: the same runs with attribution switched off (spaCy warm)
    from workbench.suggest import pipeline
    from workbench.suggest.claimant import Attribution

    real = pipeline.resolve_claimants
    pipeline.resolve_claimants = lambda sentences, wanted=None: [Attribution(None, None)] * len(sentences)
    try:
        bare = []
        for _ in range(5):
            t0 = time.perf_counter()
            suggest_claims(body)
            bare.append(time.perf_counter() - t0)
    finally:
        pipeline.resolve_claimants = real
    print(f"  of which attribution (parse of the sentences that can be suggested): "
          f"{statistics.median(times) - statistics.median(bare):.3f} s (median {statistics.median(bare):.3f} s without)")

    texts = bulk_texts()
    score_texts(texts[:200])
    t0, c0 = time.perf_counter(), time.process_time()
    score_texts(texts)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    print(f"bulk scoring: {len(texts):,} sentences in {dt:.2f} s = {len(texts) / dt:,.0f} sentences/s wall "
          f"({dc:.1f} CPU-s: {len(texts) / dc:,.0f} sentences per CPU-second)")
    achieved = len(texts) / dt * GFLOP_PER_SENTENCE
    print(f"  = {achieved:.1f} GFLOP/s at {GFLOP_PER_SENTENCE} GFLOP per sentence: {achieved / peak:.1%} of the "
          f"fp32 peak (int8 kernels can exceed it in principle; this is the comparable figure)")
    # wall-clock figures only mean something on an idle machine; compare the load average with the cores
    print(f"(os.cpu_count()={os.cpu_count()}, load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
