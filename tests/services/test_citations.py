"""Citations (workbench.citations): add, edit, remove; URL, stance, source type and date checks."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from db.tables import Citation, Claim
from workbench import articles, audit, citations, claims, review
from workbench.errors import InvalidInput, NotFound, TransitionRefused
from workbench.ingest import from_text

BODY = "The vaccine cuts hospital admissions by 30%, officials said. Critics were not convinced."


@pytest.fixture
def claim(session: Session) -> Claim:
    article = articles.import_document(session, doc=from_text(BODY), actor="Ana")
    claim = claims.create_claim(session, article_id=article.id, start=0, end=BODY.index(",") + 1, actor="Ana")
    session.commit()
    return claim


def add(session: Session, claim: Claim, url: str = "https://example.org/study", **fields) -> Citation:
    citation = citations.add_citation(session, claim_id=claim.id, actor=fields.pop("actor", "Ana"),
                                      url=url, **fields)
    session.commit()
    return citation


def test_add_citation_stores_its_details_and_defaults_accessed_to_today(session, engine, claim):
    citation = add(session, claim, " https://example.org/study?id=1 ", title=" A study ", stance="refutes",
                   source_type="peer-reviewed study", published="2023-04-05",
                   quoted_passage="Admissions fell by 12%.")
    with Session(engine) as fresh:
        stored = fresh.get(Citation, citation.id)
        assert stored.url == "https://example.org/study?id=1"
        assert stored.title == "A study"
        assert (stored.stance, stored.source_type) == ("refutes", "peer-reviewed study")
        assert stored.published == date(2023, 4, 5)
        assert stored.accessed == date.today()
        assert stored.quoted_passage == "Admissions fell by 12%."
        assert (stored.claim_id, stored.created_by, stored.version) == (claim.id, "Ana", 1)
    assert [c.id for c in citations.list_citations(session, claim_id=claim.id)] == [citation.id]


def test_list_citations_keeps_the_order_they_were_added(session, claim):
    ids = [add(session, claim, f"https://example.org/{i}").id for i in range(3)]
    assert [c.id for c in citations.list_citations(session, claim_id=claim.id)] == ids


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/file", "https:///no-host",
                                 "example.org/study", "plain words", "", "http://exa mple.org/",
                                 "data:text/html,<script>alert(1)</script>", "//example.org/x"])
def test_a_citation_url_that_is_not_http_or_https_is_refused(session, claim, url):
    with pytest.raises(InvalidInput, match="not a web address"):
        citations.add_citation(session, claim_id=claim.id, actor="Ana", url=url)
    session.rollback()
    assert citations.list_citations(session, claim_id=claim.id) == []


def test_http_and_uppercase_scheme_urls_are_accepted(session, claim):
    assert add(session, claim, "HTTP://Example.org/a").url == "HTTP://Example.org/a"


def test_a_url_over_two_thousand_characters_is_refused(session, claim):
    with pytest.raises(InvalidInput, match="2,000"):
        citations.add_citation(session, claim_id=claim.id, actor="Ana",
                               url="https://example.org/" + "a" * 2000)


@pytest.mark.parametrize("fields,message", [
    ({"stance": "agrees"}, "stance must be one of: supports, refutes, context"),
    ({"source_type": "blog"}, "source type must be one of: peer-reviewed study"),
    ({"published": date.today() + timedelta(days=1)}, "in the future"),
    ({"accessed": (date.today() + timedelta(days=30)).isoformat()}, "in the future"),
    ({"published": "5 April"}, "not a date"),
    ({"colour": "red"}, "no field"),
])
def test_invalid_citation_details_are_refused(session, claim, fields, message):
    with pytest.raises(InvalidInput, match=message):
        citations.add_citation(session, claim_id=claim.id, actor="Ana", url="https://example.org/", **fields)


def test_a_citation_for_a_missing_claim_is_refused(session, claim):
    with pytest.raises(NotFound, match="#999"):
        citations.add_citation(session, claim_id=999, actor="Ana", url="https://example.org/")


def test_update_citation_changes_fields_and_records_them(session, claim):
    citation = add(session, claim)
    citations.update_citation(session, citation_id=citation.id, expected_version=1, actor="Ben",
                              stance="context", note="Only covers adults.")
    session.commit()
    session.refresh(citation)
    assert (citation.stance, citation.note, citation.version, citation.updated_by) == (
        "context", "Only covers adults.", 2, "Ben")
    event = audit.claim_history(session, claim.id)[-1]
    assert (event.entity, event.action, event.actor) == ("citation", "update", "Ben")
    assert event.changes == {"stance": ["supports", "context"], "note": [None, "Only covers adults."]}


@pytest.mark.parametrize("fields", [{"url": "javascript:alert(1)"}, {"stance": "maybe"},
                                    {"source_type": "rumour"},
                                    {"published": date.today() + timedelta(days=2)}])
def test_invalid_citation_edits_are_refused_and_change_nothing(session, claim, fields):
    citation = add(session, claim)
    with pytest.raises(InvalidInput):
        citations.update_citation(session, citation_id=citation.id, expected_version=1, actor="Ben", **fields)
    session.rollback()
    session.refresh(citation)
    assert (citation.url, citation.stance, citation.version) == ("https://example.org/study", "supports", 1)


def test_remove_citation_deletes_it_and_records_what_it_was(session, claim):
    citation = add(session, claim)
    citations.remove_citation(session, citation_id=citation.id, actor="Ben", expected_version=1)
    session.commit()
    assert citations.list_citations(session, claim_id=claim.id) == []
    event = audit.claim_history(session, claim.id)[-1]
    assert (event.entity, event.action, event.actor) == ("citation", "delete", "Ben")
    assert event.changes["url"] == ["https://example.org/study", None]


def test_removing_a_missing_citation_is_refused(session, claim):
    with pytest.raises(NotFound, match="#4242"):
        citations.remove_citation(session, citation_id=4242, actor="Ben")


def approve(session: Session, claim: Claim) -> Citation:
    citation = add(session, claim)
    review.set_verdict(session, claim_id=claim.id, rating="True", rationale="Matches the study.",
                       expected_version=claim.version, actor="Ana")
    review.mark_checked(session, claim_id=claim.id, expected_version=claim.version, actor="Ana")
    review.approve(session, claim_id=claim.id, expected_version=claim.version, actor="Ben")
    session.commit()
    return citation


def test_an_approved_claim_refuses_new_evidence(session, claim):
    approve(session, claim)
    with pytest.raises(TransitionRefused, match="approved; reopen"):
        citations.add_citation(session, claim_id=claim.id, actor="Cy", url="https://example.org/new")


def test_an_approved_claim_refuses_edits_to_its_evidence(session, claim):
    citation = approve(session, claim)
    with pytest.raises(TransitionRefused, match="approved; reopen"):
        citations.update_citation(session, citation_id=citation.id, expected_version=1, actor="Cy",
                                  stance="refutes")


def test_an_approved_claim_refuses_removal_of_its_evidence(session, claim):
    citation = approve(session, claim)
    with pytest.raises(TransitionRefused, match="approved; reopen"):
        citations.remove_citation(session, citation_id=citation.id, actor="Cy")
    session.rollback()
    assert len(citations.list_citations(session, claim_id=claim.id)) == 1
