"""Bulk loading (workbench.transfer.bulk): what it stores is what the services read, and it refuses what they refuse."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from db.tables import AuditEvent, Claim
from workbench import articles, audit, citations, claims, ingest, review
from workbench.anchoring import anchor_span
from workbench.transfer.bulk import BulkArticle, BulkCitation, BulkClaim, bulk_load
from workbench.errors import DuplicateArticle, ImportRefused, InvalidInput, NotFound, TransitionRefused
from workbench.ingest import ImportedDocument, from_text

BODY = ("Vaccines and hospitals\n\n"
        "The vaccine cuts hospital admissions by 30% among adults over sixty, officials said. "
        "Critics were not convinced.\n\n"
        "Prices rose by 12% in a year. Wages did not follow.")
OTHER_BODY = "Rents\n\nRents doubled in ten years, the mayor said. Tenants protested."
WHO = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)


def span(body: str, quote: str) -> tuple[int, int]:
    start = body.index(quote)
    return start, start + len(quote)


def checked_claim(body: str = BODY, quote: str = "Prices rose by 12% in a year.", **overrides) -> BulkClaim:
    start, end = span(body, quote)
    cite = BulkCitation(url="https://stats.example/cpi", title="CPI", stance="supports",
                        source_type="official guidance", quoted_passage="up 11.8%", published="2024-04-30")
    fields = {"start": start, "end": end, "claimant": "Statistics office", "claim_type": "statistic",
              "status": "checked", "verdict": "mostly true", "rationale": "The index rose 11.8%.",
              "verdict_by": "Ben", "verdict_at": WHO, "citations": [cite]}
    return BulkClaim(**(fields | overrides))


def _doc(body: str) -> ImportedDocument:
    return ImportedDocument(title="t", body=body, format="text")


def load(session: Session, *items: BulkArticle, **options):
    report = bulk_load(session, articles=items, actor="Ana", **options)
    session.commit()
    return report


def refusal(session: Session, article: BulkArticle, actor: str = "Ana") -> Exception:
    with pytest.raises(Exception) as caught:
        bulk_load(session, articles=[article], actor=actor)
    session.rollback()
    return caught.value


# --- what is stored -----------------------------------------------------------------------------

def test_loaded_articles_claims_and_citations_read_back_through_the_services(session):
    start, end = span(BODY, "The vaccine cuts hospital admissions by 30% among adults over sixty")
    report = load(session, BulkArticle(body=BODY, title="Vaccines", source_url="https://news.example/a",
                                       publisher="Daily", published=date(2024, 5, 1),
                                       claims=[checked_claim(), BulkClaim(start=start, end=end)]),
                  BulkArticle(body=OTHER_BODY))
    assert (report.articles, report.claims, report.citations, report.skipped) == (2, 2, 1, [])
    first, second = (articles.require_article(session, i) for i in report.article_ids)
    assert (first.title, first.publisher, first.published, first.revision) == ("Vaccines", "Daily",
                                                                               date(2024, 5, 1), 1)
    assert second.title == "Rents"
    assert [r.body for r in articles.revisions(session, first.id)] == [BODY]
    draft, checked = claims.list_claims(session, article_id=first.id)
    assert (draft.status, draft.quote, draft.text, draft.rating_id) == (
        "draft", BODY[start:end], BODY[start:end], None)
    assert (checked.status, checked.claimant, checked.claim_type, checked.verdict_by) == (
        "checked", "Statistics office", "statistic", "Ben")
    assert review.verdict_label(session, checked) == "Mostly true" and checked.verdict_at == WHO
    [cite] = citations.list_citations(session, claim_id=checked.id)
    assert (cite.url, cite.stance, cite.source_type, cite.published, cite.accessed) == (
        "https://stats.example/cpi", "supports", "official guidance", date(2024, 4, 30), date.today())
    assert claims.list_claims(session, article_id=second.id) == []


def test_quote_prefix_and_suffix_are_those_anchor_span_gives(session):
    quote = "Critics were not convinced."
    start, end = span(BODY, quote)
    report = load(session, BulkArticle(body=BODY, claims=[BulkClaim(start=start - 1, end=end + 2)]))
    [claim] = claims.list_claims(session, article_id=report.article_ids[0])
    expected = anchor_span(BODY, start - 1, end + 2)
    assert (claim.start, claim.end, claim.quote, claim.prefix, claim.suffix) == (
        expected.start, expected.end, quote, expected.prefix, expected.suffix)


def test_loaded_claims_can_be_edited_and_reviewed_like_any_other(session):
    report = load(session, BulkArticle(body=BODY, claims=[checked_claim()]))
    [claim] = claims.list_claims(session, article_id=report.article_ids[0])
    approved = review.approve(session, claim_id=claim.id, expected_version=claim.version, actor="Cleo")
    session.commit()
    assert (approved.status, approved.approved_by, approved.version) == ("approved", "Cleo", 2)


def test_each_article_gets_one_audit_event_with_its_claim_counts(session):
    start, end = span(BODY, "Wages did not follow.")
    report = load(session, BulkArticle(body=BODY, claims=[checked_claim(), BulkClaim(start=start, end=end)]))
    [event] = audit.article_history(session, report.article_ids[0])
    assert (event.actor, event.entity, event.action, event.entity_id) == (
        "Ana", "article", "create", report.article_ids[0])
    assert event.changes["claims"] == [None, {"checked": 1, "draft": 1}]
    assert event.changes["citations"] == [None, 1]
    assert session.exec(select(func.count()).select_from(AuditEvent)).one() == 1


def test_approved_claims_keep_their_approver_and_time(session):
    report = load(session, BulkArticle(body=BODY, claims=[
        checked_claim(status="approved", approved_by="Cleo", approved_at=WHO)]))
    [claim] = claims.list_claims(session, article_id=report.article_ids[0])
    assert (claim.status, claim.approved_by, claim.approved_at) == ("approved", "Cleo", WHO)


def test_progress_is_called_after_each_batch_with_the_articles_it_handled(session):
    calls = []
    bodies = [f"Article {n}\n\nSomething happened {n} times." for n in range(5)]
    report = load(session, *(BulkArticle(body=b) for b in bodies), batch_size=2, progress=calls.append)
    assert calls == [2, 2, 1] and report.articles == 5


# --- duplicates ---------------------------------------------------------------------------------

def test_bodies_already_stored_or_repeated_are_skipped_and_reported(session):
    existing = articles.import_document(session, doc=from_text(BODY), actor="Ana")
    session.commit()
    report = load(session, BulkArticle(body=BODY), BulkArticle(body=OTHER_BODY, title="Rents"),
                  BulkArticle(body=OTHER_BODY, title="Rents again"), batch_size=2)
    assert report.articles == 1
    assert [(s.index, s.title, s.duplicate_of) for s in report.skipped] == [
        (1, "Vaccines and hospitals", existing.id), (3, "Rents again", report.article_ids[0])]


def test_a_repeat_inside_one_batch_is_skipped_too(session):
    report = load(session, BulkArticle(body=OTHER_BODY), BulkArticle(body=OTHER_BODY))
    assert report.articles == 1 and [s.duplicate_of for s in report.skipped] == report.article_ids


def test_duplicates_are_refused_when_asked(session):
    existing = articles.import_document(session, doc=from_text(BODY), actor="Ana")
    session.commit()
    with pytest.raises(DuplicateArticle) as caught:
        bulk_load(session, articles=[BulkArticle(body=BODY)], actor="Ana", on_duplicate="error")
    assert caught.value.article_id == existing.id


# --- refusals -----------------------------------------------------------------------------------

def test_a_load_without_a_reviewer_name_is_refused(session):
    with pytest.raises(InvalidInput, match="reviewer name is required"):
        bulk_load(session, articles=[BulkArticle(body=BODY)], actor="  ")


@pytest.mark.parametrize("body", ["", "   \n", "x" * (ingest.MAX_TEXT_CHARS + 1)])
def test_empty_and_oversized_bodies_are_refused_as_import_document_refuses_them(session, body):
    with pytest.raises(ImportRefused) as service:
        articles.import_document(session, doc=_doc(body), actor="Ana")
    session.rollback()
    error = refusal(session, BulkArticle(body=body))
    assert type(error) is ImportRefused and str(error) == f"Article 1: {service.value}"


@pytest.mark.parametrize(("claim_fields", "service_call"), [
    ({"start": 5, "end": 5000}, {"start": 5, "end": 5000}),
    ({"start": 0, "end": 5, "claim_type": "rumour"}, {"start": 0, "end": 5, "claim_type": "rumour"}),
    ({"start": 0, "end": 5, "origin": "scraped"}, {"start": 0, "end": 5, "origin": "scraped"}),
], ids=["offsets outside the body", "unknown claim type", "unknown origin"])
def test_claims_are_refused_with_the_errors_of_create_claim(session, claim_fields, service_call):
    article = articles.import_document(session, doc=_doc(BODY), actor="Ana")
    with pytest.raises(InvalidInput) as service:
        claims.create_claim(session, article_id=article.id, actor="Ana", **service_call)
    session.rollback()
    error = refusal(session, BulkArticle(body=BODY, claims=[BulkClaim(**claim_fields)]))
    assert type(error) is InvalidInput and str(error) == f"Article 1, claim 1: {service.value}"


@pytest.mark.parametrize("citation_fields", [
    {"url": "ftp://files.example/x"}, {"url": "https://a.example", "stance": "agrees"},
    {"url": "https://a.example", "source_type": "blog"},
    {"url": "https://a.example", "published": "2999-01-01"},
], ids=["not a web address", "unknown stance", "unknown source type", "published in the future"])
def test_citations_are_refused_with_the_errors_of_add_citation(session, citation_fields):
    article = articles.import_document(session, doc=_doc(BODY), actor="Ana")
    claim = claims.create_claim(session, article_id=article.id, start=7, end=20, actor="Ana")
    with pytest.raises(InvalidInput) as service:
        citations.add_citation(session, claim_id=claim.id, actor="Ana", **citation_fields)
    session.rollback()
    error = refusal(session, BulkArticle(body=BODY, claims=[
        BulkClaim(start=0, end=5), BulkClaim(start=0, end=5, citations=[BulkCitation(**citation_fields)])]))
    assert type(error) is InvalidInput and str(error) == f"Article 1, claim 2: {service.value}"


def test_a_verdict_not_on_the_rating_scale_is_refused_with_the_scale(session):
    with pytest.raises(NotFound) as service:
        review.find_rating(session, "Pants on fire")
    error = refusal(session, BulkArticle(body=BODY, claims=[checked_claim(verdict="Pants on fire")]))
    assert type(error) is NotFound and str(error) == f"Article 1, claim 1: {service.value}"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"citations": []}, "needs at least one citation"),
    ({"rationale": " "}, "needs a rationale"),
    ({"verdict": None}, "needs a verdict"),
    ({"status": "approved", "approved_by": "ben"}, "approval must come from someone else"),
    ({"status": "approved"}, "reviewer name is required"),
], ids=["no citation", "no rationale", "no verdict", "self-approval", "no approver"])
def test_checked_and_approved_claims_must_meet_the_review_rules(session, overrides, message):
    error = refusal(session, BulkArticle(body=BODY, claims=[checked_claim(**overrides)]))
    assert isinstance(error, (TransitionRefused, InvalidInput)) and message in str(error)


def test_naive_review_times_and_unknown_statuses_are_refused(session):
    naive = refusal(session, BulkArticle(body=BODY, claims=[checked_claim(verdict_at=datetime(2024, 5, 2))]))
    status = refusal(session, BulkArticle(body=BODY, claims=[checked_claim(status="done")]))
    assert isinstance(naive, InvalidInput) and "no time zone" in str(naive)
    assert isinstance(status, InvalidInput) and "not a claim status" in str(status)


def test_a_refused_load_leaves_nothing_after_rollback(session):
    good = BulkArticle(body=OTHER_BODY, claims=[BulkClaim(start=7, end=20)])
    bad = BulkArticle(body=BODY, claims=[BulkClaim(start=0, end=9999)])
    with pytest.raises(InvalidInput, match="Article 2, claim 1"):
        bulk_load(session, articles=[good, bad], actor="Ana", batch_size=1)
    session.rollback()
    assert session.exec(select(func.count()).select_from(Claim)).one() == 0
    assert articles.find_by_body(session, OTHER_BODY) is None
