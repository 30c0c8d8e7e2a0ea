"""Run the hostile-input corpus (tests/hostile/cases.json) against the services and the CLI on SQLite
and on a throwaway PostgreSQL, and print the counts by outcome per backend.

    PYTHONPATH=. .venv/bin/python bench/hostile_corpus.py [--details]
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "hostile")]

from conftest import PostgresServer, _pg_bin  # noqa: E402
from corpus import APPLIES, CASES, OUTCOMES, SURFACES, case_id  # noqa: E402
from db.engine import make_engine, migrate  # noqa: E402


def run(url: str, details: bool) -> Counter:
    counts: Counter = Counter()
    for surface, runner in SURFACES.items():
        for index, case in enumerate(CASES):
            if not APPLIES[surface](case):
                continue
            outcome, detail = runner(case, url, index)
            counts[outcome] += 1
            if details:
                print(f"  {surface:8} {outcome:17} {case_id(case)}  {detail[:100]!r}")
    return counts


def main() -> None:
    details = "--details" in sys.argv
    folder = Path(tempfile.mkdtemp(prefix="wb-hostile-"))
    urls = {"sqlite": f"sqlite:///{folder / 'hostile.db'}"}
    engine = make_engine(urls["sqlite"])
    migrate(engine)
    engine.dispose()
    server = None
    if _pg_bin() is not None:
        server = PostgresServer(_pg_bin())
        server.start()
        urls["postgresql"] = server.fresh_database()
    try:
        runs = {name: sum(APPLIES[name](c) for c in CASES) for name in SURFACES}
        print(f"{len(CASES)} cases; runs per backend: " + ", ".join(f"{n} {name}" for name, n in runs.items()))
        print(f"| backend | {' | '.join(OUTCOMES)} |")
        print("|---|" + "---|" * len(OUTCOMES))
        for backend, url in urls.items():
            counts = run(url, details)
            print(f"| {backend} | {' | '.join(str(counts[o]) for o in OUTCOMES)} |", flush=True)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
