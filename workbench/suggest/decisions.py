"""Suggestion decisions: accept a suggested span as a claim, or dismiss it so it stays dismissed."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from db.tables import Claim, ClaimType, Origin, SuggestionDecision, utcnow
from workbench import audit, users
from workbench.articles import require_article
from workbench.claims import create_claim, guess_claimant_kind
from workbench.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from workbench.suggest import Suggestion

ACCEPTED, DISMISSED = "accepted", "dismissed"
COVERED = 0.5  # a suggestion more than half covered by existing claims is already being checked

SuggestFn = Callable[..., "list[Suggestion]"]


def _default_suggest(body: str, *, all_sentences: bool = False) -> "list[Suggestion]":
    from workbench.suggest import suggest_claims  # loads the model: only when suggestions are asked for

    return suggest_claims(body, all_sentences=all_sentences)


def _key(quote: str) -> str:
    return " ".join(quote.split())


def pending_suggestions(session: Session, *, article_id: int, all_sentences: bool = False,
                        suggest: SuggestFn | None = None) -> "list[Suggestion]":
    """The article's suggestions a reviewer has not dismissed and no claim covers yet, in reading order."""
    article = require_article(session, article_id)
    found = (suggest or _default_suggest)(article.body, all_sentences=all_sentences)
    dismissed = [d for d in decisions(session, article_id=article_id) if d.decision == DISMISSED]
    # By span, and by wording too: a body correction may move a dismissed sentence.
    dismissed_spans = {(d.start, d.end) for d in dismissed}
    dismissed_quotes = {_key(d.quote) for d in dismissed}
    spans = sorted((a, b) for a, b in session.exec(select(Claim.start, Claim.end).where(
        Claim.article_id == article_id, Claim.orphaned == False)))  # noqa: E712
    longest = max((b - a for a, b in spans), default=0)
    return [s for s in found
            if (s.start, s.end) not in dismissed_spans and _key(s.quote) not in dismissed_quotes
            and _covered(s.start, s.end, spans, longest) <= COVERED]


def _covered(start: int, end: int, spans: list[tuple[int, int]], longest: int) -> float:
    """The share of [start, end) that the spans (sorted, none longer than `longest`) cover together."""
    if end <= start:
        return 1.0
    covered, reach = 0, start
    # Only spans starting in [start - longest, end) can overlap; the list is sorted by start.
    for i in range(bisect_left(spans, (start - longest,)), bisect_left(spans, (end,))):
        a, b = spans[i]
        a, b = max(a, start), min(b, end)
        if b > reach:
            covered += b - max(a, reach)
            reach = b
    return covered / (end - start)


def decisions(session: Session, *, article_id: int) -> list[SuggestionDecision]:
    """Every accept and dismiss recorded for an article's suggestions, in reading order."""
    return list(session.exec(select(SuggestionDecision)
                             .where(SuggestionDecision.article_id == article_id)
                             .order_by(SuggestionDecision.start, SuggestionDecision.end)))


def _decision(session: Session, article_id: int, start: int, end: int) -> SuggestionDecision | None:
    return session.exec(select(SuggestionDecision).where(
        SuggestionDecision.article_id == article_id, SuggestionDecision.start == start,
        SuggestionDecision.end == end)).first()


def _check_span(body: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(body):
        raise InvalidInput(f"The span {start}-{end} is not inside the article (0-{len(body)}).")


def _record(session: Session, actor: str, decision: SuggestionDecision, action: str,
            changes: dict) -> None:
    audit.record(session, actor=actor, entity="suggestion", entity_id=decision.id, action=action,
                 article_id=decision.article_id, claim_id=decision.claim_id, changes=changes)


def accept_suggestion(session: Session, *, article_id: int, start: int, end: int, actor: str,
                      text: str | None = None, claimant: str | None = None,
                      claim_type: str | None = None, score: float | None = None) -> Claim:
    """Make a suggested span a claim (origin "suggested", with the model's score) and record it."""
    actor = users.require(session, actor, "suggestion.decide")
    article = require_article(session, article_id)
    _check_span(article.body, start, end)
    claim = create_claim(session, article_id=article_id, start=start, end=end, actor=actor, text=text,
                         claimant=claimant, claimant_kind=guess_claimant_kind(claimant),
                         claim_type=claim_type or ClaimType.other.value,
                         origin=Origin.suggested.value, score=score)
    decision = _decision(session, article_id, start, end)
    before = audit.snapshot(decision, ("id",)) if decision else {}
    if decision is None:  # an earlier decision exists when a dismissal is overruled or a claim was deleted
        decision = SuggestionDecision(article_id=article_id, start=start, end=end, quote="",
                                      decision=ACCEPTED, decided_by=actor)
        session.add(decision)
    decision.quote, decision.decision, decision.claim_id = article.body[start:end], ACCEPTED, claim.id
    decision.decided_by, decision.decided_at = actor, utcnow()
    session.flush()
    _record(session, actor, decision, "accept", audit.diff(before, audit.snapshot(decision, ("id",))))
    return claim


def dismiss_suggestion(session: Session, *, article_id: int, start: int, end: int, quote: str,
                       actor: str) -> SuggestionDecision:
    """Dismiss a suggested span so it is not suggested again for this article."""
    actor = users.require(session, actor, "suggestion.decide")
    article = require_article(session, article_id)
    _check_span(article.body, start, end)
    decision = _decision(session, article_id, start, end)
    if decision is not None and decision.decision == DISMISSED:
        return decision
    if decision is not None and decision.claim_id and session.get(Claim, decision.claim_id):
        raise InvalidInput(f"This suggestion was accepted as claim #{decision.claim_id}; "
                           "delete that claim instead of dismissing the suggestion.")
    before = audit.snapshot(decision, ("id",)) if decision else {}
    if decision is None:
        decision = SuggestionDecision(article_id=article_id, start=start, end=end, quote="",
                                      decision=DISMISSED, decided_by=actor)
        session.add(decision)
    decision.quote = quote or article.body[start:end]
    decision.decision, decision.claim_id = DISMISSED, None
    decision.decided_by, decision.decided_at = actor, utcnow()
    session.flush()
    _record(session, actor, decision, "dismiss", audit.diff(before, audit.snapshot(decision, ("id",))))
    return decision


def undo_dismissal(session: Session, *, article_id: int, start: int, end: int, actor: str) -> None:
    """Take back a dismissal: the span is suggested again."""
    actor = users.require(session, actor, "suggestion.decide")
    decision = _decision(session, article_id, start, end)
    if decision is None or decision.decision != DISMISSED:
        raise NotFound(f"No dismissed suggestion at {start}-{end} in article #{article_id}.")
    _record(session, actor, decision, "undo-dismiss",
            {k: [v, None] for k, v in audit.snapshot(decision, ("id",)).items()})
    session.delete(decision)
    session.flush()
