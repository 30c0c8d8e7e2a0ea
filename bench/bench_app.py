"""Server-side time of one rerun of the article workspace, next to an empty Streamlit page.

Measured by timing the page script inside streamlit.testing.v1.AppTest: a wrapper script runs the
entry script with runpy and stores perf_counter around it in session state. AppTest's own wall time
is printed too, but it is mostly AppTest polling for widget state (time.sleep), not our code.
1. the workspace on the demo article (a fresh SQLite database with the demo imported and 6 claims);
2. the workspace on the 1,000-claim article of the 100,000-claim benchmark database
   (bench/out/foundation.db, built by bench/bench_foundation.py; skipped with a note if absent);
3. an empty page (`import streamlit as st`), measured the same way in the same run.
Targets: under 150 ms on the demo article; at most 3x the empty page on the large database.

    .venv/bin/python bench/bench_app.py [--runs 30] [--db bench/out/foundation.db]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func  # noqa: E402
from sqlmodel import Session, select  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

APP = str(ROOT / "workbench" / "ui" / "app.py")
WORKSPACE = str(ROOT / "workbench" / "ui" / "views" / "workspace.py")
DEMO_QUOTES = ["For about 30% of people that finish the whole collection", "an estimated 70% of people",
               "ketamine resolves an opioid system", "larger as well as larger dosages of ketamine",
               "It also may not be secure for people who have schizophrenia.",
               "ketamine transiently intensifies their symptoms of psychosis"]


_WRAPPER = """
import runpy, time
_t0 = time.perf_counter()
try:
    runpy.run_path({script!r}, run_name="__main__")
finally:
    import streamlit as st
    st.session_state["bench.script_ms"] = (time.perf_counter() - _t0) * 1000
"""


def timed_app(script: str) -> AppTest:
    """An AppTest whose every run records the script's own run time in session state."""
    return AppTest.from_string(_WRAPPER.format(script=script), default_timeout=120)


def _reruns(at: AppTest, runs: int) -> tuple[list[float], list[float]]:
    script, wall = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run()
        wall.append((time.perf_counter() - t0) * 1000)
        if at.exception:
            raise SystemExit(f"the page raised: {at.exception}")
        script.append(at.session_state["bench.script_ms"])
    return script, wall


def time_empty(runs: int, tmp: Path) -> tuple[list[float], list[float]]:
    empty = tmp / "empty_page.py"
    empty.write_text("import streamlit as st\n")
    return _reruns(timed_app(str(empty)).run(), runs)


def time_workspace(url: str, article_id: int, runs: int) -> tuple[list[float], list[float]]:
    os.environ["WORKBENCH_DATABASE_URL"] = url
    import streamlit as st
    st.cache_data.clear()
    st.cache_resource.clear()
    at = timed_app(APP).run()
    at.session_state["reviewer.name"] = "bench"
    at.session_state["workspace.article_id"] = article_id
    at.switch_page(WORKSPACE).run()
    if at.exception:
        raise SystemExit(f"the workspace raised: {at.exception}")
    at.run()  # warm: caches filled, as for a reviewer clicking around
    return _reruns(at, runs)


def demo_database(tmp: Path) -> str:
    from db.engine import get_engine, session_scope
    from workbench import claims
    from workbench.transfer.demo import import_demo_if_empty

    url = f"sqlite:///{tmp / 'demo.db'}"
    os.environ["WORKBENCH_DATABASE_URL"] = url
    article_id = import_demo_if_empty("bench")
    with session_scope(get_engine(url)) as s:
        for quote in DEMO_QUOTES:
            claims.create_claim_from_quote(s, article_id=article_id, quote=quote, actor="bench")
    return url


def biggest_article(url: str) -> tuple[int, int]:
    from db.engine import make_engine
    from db.tables import Claim

    engine = make_engine(url)
    with Session(engine) as s:
        row = s.exec(select(Claim.article_id, func.count()).group_by(Claim.article_id)
                     .order_by(func.count().desc()).limit(1)).first()
    engine.dispose()
    return row[0], row[1]


def show(name: str, times: tuple[list[float], list[float]],
         empty: tuple[list[float], list[float]]) -> tuple[float, float]:
    """Print the script's and AppTest's medians, each as a multiple of the empty page's."""
    (script, wall), (empty_script, empty_wall) = times, empty
    med, wmed = statistics.median(script), statistics.median(wall)
    p95 = sorted(script)[int(len(script) * 0.95) - 1]
    print(f"{name:<52} script {med:6.1f} ms (p95 {p95:5.1f}) = {med / statistics.median(empty_script):6.1f}x empty"
          f" | AppTest run {wmed:6.1f} ms = {wmed / statistics.median(empty_wall):4.1f}x empty")
    return med / statistics.median(empty_script), wmed / statistics.median(empty_wall)


def serve_settings() -> None:
    """Run pages as `workbench serve` does (streamlit_command): no magic, no usage statistics."""
    from streamlit import config

    config.set_option("runner.magicEnabled", False)
    config.set_option("browser.gatherUsageStats", False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "foundation.db")
    args = ap.parse_args()
    serve_settings()
    tmp = Path(tempfile.mkdtemp(prefix="wb-bench-app-"))
    try:
        demo_url = demo_database(tmp)
        empty = time_empty(args.runs, tmp)
        print(f"One rerun, server side, {args.runs} runs after a warm-up (load {os.getloadavg()[0]:.1f}); "
              "script = the page script's own time, AppTest run = AppTest's whole rerun:")
        show("empty page (import streamlit as st)", empty, empty)
        demo = time_workspace(demo_url, 1, args.runs)
        show("workspace, demo article (6 claims)", demo, empty)
        demo_ms = statistics.median(demo[0])
        print(f"  target: under 150 ms on the demo article: {demo_ms:.1f} ms -> {'met' if demo_ms < 150 else 'NOT met'}")
        if args.db.exists():
            big_url = f"sqlite:///{args.db}"
            article_id, n = biggest_article(big_url)
            script_x, run_x = show(f"workspace, {n:,}-claim article, 100k-claim database",
                                   time_workspace(big_url, article_id, args.runs), empty)
            verdict = {True: "met", False: "NOT met"}
            print(f"  target: at most 3x the empty page on the large database: by AppTest run {run_x:.1f}x "
                  f"({verdict[run_x <= 3]}); by script time {script_x:.1f}x ({verdict[script_x <= 3]})")
        else:
            print(f"(no {args.db}: run bench/bench_foundation.py first for the large-database figure)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
