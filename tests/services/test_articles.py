"""Articles (workbench.articles): import, listing, details, body corrections with re-anchoring, deletion."""
from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from db.tables import Article, ArticleRevision, AuditEvent, Citation, Claim
from workbench import articles, audit, citations, claims, ingest, review
from workbench.errors import DuplicateArticle, ImportRefused, InvalidInput, NotFound
from workbench.ingest import ImportedDocument, from_text

BODY = ("Vaccines and hospitals\n\n"
        "The vaccine cuts hospital admissions by 30% among adults over sixty, officials said. "
        "Critics were not convinced.\n\n"
        "Prices rose by 12% in a year. Wages did not follow.")


def import_text(session: Session, body: str = BODY, *, title: str | None = None,
                actor: str = "Ana") -> Article:
    article = articles.import_document(session, doc=from_text(body, title=title), actor=actor)
    session.commit()
    return article


def claim_on(session: Session, article: Article, quote: str, *, occurrence: int = 0,
             actor: str = "Ana") -> Claim:
    start = -1
    for _ in range(occurrence + 1):
        start = article.body.index(quote, start + 1)
    claim = claims.create_claim(session, article_id=article.id, start=start, end=start + len(quote),
                                actor=actor)
    session.commit()
    return claim


# --- import -------------------------------------------------------------------------------------

def test_import_stores_the_body_its_sha256_and_revision_one(session):
    article = import_text(session, title="Vaccines")
    assert article.id is not None and article.title == "Vaccines"
    assert article.body == BODY
    assert article.body_sha256 == hashlib.sha256(BODY.encode("utf-8")).hexdigest()
    assert article.revision == 1 and article.created_by == "Ana" and article.updated_by == "Ana"
    revs = articles.revisions(session, article.id)
    assert [(r.revision, r.body, r.body_sha256, r.created_by) for r in revs] == [
        (1, BODY, article.body_sha256, "Ana")]


def test_import_without_a_title_takes_the_first_line(session):
    assert import_text(session).title == "Vaccines and hospitals"


def test_non_ascii_and_emoji_bodies_come_back_exactly_from_the_database(session, engine):
    body = "Café crème — 30 % moins cher ? Ünïcödé “quotes” 😀👍🏽 日本語.\n\nZweiter Absatz: ß."
    article = import_text(session, body)
    with Session(engine) as other:
        stored = other.get(Article, article.id)
        assert stored.body == body
        assert stored.body_sha256 == hashlib.sha256(body.encode("utf-8")).hexdigest()
        assert len(stored.body) == len(body)


def test_windows_line_endings_are_stored_without_carriage_returns(session, engine):
    article = import_text(session, "First line.\r\n\r\nSecond paragraph.\r\n")
    with Session(engine) as other:
        assert other.get(Article, article.id).body == "First line.\n\nSecond paragraph.\n"


def test_importing_the_same_text_again_names_the_existing_article(session):
    first = import_text(session)
    with pytest.raises(DuplicateArticle, match=f"article #{first.id}") as info:
        import_text(session, title="Another title")
    assert info.value.article_id == first.id
    session.rollback()
    assert session.exec(select(func.count()).select_from(Article)).one() == 1


@pytest.mark.parametrize("body", ["", "  \n\n\t "])
def test_an_empty_article_is_refused(session, body):
    with pytest.raises(ImportRefused, match="empty"):
        articles.import_document(session, doc=ImportedDocument(title="t", body=body, format="text"),
                                 actor="Ana")
    assert session.exec(select(func.count()).select_from(Article)).one() == 0


def test_an_article_over_five_million_characters_is_refused(session):
    body = "a" * (ingest.MAX_TEXT_CHARS + 1)
    with pytest.raises(ImportRefused, match="5,000,000"):
        articles.import_document(session, doc=ImportedDocument(title="t", body=body, format="text"),
                                 actor="Ana")
    assert session.exec(select(func.count()).select_from(Article)).one() == 0


def test_import_without_a_reviewer_name_is_refused(session):
    with pytest.raises(InvalidInput, match="reviewer name"):
        articles.import_document(session, doc=from_text(BODY), actor="  ")


# --- look-up and listing ------------------------------------------------------------------------

def test_require_article_names_a_missing_article(session):
    assert articles.get_article(session, 999) is None
    with pytest.raises(NotFound, match="#999"):
        articles.require_article(session, 999)


def test_list_articles_is_newest_first_with_claim_counts_by_status(session):
    old = import_text(session, "An older article about bread.", title="Bread")
    new = import_text(session)
    c1 = claim_on(session, new, "Prices rose by 12% in a year.")
    claim_on(session, new, "Wages did not follow.")
    review.submit(session, claim_id=c1.id, expected_version=c1.version, actor="Ana")
    session.commit()
    rows = articles.list_articles(session)
    assert [r.id for r in rows] == [new.id, old.id]
    assert rows[0].counts == {"draft": 1, "in review": 1} and rows[0].total == 2
    assert rows[1].counts == {} and rows[1].total == 0
    assert rows[0].chars == len(BODY)


def test_list_articles_searches_titles_and_body_text_case_insensitively(session):
    bread = import_text(session, "An older article about bread and butter.", title="Bakery news")
    vaccines = import_text(session, title="Vaccines")
    assert [r.id for r in articles.list_articles(session, search="bakery")] == [bread.id]
    assert [r.id for r in articles.list_articles(session, search="HOSPITAL ADMISSIONS")] == [vaccines.id]
    assert {r.id for r in articles.list_articles(session, search="  ")} == {bread.id, vaccines.id}
    assert articles.list_articles(session, search="no such words") == []


# --- details ------------------------------------------------------------------------------------

def test_update_article_changes_details_and_records_before_and_after(session):
    article = import_text(session, title="Vaccines")
    updated = articles.update_article(session, article_id=article.id, expected_version=article.version,
                                      actor="Ben", title="Vaccines and hospitals", publisher="Daily",
                                      published=date(2024, 5, 1))
    session.commit()
    assert (updated.title, updated.publisher, updated.published) == (
        "Vaccines and hospitals", "Daily", date(2024, 5, 1))
    assert updated.version == 2 and updated.updated_by == "Ben"
    event = audit.article_history(session, article.id)[-1]
    assert (event.actor, event.action, event.entity) == ("Ben", "update", "article")
    assert event.changes["title"] == ["Vaccines", "Vaccines and hospitals"]
    assert event.changes["publisher"] == [None, "Daily"]
    assert event.changes["published"] == [None, "2024-05-01"]


def test_update_article_refuses_an_empty_title(session):
    article = import_text(session, title="Vaccines")
    with pytest.raises(InvalidInput, match="title"):
        articles.update_article(session, article_id=article.id, expected_version=article.version,
                                actor="Ben", title="   ")


# --- body corrections ---------------------------------------------------------------------------

def correct(session: Session, article: Article, new_body: str, actor: str = "Ben"):
    report = articles.correct_body(session, article_id=article.id, new_body=new_body,
                                   expected_version=article.version, actor=actor, note="typo")
    session.commit()
    return report


def test_correct_body_records_a_new_revision(session):
    article = import_text(session)
    new_body = BODY.replace("Critics", "Some critics")
    report = correct(session, article, new_body)
    assert report.revision == 2
    assert article.body == new_body and article.revision == 2
    assert article.body_sha256 == hashlib.sha256(new_body.encode()).hexdigest()
    revs = articles.revisions(session, article.id)
    assert [(r.revision, r.body, r.note, r.created_by) for r in revs] == [
        (1, BODY, "imported", "Ana"), (2, new_body, "typo", "Ben")]


def test_correct_body_moves_a_claim_whose_quote_moved(session):
    article = import_text(session)
    claim = claim_on(session, article, "Prices rose by 12% in a year.")
    new_body = BODY.replace("Critics were not convinced.", "Critics, including two unions, were not convinced.")
    report = correct(session, article, new_body)
    assert report.moved == [claim.id] and report.orphaned == []
    session.refresh(claim)
    assert claim.start == new_body.index("Prices rose")
    assert new_body[claim.start:claim.end] == claim.quote == "Prices rose by 12% in a year."
    assert claim.prefix == new_body[claim.start - 32:claim.start] and not claim.orphaned


def test_correct_body_reports_claims_that_did_not_move_as_unchanged(session):
    article = import_text(session)
    claim = claim_on(session, article, "The vaccine cuts hospital admissions")
    report = correct(session, article, BODY.replace("Wages did not follow.", "Wages fell."))
    assert report.unchanged == [claim.id] and report.moved == []


def test_correct_body_keeps_a_claim_on_the_right_copy_of_a_repeated_quote(session):
    body = "Alpha said: X is true. Beta said: X is true. End."
    article = import_text(session, body)
    second = claim_on(session, article, "X is true.", occurrence=1)
    new_body = "An inserted opening sentence. " + body
    correct(session, article, new_body)
    session.refresh(second)
    # the first copy is now nearer the old offset; only the prefix tells them apart
    assert second.start == new_body.rindex("X is true.")


def test_correct_body_follows_a_claim_through_changed_spacing_and_case(session):
    article = import_text(session)
    claim = claim_on(session, article, "Prices rose by 12% in a year.")
    new_body = BODY.replace("Prices rose by 12% in a year.", "PRICES rose  by\n12% in a year.")
    report = correct(session, article, new_body)
    assert report.fuzzy == [claim.id] and report.moved == []
    session.refresh(claim)
    assert claim.quote == "PRICES rose  by\n12% in a year." == new_body[claim.start:claim.end]
    assert claim.text == "Prices rose by 12% in a year."  # the reviewer's wording is kept


def test_correct_body_follows_a_claim_through_a_small_edit(session):
    article = import_text(session)
    quote = "The vaccine cuts hospital admissions by 30% among adults over sixty, officials said."
    claim = claim_on(session, article, quote)
    new_body = BODY.replace("by 30%", "by 35%")
    report = correct(session, article, new_body)
    assert report.fuzzy == [claim.id] and report.orphaned == []
    session.refresh(claim)
    assert "by 35% among adults over sixty" in claim.quote
    assert new_body[claim.start:claim.end] == claim.quote and not claim.orphaned


def test_correct_body_flags_a_claim_it_cannot_find_as_orphaned_and_keeps_it(session):
    article = import_text(session)
    kept = claim_on(session, article, "Wages did not follow.")
    lost = claim_on(session, article, "Prices rose by 12% in a year.")
    new_body = BODY.replace("Prices rose by 12% in a year.", "Bread is now dearer than ever before.")
    report = correct(session, article, new_body)
    assert report.orphaned == [lost.id]
    session.expire_all()
    lost_row = session.get(Claim, lost.id)
    assert lost_row is not None and lost_row.orphaned
    assert lost_row.quote == "Prices rose by 12% in a year."
    assert not session.get(Claim, kept.id).orphaned
    events = [e for e in audit.claim_history(session, lost.id) if e.action == "reanchor"]
    assert events and events[-1].changes["orphaned"] == [False, True] and events[-1].actor == "Ben"


def test_a_later_correction_restores_an_orphaned_claim(session):
    article = import_text(session)
    claim = claim_on(session, article, "Prices rose by 12% in a year.")
    correct(session, article, BODY.replace("Prices rose by 12% in a year.", "Bread is dearer."))
    correct(session, article, BODY)
    session.refresh(claim)
    assert not claim.orphaned and BODY[claim.start:claim.end] == "Prices rose by 12% in a year."


@pytest.mark.parametrize("new_body,message", [("  \n ", "empty"), (BODY, "same as the current text")])
def test_correct_body_refuses_an_empty_or_unchanged_text(session, new_body, message):
    article = import_text(session)
    with pytest.raises(InvalidInput, match=message):
        articles.correct_body(session, article_id=article.id, new_body=new_body,
                              expected_version=article.version, actor="Ben")


def test_correct_body_refuses_a_text_over_the_size_limit(session):
    article = import_text(session)
    with pytest.raises(InvalidInput, match="5,000,000"):
        articles.correct_body(session, article_id=article.id, new_body="a" * 5_000_001,
                              expected_version=article.version, actor="Ben")


def test_correct_body_is_recorded_in_the_audit_trail(session):
    article = import_text(session)
    correct(session, article, BODY.replace("Critics", "Some critics"))
    event = audit.article_history(session, article.id)[-1]
    assert (event.entity, event.action, event.actor) == ("article", "update", "Ben")
    assert event.changes["body"][0].startswith("revision 1") and event.changes["body"][1].startswith("revision 2")


# --- deletion -----------------------------------------------------------------------------------

def test_purging_a_deleted_article_removes_its_claims_citations_and_revisions(session, engine):
    article = import_text(session)
    keep = import_text(session, "Another article entirely.")
    claim = claim_on(session, article, "Prices rose by 12% in a year.")
    other_claim = claim_on(session, keep, "Another article")
    citations.add_citation(session, claim_id=claim.id, actor="Ana", url="https://example.org/a")
    citations.add_citation(session, claim_id=other_claim.id, actor="Ana", url="https://example.org/b")
    session.commit()
    articles.delete_article(session, article_id=article.id, expected_version=1, actor="Ben")
    articles.purge_article(session, article_id=article.id, actor="Ben")
    session.commit()
    with Session(engine) as fresh:
        assert fresh.get(Article, article.id) is None
        assert fresh.exec(select(Claim.article_id)).all() == [keep.id]
        assert fresh.exec(select(Citation.claim_id)).all() == [other_claim.id]
        assert fresh.exec(select(ArticleRevision.article_id)).all() == [keep.id]


def test_delete_article_is_recorded_with_what_it_was(session):
    article = import_text(session, title="Vaccines")
    claim_on(session, article, "Wages did not follow.")
    articles.delete_article(session, article_id=article.id, expected_version=1, actor="Ben")
    session.commit()
    event = session.exec(select(AuditEvent).where(AuditEvent.entity == "article",
                                                  AuditEvent.action == "delete")).one()
    assert event.actor == "Ben" and event.entity_id == article.id
    assert event.changes["title"] == ["Vaccines", None] and event.changes["claims"] == [1, 0]


def test_delete_of_a_missing_article_is_refused(session):
    with pytest.raises(NotFound):
        articles.delete_article(session, article_id=12345, expected_version=1, actor="Ben")

