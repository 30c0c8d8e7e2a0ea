"""Profile one rerun of the workspace after a write, server-side (cProfile around AppTest.run()),
and the full garbage collection Streamlit runs after each script run (AppTest skips it).

The rerun profiled is the one that follows a write: the page is shown once (caches warm), then
`session.write()`'s cache invalidation is called as a save would, then the page reruns under cProfile.
Prints the top functions by cumulative time and the cost of gc.collect(2) with the objects alive.

    .venv/bin/python bench/profile_rerun.py [--db bench/out/foundation.db] [--article ID] [--top 25]
"""
from __future__ import annotations

import argparse
import gc
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# cProfile is per thread: the page runs in AppTest's script thread, so the profiler starts there.
_WRAPPER = """
import cProfile, runpy, time
import streamlit as st
_p = cProfile.Profile() if st.session_state.get("bench.profile") else None
_t0 = time.perf_counter()
if _p is not None:
    _p.enable()
try:
    runpy.run_path({app!r}, run_name="__main__")
finally:
    if _p is not None:
        _p.disable()
        st.session_state["bench.profiler"] = _p
        st.session_state["bench.profile"] = False
    st.session_state["bench.script_ms"] = (time.perf_counter() - _t0) * 1000
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "foundation.db")
    parser.add_argument("--article", type=int, default=1)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    os.environ["WORKBENCH_DATABASE_URL"] = f"sqlite:///{args.db}"
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(_WRAPPER.format(app=str(ROOT / "workbench" / "ui" / "app.py")),
                             default_timeout=300)
    at.session_state["reviewer.name"] = "bench"
    at.session_state["workspace.article_id"] = args.article
    at.switch_page(str(ROOT / "workbench" / "ui" / "views" / "workspace.py")).run()
    import sqlite3
    with sqlite3.connect(args.db) as con:  # a claim open in the editor, as after a click
        at.session_state["workspace.claim_id"] = con.execute(
            "select min(id) from claim where article_id=?", (args.article,)).fetchone()[0]
    at.run()
    at.run()
    warm = at.session_state["bench.script_ms"]
    from workbench import claims
    from workbench.ui import reads
    forget = getattr(reads, "forget_after", None)
    if forget is not None:  # what session.write() clears after a claim is saved
        forget(claims.update_claim)
    else:  # before the change: session.write() cleared every cache
        import streamlit as st
        st.cache_data.clear()
    at.session_state["bench.profile"] = True
    at.run()
    profiler = at.session_state["bench.profiler"]
    after_write = at.session_state["bench.script_ms"]
    if at.exception:
        raise SystemExit(f"the page raised: {at.exception}")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(args.top)
    stats.print_stats(r"workbench[/\\](ui|segment|suggest|claims)", args.top)  # our own code only
    print(out.getvalue())
    t0 = time.perf_counter()
    gc.collect(2)
    gc_ms = (time.perf_counter() - t0) * 1000
    print(f"article #{args.article}: warm rerun {warm:.0f} ms; rerun after a write {after_write:.0f} ms "
          f"(script time, profiled); gc.collect(2) {gc_ms:.0f} ms with {len(gc.get_objects()):,} "
          f"objects tracked; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
