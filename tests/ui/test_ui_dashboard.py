"""The dashboard page (workbench/ui/views/dashboard.py), driven with Streamlit's AppTest."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db.engine import get_engine, session_scope
from workbench import articles, citations, claims, ingest, review
from ui_helpers import run_page

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "workbench" / "ui" / "views" / "dashboard.py")
DEMO = ROOT / "workbench" / "data" / "ketamine-therapy.txt"


def seed(url: str) -> None:
    """The demo article with three claims by Ana: one approved by Ben, one rated, one draft."""
    with session_scope(get_engine(url)) as session:
        demo = articles.import_document(session, doc=ingest.from_file(DEMO.name, DEMO.read_bytes()),
                                        actor="demo")
        made = [claims.create_claim_from_sentence(session, article_id=demo.id, sentence_index=i,
                                                  actor="Ana") for i in (1, 2, 3)]
        session.flush()
        for claim, label in ((made[0], "False"), (made[1], "True")):
            review.set_verdict(session, claim_id=claim.id, rating=label, rationale="See the source.",
                               expected_version=claim.version, actor="Ana")
        citations.add_citation(session, claim_id=made[0].id, url="https://example.org/a", actor="Ana")
        review.mark_checked(session, claim_id=made[0].id, expected_version=made[0].version, actor="Ana")
        review.approve(session, claim_id=made[0].id, expected_version=made[0].version, actor="Ben")


def page() -> AppTest:
    return run_page(PAGE, name=None)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_an_empty_database_shows_zeros_and_a_friendly_message(ui_db):
    at = page()
    assert not at.exception
    assert metrics(at) == {"Articles": "0", "Claims": "0", "To do": "0", "In review": "0",
                           "Done": "0"}
    assert any("No articles yet" in i.value for i in at.info)
    assert not at.dataframe


def test_the_demo_data_shows_counts_charts_progress_and_reviewers(ui_db):
    seed(ui_db)
    at = page()
    assert not at.exception
    assert metrics(at) == {"Articles": "1", "Claims": "3", "To do": "1", "In review": "1",
                           "Done": "1"}
    assert len(at.get("vega_lite_chart")) == 2  # by status and by verdict
    progress, reviewers = (d.value for d in at.dataframe)
    row = progress.iloc[0]
    assert (row["title"], row["claims"], row["approved"]) == ("Ketamine Therapy - An Overview", 3, 1)
    assert row["done"] == pytest.approx(100 / 3)
    work = reviewers.set_index("reviewer")
    assert work.loc["Ana", ["claims_created", "verdicts", "approvals"]].tolist() == [3, 2, 0]
    assert work.loc["Ben", "approvals"] == 1


def test_an_article_without_claims_shows_no_empty_charts(ui_db):
    with session_scope(get_engine(ui_db)) as session:
        articles.import_document(session, doc=ingest.from_text("Nothing to check.", title="Quiet"),
                                 actor="demo")
    at = page()
    assert not at.exception
    assert not at.get("vega_lite_chart")
    assert any("No claims yet" in c.value for c in at.caption)
    assert at.dataframe[0].value["title"].tolist() == ["Quiet"]
