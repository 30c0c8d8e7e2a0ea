"""Dashboard counts (workbench.stats) on SQLite and PostgreSQL."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlmodel import Session

from workbench import articles, citations, claims, review, stats
from workbench.ingest import from_text

SHORT = "Prices rose by 12% in a year. Wages did not follow. Rents doubled since 2010."


def _claim(session: Session, article, quote: str, actor: str = "Ana"):
    start = article.body.index(quote)
    return claims.create_claim(session, article_id=article.id, start=start, end=start + len(quote),
                               actor=actor)


@pytest.fixture
def desk(session: Session, demo_text: str) -> dict:
    """Three articles: the demo with an approved, a rated and a draft claim; a short one with a
    claim in review; and one without claims. Ana does the work, Ben approves."""
    demo = articles.import_document(session, doc=from_text(demo_text), actor="Ana")
    short = articles.import_document(session, doc=from_text(SHORT, title="Prices"), actor="Ana")
    empty = articles.import_document(session, doc=from_text("Nothing to check here.", title="Empty"),
                                     actor="Ana")
    approved = _claim(session, demo, "For about 30% of people that finish the whole collection")
    rated = _claim(session, demo, "Ketamine may work in other methods the mind")
    _claim(session, demo, "The even more synapses they grow")
    waiting = _claim(session, short, "Prices rose by 12% in a year.")
    session.flush()
    review.set_verdict(session, claim_id=approved.id, rating="False", rationale="Trial data differ.",
                       expected_version=approved.version, actor="Ana")
    citations.add_citation(session, claim_id=approved.id, url="https://example.org/trial", actor="Ana")
    review.mark_checked(session, claim_id=approved.id, expected_version=approved.version, actor="Ana")
    review.approve(session, claim_id=approved.id, expected_version=approved.version, actor="Ben")
    review.set_verdict(session, claim_id=rated.id, rating="True", rationale="As reported.",
                       expected_version=rated.version, actor="Ana")
    review.submit(session, claim_id=waiting.id, expected_version=waiting.version, actor="Ana")
    session.commit()
    return {"demo": demo.id, "short": short.id, "empty": empty.id}


def test_an_empty_database_gives_every_table_with_zeros_or_no_rows(session):
    by_status = stats.claims_by_status(session)
    assert by_status["status"].tolist() == stats.STATUSES
    assert by_status["claims"].tolist() == [0] * len(stats.STATUSES)
    by_verdict = stats.claims_by_verdict(session)
    assert by_verdict["verdict"].tolist()[-1] == stats.NO_VERDICT
    assert by_verdict["claims"].sum() == 0
    assert "True" in by_verdict["verdict"].tolist()
    progress = stats.article_progress(session)
    assert progress.empty and progress.columns.tolist() == stats.PROGRESS_COLUMNS
    activity = stats.reviewer_activity(session)
    assert activity.empty and activity.columns.tolist() == stats.REVIEWER_COLUMNS


def test_claims_by_status_counts_every_status_in_workflow_order(session, desk):
    frame = stats.claims_by_status(session)
    assert dict(zip(frame["status"], frame["claims"])) == {
        "draft": 1, "in review": 2, "checked": 0, "approved": 1, "reopened": 0}
    assert frame["claims"].dtype == "int64"


def test_claims_by_status_can_be_limited_to_one_article(session, desk):
    frame = stats.claims_by_status(session, article_id=desk["short"])
    assert dict(zip(frame["status"], frame["claims"]))["in review"] == 1
    assert frame["claims"].sum() == 1


def test_claims_by_verdict_follows_the_rating_scale_and_counts_claims_without_one(session, desk):
    frame = stats.claims_by_verdict(session)
    labels = [r.label for r in review.rating_scale(session)]
    assert frame["verdict"].tolist() == [*labels, stats.NO_VERDICT]
    counts = dict(zip(frame["verdict"], frame["claims"]))
    assert counts["False"] == 1 and counts["True"] == 1 and counts["Misleading"] == 0
    assert counts[stats.NO_VERDICT] == 2


def test_article_progress_counts_claims_per_article_and_the_share_done(session, desk):
    frame = stats.article_progress(session).set_index("article_id")
    assert frame.index.tolist() == [desk["empty"], desk["short"], desk["demo"]]  # newest first
    demo = frame.loc[desk["demo"]]
    assert (demo["claims"], demo["draft"], demo["in review"], demo["approved"]) == (3, 1, 1, 1)
    assert demo["done"] == pytest.approx(1 / 3)
    assert frame.loc[desk["short"], "done"] == 0
    assert frame.loc[desk["empty"], "claims"] == 0 and math.isnan(frame.loc[desk["empty"], "done"])
    assert frame.loc[desk["short"], "title"] == "Prices"
    assert isinstance(frame["created_at"].dtype, pd.DatetimeTZDtype)
    assert demo["to_do"] == 1 and frame.loc[desk["short"], "to_do"] == 0


def test_article_progress_searches_titles_and_text_and_keeps_the_newest(session, desk):
    assert stats.article_progress(session, search="prices")["article_id"].tolist() == [desk["short"]]
    assert stats.article_progress(session, search="GLUTAMATE")["article_id"].tolist() == [desk["demo"]]
    assert stats.article_progress(session, limit=2)["article_id"].tolist() == [desk["empty"], desk["short"]]


def test_reviewer_activity_counts_work_from_the_audit_trail(session, desk):
    frame = stats.reviewer_activity(session).set_index("reviewer")
    assert frame.index.tolist() == ["Ana", "Ben"]  # busiest first
    assert frame.loc["Ana", ["articles_imported", "claims_created", "verdicts", "approvals",
                             "citations_added"]].tolist() == [3, 4, 2, 0, 1]
    assert frame.loc["Ben", ["claims_created", "verdicts", "approvals"]].tolist() == [0, 0, 1]
    assert frame["last_active"].notna().all()


def test_reviewer_activity_keeps_work_on_deleted_articles(session, desk):
    articles.delete_article(session, article_id=desk["demo"], expected_version=1, actor="Cleo")
    session.commit()
    frame = stats.reviewer_activity(session).set_index("reviewer")
    assert frame.loc["Ana", "claims_created"] == 4  # the history outlives the claims
    assert "Cleo" in frame.index
    assert stats.claims_by_status(session)["claims"].sum() == 1
