"""Suggestion decisions (workbench.suggest.decisions) on the demo article, with the real suggester."""
from __future__ import annotations

import pytest
from sqlmodel import Session, select

from db.tables import AuditEvent, Claim, Origin, SuggestionDecision
from workbench import articles, claims
from workbench.suggest import decisions as suggestions
from workbench.errors import InvalidInput, NotFound
from workbench.ingest import from_text


@pytest.fixture
def article_id(session, demo_text) -> int:
    article = articles.import_document(session, doc=from_text(demo_text, title="Ketamine"), actor="Ana")
    session.commit()
    return article.id


def pending(session: Session, article_id: int):
    return suggestions.pending_suggestions(session, article_id=article_id)


def test_pending_suggestions_of_a_new_article_are_the_suggesters_own(session, article_id, demo_text):
    found = pending(session, article_id)
    assert len(found) >= 5
    assert all(demo_text[s.start:s.end] == s.quote for s in found)
    assert any("30% of people" in s.quote for s in found)


def test_a_dismissed_suggestion_stays_dismissed_when_the_article_is_reopened(session, engine, article_id):
    first = pending(session, article_id)[0]
    suggestions.dismiss_suggestion(session, article_id=article_id, start=first.start, end=first.end,
                                   quote=first.quote, actor="Ana")
    session.commit()
    with Session(engine) as reopened:
        again = suggestions.pending_suggestions(reopened, article_id=article_id)
    assert (first.start, first.end) not in {(s.start, s.end) for s in again}
    assert len(again) == len(pending(session, article_id))


def test_undoing_a_dismissal_brings_the_suggestion_back(session, article_id):
    first = pending(session, article_id)[0]
    suggestions.dismiss_suggestion(session, article_id=article_id, start=first.start, end=first.end,
                                   quote=first.quote, actor="Ana")
    suggestions.undo_dismissal(session, article_id=article_id, start=first.start, end=first.end,
                               actor="Ana")
    session.commit()
    assert (first.start, first.end) in {(s.start, s.end) for s in pending(session, article_id)}
    with pytest.raises(NotFound):
        suggestions.undo_dismissal(session, article_id=article_id, start=first.start, end=first.end,
                                   actor="Ana")


def test_accepting_creates_a_suggested_claim_with_the_score_and_records_the_decision(session, article_id):
    s = pending(session, article_id)[0]
    claim = suggestions.accept_suggestion(session, article_id=article_id, start=s.start, end=s.end,
                                          actor="Ana", claimant=s.claimant, claim_type=s.type,
                                          score=s.score)
    session.commit()
    assert (claim.origin, claim.score, claim.claim_type) == (Origin.suggested.value, s.score, s.type)
    assert claim.quote == s.quote.strip() and claim.created_by == "Ana"
    decision = session.exec(select(SuggestionDecision)).one()
    assert (decision.decision, decision.claim_id, decision.decided_by) == ("accepted", claim.id, "Ana")
    assert (s.start, s.end) not in {(p.start, p.end) for p in pending(session, article_id)}


def test_a_suggestion_mostly_covered_by_an_existing_claim_is_not_pending(session, article_id):
    s = max(pending(session, article_id), key=lambda s: s.end - s.start)
    claims.create_claim(session, article_id=article_id, start=s.start, end=s.start + (s.end - s.start) * 2 // 3,
                        actor="Ana")
    session.commit()
    assert (s.start, s.end) not in {(p.start, p.end) for p in pending(session, article_id)}


def test_a_suggestion_a_claim_covers_less_than_half_of_is_still_pending(session, article_id):
    s = max(pending(session, article_id), key=lambda s: s.end - s.start)
    cut = s.start + (s.end - s.start) // 3
    while s.quote[cut - s.start - 1].isspace():  # keep the claim's span free of trailing white space
        cut -= 1
    claims.create_claim(session, article_id=article_id, start=s.start, end=cut, actor="Ana")
    session.commit()
    assert (s.start, s.end) in {(p.start, p.end) for p in pending(session, article_id)}


def test_accept_and_dismiss_are_in_the_article_history(session, article_id):
    first, second = pending(session, article_id)[:2]
    suggestions.accept_suggestion(session, article_id=article_id, start=first.start, end=first.end,
                                  actor="Ana")
    suggestions.dismiss_suggestion(session, article_id=article_id, start=second.start, end=second.end,
                                   quote=second.quote, actor="Ben")
    session.commit()
    events = session.exec(select(AuditEvent).where(AuditEvent.entity == "suggestion")
                          .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor, e.article_id) for e in events] == [
        ("accept", "Ana", article_id), ("dismiss", "Ben", article_id)]
    assert events[1].changes["decision"] == [None, "dismissed"]


def test_a_dismissed_suggestion_can_still_be_accepted_later(session, article_id):
    s = pending(session, article_id)[0]
    suggestions.dismiss_suggestion(session, article_id=article_id, start=s.start, end=s.end,
                                   quote=s.quote, actor="Ana")
    claim = suggestions.accept_suggestion(session, article_id=article_id, start=s.start, end=s.end,
                                          actor="Ben")
    session.commit()
    decision = session.exec(select(SuggestionDecision)).one()
    assert (decision.decision, decision.claim_id, decision.decided_by) == ("accepted", claim.id, "Ben")


def test_dismissing_an_accepted_suggestion_whose_claim_exists_is_refused(session, article_id):
    s = pending(session, article_id)[0]
    suggestions.accept_suggestion(session, article_id=article_id, start=s.start, end=s.end, actor="Ana")
    with pytest.raises(InvalidInput, match="accepted as claim"):
        suggestions.dismiss_suggestion(session, article_id=article_id, start=s.start, end=s.end,
                                       quote=s.quote, actor="Ana")


def test_a_suggestion_comes_back_when_its_accepted_claim_is_deleted(session, article_id):
    s = pending(session, article_id)[0]
    claim = suggestions.accept_suggestion(session, article_id=article_id, start=s.start, end=s.end,
                                          actor="Ana")
    claims.delete_claim(session, claim_id=claim.id, expected_version=claim.version, actor="Ana")
    session.commit()
    assert (s.start, s.end) in {(p.start, p.end) for p in pending(session, article_id)}
    again = suggestions.accept_suggestion(session, article_id=article_id, start=s.start, end=s.end,
                                          actor="Ana")
    session.commit()
    assert session.exec(select(SuggestionDecision)).one().claim_id == again.id


def test_decisions_need_a_reviewer_name_and_a_span_inside_the_article(session, article_id, demo_text):
    with pytest.raises(InvalidInput, match="name"):
        suggestions.dismiss_suggestion(session, article_id=article_id, start=0, end=10, quote="x", actor=" ")
    with pytest.raises(InvalidInput, match="not inside"):
        suggestions.dismiss_suggestion(session, article_id=article_id, start=10,
                                       end=len(demo_text) + 5, quote="x", actor="Ana")
    with pytest.raises(NotFound):
        suggestions.pending_suggestions(session, article_id=999_999)
    assert session.exec(select(SuggestionDecision)).all() == []
    assert session.exec(select(Claim)).all() == []


def test_another_suggester_can_be_passed_in(session, article_id, demo_text):
    from workbench.suggest import Suggestion

    start = demo_text.index("30% of people")
    fake = [Suggestion(start, start + 13, "30% of people", 0.9, "statistic", None, ["fixed"])]
    found = suggestions.pending_suggestions(session, article_id=article_id,
                                            suggest=lambda body, all_sentences=False: fake)
    assert found == fake


@pytest.mark.parametrize("spans, expected", [
    ([], 0.0),
    ([(0, 100)], 1.0),                      # a long claim that starts well before the sentence
    ([(10, 15), (15, 20)], 1.0),            # two claims that cover it together
    ([(10, 14), (12, 15)], 0.5),            # overlapping claims count once
    ([(0, 9), (20, 30)], 0.0),              # claims that end before or start after it
    ([(5, 12), (18, 40)], 0.4),
])
def test_coverage_counts_every_claim_overlapping_a_suggestion_once(spans, expected):
    spans = sorted(spans)
    longest = max((b - a for a, b in spans), default=0)
    assert suggestions._covered(10, 20, spans, longest) == pytest.approx(expected)
