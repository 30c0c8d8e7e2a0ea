"""A JSON backup taken while another process writes is a snapshot: every article it holds is whole,
and it restores to the same counts, on SQLite and PostgreSQL."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlmodel import Session

from db.engine import make_engine
from workbench.transfer import backup

ROOT = Path(__file__).resolve().parents[2]
CLAIMS, CITATIONS = 3, 2
WRITER = textwrap.dedent(f"""
    import itertools, os, sys, time
    from db.engine import get_engine, session_scope
    from workbench import articles, citations, claims
    from workbench.ingest import from_text
    deadline, stop = time.monotonic() + 120, sys.argv[1]
    made = []
    for n in itertools.count():
        if time.monotonic() > deadline or os.path.exists(stop):  # the test says when it has enough
            break
        with session_scope(get_engine()) as s:  # one article with its claims and citations, in one transaction
            body = " ".join(f"Snap {{n}} claim {{k}} says {{k * 7}}% of people agree." for k in range({CLAIMS}))
            a = articles.import_document(s, doc=from_text(body, title=f"Snap {{n}}"), actor="writer")
            made.append(a.id)
            for k in range({CLAIMS}):
                c = claims.create_claim_from_quote(s, article_id=a.id, quote=f"Snap {{n}} claim {{k}} says",
                                                   actor="writer")
                for j in range({CITATIONS}):
                    citations.add_citation(s, claim_id=c.id, actor="writer", archive=False,
                                           url=f"https://example.org/{{n}}/{{k}}/{{j}}")
        if n % 3 == 2:  # and remove an older one, with everything it holds
            with session_scope(get_engine()) as s:
                old = articles.require_article(s, made[n - 2])
                articles.delete_article(s, article_id=old.id, expected_version=old.version, actor="writer")
                articles.purge_article(s, article_id=old.id, actor="writer")
""")


def test_a_backup_taken_while_another_process_writes_holds_whole_articles(db_url, tmp_path, sqlite_template):
    env = {**os.environ, "WORKBENCH_DATABASE_URL": db_url, "PYTHONPATH": str(ROOT), "WORKBENCH_ARCHIVE_SOURCES": "0"}
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(stop)], cwd=ROOT, env=env,
                              stderr=subprocess.PIPE, text=True)
    engine = make_engine(db_url)
    exports = []
    try:
        deadline = time.monotonic() + 90
        while writer.poll() is None and time.monotonic() < deadline and \
                sum(bool(e["articles"]) for e in exports) < 6:
            with Session(engine) as session:
                exports.append(backup.export_backup(session))
            time.sleep(0.3)
    finally:
        stop.touch()
        _, errors = writer.communicate(timeout=60)
        engine.dispose()
    assert writer.returncode == 0, errors
    assert len(exports) >= 3 and any(e["articles"] for e in exports)
    for data in exports:
        for article in data["articles"]:
            assert len(article["claims"]) == CLAIMS, f"{article['title']} is partial"
            assert all(len(c["citations"]) == CITATIONS for c in article["claims"]), article["title"]

    last = exports[-1]
    other = tmp_path / "restored.db"
    other.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(f"sqlite:///{other}")
    with Session(engine) as session:
        report = backup.import_backup(session, last, actor="Importer")
        session.commit()
        again = backup.export_backup(session)
    engine.dispose()
    assert report.refused == [] and len(report.articles) == len(last["articles"])
    assert {k: v for k, v in again["counts"].items() if k != "history"} == \
        {k: v for k, v in last["counts"].items() if k != "history"}
