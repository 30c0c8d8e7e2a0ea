"""Hostile values at the services, on both backends: huge ids, text longer than its column, NUL and
control characters, and the article trash."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from db.tables import Article, AuditEvent, Claim
from workbench import articles, audit, citations, claims, concurrency, matching, stats, text_rules
from workbench.errors import ConflictError, DuplicateArticle, InvalidInput, NotFound
from workbench.ingest import from_text

from desk_data import make_article, make_claim

HUGE = 99999999999999999999


@pytest.fixture
def article(session):
    made = make_article(session)
    session.commit()
    return made


@pytest.fixture
def claim(session, article):
    made = claims.create_claim_from_quote(session, article_id=article.id, quote="Le chômage a baissé",
                                          actor="Ana")
    session.commit()
    return made


@pytest.mark.parametrize("lookup", [
    lambda s: articles.require_article(s, HUGE),
    lambda s: claims.require_claim(s, HUGE),
    lambda s: citations.require_citation(s, HUGE),
    lambda s: claims.create_claim(s, article_id=HUGE, start=0, end=5, actor="Ana"),
    lambda s: matching.find_matches(s, claim_id=-HUGE),
    lambda s: stats.claims_by_status(s, article_id=HUGE),
    lambda s: articles.delete_article(s, article_id=HUGE, expected_version=1, actor="Ana"),
], ids=["article", "claim", "citation", "create_claim", "matches", "stats", "delete"])
def test_an_id_out_of_range_is_not_found_on_both_backends(session, lookup):
    with pytest.raises(NotFound, match="does not exist"):
        lookup(session)


def test_lists_of_an_id_out_of_range_are_empty(session):
    assert claims.list_claims(session, article_id=HUGE) == []
    assert citations.list_citations(session, claim_id=HUGE) == []
    assert audit.claim_history(session, HUGE) == [] and audit.article_history(session, HUGE) == []
    assert articles.get_article(session, HUGE) is None and claims.get_claim(session, HUGE) is None


def test_a_version_out_of_range_is_refused_naming_the_limit(session, claim):
    with pytest.raises(InvalidInput, match="version .* the limit is 2,147,483,647"):
        claims.update_claim(session, claim_id=claim.id, expected_version=HUGE, actor="Ana", text="x")


@pytest.mark.parametrize("field, limit", [("claimant", 300), ("assignee", 200)])
def test_a_claim_field_longer_than_its_column_is_refused_alike_on_both_backends(session, claim, field, limit):
    with pytest.raises(InvalidInput, match=f"{field} of a claim has {limit + 1:,} characters; the limit is {limit:,}"):
        claims.update_claim(session, claim_id=claim.id, expected_version=1, actor="Ana",
                            **{field: "x" * (limit + 1)})
    session.rollback()
    claims.update_claim(session, claim_id=claim.id, expected_version=1, actor="Ana", **{field: "x" * limit})
    session.commit()


def test_a_citation_and_an_article_title_longer_than_their_columns_are_refused(session, claim, article):
    with pytest.raises(InvalidInput, match="title of a citation has 501 characters; the limit is 500"):
        citations.add_citation(session, claim_id=claim.id, actor="Ana", url="https://e.org/a",
                               title="t" * 501)
    session.rollback()
    with pytest.raises(InvalidInput, match="title of a article has 501 characters; the limit is 500"):
        articles.update_article(session, article_id=article.id, expected_version=1, actor="Ana",
                                title="t" * 501)


def test_the_limits_come_from_the_table_metadata():
    assert text_rules.column_limit(Claim.__table__, "claimant") == 300
    assert text_rules.column_limit(Article.__table__, "body") is None


@pytest.mark.parametrize("value, single, multi", [
    ("a\x00b", "ab", "ab"),
    ("\x1b]0;PWNED\x07\x1b[2Jtitle", "]0;PWNED[2Jtitle", "]0;PWNED[2Jtitle"),
    ("one\ntwo\tthree\r\nfour", "onetwothreefour", "one\ntwo\tthree\nfour"),
    ("csi\x9b31m del\x7f", "csi31m del", "csi31m del"),
])
def test_text_rules_strip_control_characters(value, single, multi):
    assert text_rules.single_line(value) == single
    assert text_rules.multi_line(value) == multi


def test_nul_and_escapes_are_stored_inertly_on_both_backends(session, engine, claim):
    claims.update_claim(session, claim_id=claim.id, expected_version=1, actor="A\x00na\x1b[2J",
                        claimant="Zo\x00ë\x1b]0;x\x07", text="Line\x00 one\nline\ttwo\x1b[31m")
    citations.add_citation(session, claim_id=claim.id, actor="Ana", url="https://e.org/\x00a",
                           title="T\x00\x1b[1mitle", quoted_passage="p\x00assage\nmore")
    session.commit()
    with Session(engine) as fresh:
        stored = fresh.get(Claim, claim.id)
        assert (stored.claimant, stored.text, stored.updated_by) == ("Zoë]0;x", "Line one\nline\ttwo[31m", "Ana[2J")
        cited = citations.list_citations(fresh, claim_id=claim.id)[0]
        assert (cited.url, cited.title, cited.quoted_passage) == ("https://e.org/a", "T[1mitle", "passage\nmore")


def test_an_imported_body_and_title_lose_control_characters_but_keep_lines(session):
    doc = from_text("Body with \x1b[2J an escape.\nSecond\tline.", title="\x1b]0;PWNED\x07Title")
    article = articles.import_document(session, doc=doc, actor="Ana")
    assert article.body == "Body with [2J an escape.\nSecond\tline."
    assert article.title == "]0;PWNEDTitle"


def test_a_search_with_nul_does_not_reach_the_database(session, article):
    assert [a.id for a in articles.list_articles(session, search="Zürich\x00")] == [article.id]
    assert len(stats.article_progress(session, search="\x00")) == 1


# --- the trash ------------------------------------------------------------------------------------

def test_a_deletion_states_the_version_it_read(session, article):
    articles.update_article(session, article_id=article.id, expected_version=1, actor="Ben", author="Jo")
    session.commit()
    with pytest.raises(ConflictError, match="changed by Ben"):
        articles.delete_article(session, article_id=article.id, expected_version=1, actor="Cy")


def test_a_deleted_article_is_hidden_until_restored(session, desk):
    article, made = desk
    assert stats.claims_by_status(session)["claims"].sum() == 6
    articles.delete_article(session, article_id=article.id, expected_version=article.version, actor="Cy")
    session.commit()
    assert articles.list_articles(session) == []
    assert articles.list_articles(session, search="chômage") == []
    assert stats.article_progress(session).empty
    assert stats.claims_by_status(session)["claims"].sum() == 0
    assert stats.claims_by_verdict(session)["claims"].sum() == 0
    assert [a.id for a in articles.list_trash(session)] == [article.id]
    with pytest.raises(NotFound, match="in the trash"):
        claims.require_claim(session, made["draft"].id)
    with pytest.raises(DuplicateArticle, match="in the trash"):
        articles.import_document(session, doc=from_text(article.body), actor="Ana")
    session.rollback()
    articles.restore_article(session, article_id=article.id, actor="Cy")
    session.commit()
    assert [a.id for a in articles.list_articles(session)] == [article.id]
    assert stats.claims_by_status(session)["claims"].sum() == 6


def test_matching_ignores_claims_of_deleted_articles(session, desk):
    article, made = desk
    other = make_article(session, "A new piece: Le chômage a baissé de 3 % selon le ministre.", title="Other")
    probe = make_claim(session, other, "Le chômage a baissé de 3 %", rating=None, urls=(), check=False)
    session.commit()
    assert made["chomage"].id in [m.claim_id for m in matching.find_matches(session, claim_id=probe.id)]
    articles.delete_article(session, article_id=article.id, expected_version=article.version, actor="Cy")
    assert matching.find_matches(session, claim_id=probe.id) == []


def test_restore_and_purge_are_in_the_history(session, engine, article):
    articles.delete_article(session, article_id=article.id, expected_version=1, actor="Cy")
    articles.restore_article(session, article_id=article.id, actor="Dee")
    articles.delete_article(session, article_id=article.id, expected_version=3, actor="Cy")
    articles.purge_article(session, article_id=article.id, actor="Eve")
    session.commit()
    with Session(engine) as fresh:
        assert fresh.get(Article, article.id) is None
        trail = fresh.exec(select(AuditEvent).where(AuditEvent.entity == "article",
                                                    AuditEvent.entity_id == article.id)
                           .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor) for e in trail] == [("create", "Ana Checker"), ("delete", "Cy"),
                                                  ("restore", "Dee"), ("delete", "Cy"), ("purge", "Eve")]
    assert trail[-1].changes["title"][0] == article.title


def test_only_an_article_in_the_trash_can_be_purged_or_restored(session, article):
    with pytest.raises(NotFound, match="not in the trash"):
        articles.purge_article(session, article_id=article.id, actor="Eve")
    with pytest.raises(NotFound, match="not in the trash"):
        articles.restore_article(session, article_id=article.id, actor="Eve")


# --- edits without a version ----------------------------------------------------------------------

def test_an_unversioned_edit_is_refused_when_someone_else_saved_just_now(session, claim):
    with pytest.raises(ConflictError, match="changed by Ana less than 5 minutes ago"):
        concurrency.version_to_edit(session, claim, entity="claim", actor="Ben", label=f"Claim #{claim.id}")
    assert concurrency.version_to_edit(session, claim, entity="claim", actor="ana", label="x") == claim.version
    claim.updated_at -= concurrency.RECENT_CHANGE + timedelta(seconds=1)
    assert concurrency.version_to_edit(session, claim, entity="claim", actor="Ben", label="x") == claim.version
