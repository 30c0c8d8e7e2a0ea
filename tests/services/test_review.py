"""Verdicts and the review workflow (workbench.review)."""
from __future__ import annotations

import pytest
from sqlmodel import Session

from db.tables import Claim
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


def verdict(session: Session, claim: Claim, rating: str = "Mostly true",
            rationale: str = "The study found 28%.", actor: str = "Ana") -> Claim:
    review.set_verdict(session, claim_id=claim.id, rating=rating, rationale=rationale,
                       expected_version=claim.version, actor=actor)
    session.commit()
    return claim


def cite(session: Session, claim: Claim) -> None:
    citations.add_citation(session, claim_id=claim.id, actor="Ana", url="https://example.org/study")
    session.commit()


def move(session: Session, claim: Claim, action: str, actor: str = "Ana") -> Claim:
    review.transition(session, claim_id=claim.id, action=action, expected_version=claim.version, actor=actor)
    session.commit()
    return claim


def checked(session: Session, claim: Claim) -> Claim:
    cite(session, claim)
    verdict(session, claim)
    return move(session, claim, "check")


# --- rating scale -------------------------------------------------------------------------------

def test_the_rating_scale_is_the_default_scale_in_order(session):
    assert [(r.label, r.rating_value) for r in review.rating_scale(session)] == [
        ("True", 5), ("Mostly true", 4), ("Half true", 3), ("Mostly false", 2), ("False", 1),
        ("Misleading", None), ("Unproven", None)]


def test_add_rating_appends_a_desk_label_at_the_end(session):
    rating = review.add_rating(session, label=" Satire ", rating_value=None, description="A joke.", actor="Ed")
    session.commit()
    assert rating.label == "Satire" and rating.alternate_name == "Satire"
    assert review.rating_scale(session)[-1].label == "Satire"
    assert review.find_rating(session, "satire").id == rating.id


@pytest.mark.parametrize("label,value,message", [
    ("mostly TRUE", None, "already has"), ("Wild", 0, "between 1"), ("Wild", 6, "between 1"),
    ("  ", 3, "needs a label")])
def test_add_rating_refuses_duplicates_values_out_of_range_and_empty_labels(session, label, value, message):
    with pytest.raises(InvalidInput, match=message):
        review.add_rating(session, label=label, rating_value=value, actor="Ed")
    session.rollback()
    assert len(review.rating_scale(session)) == 7


# --- verdicts -----------------------------------------------------------------------------------

def test_set_verdict_records_rating_rationale_and_who_gave_it(session, claim):
    verdict(session, claim, rating="mostly TRUE", rationale="  The study found 28%.  ")
    assert review.verdict_label(session, claim) == "Mostly true"
    assert claim.rationale == "The study found 28%."
    assert claim.verdict_by == "Ana" and claim.verdict_at is not None
    assert claim.status == "in review"
    event = audit.claim_history(session, claim.id)[-1]
    assert (event.entity, event.action, event.actor) == ("verdict", "verdict", "Ana")
    assert event.changes["verdict"] == [None, "Mostly true"]
    assert event.changes["status"] == ["draft", "in review"]


def test_set_verdict_with_an_unknown_label_is_refused_listing_the_labels(session, claim):
    with pytest.raises(NotFound, match="not on the rating scale; use one of: True, Mostly true, .*Unproven"):
        verdict(session, claim, rating="Pants on fire")
    session.rollback()
    session.refresh(claim)
    assert claim.rating_id is None and claim.version == 1


def test_changing_a_verdict_records_the_old_and_new_labels(session, claim):
    verdict(session, claim, rating="True")
    verdict(session, claim, rating="False", actor="Ben")
    event = audit.claim_history(session, claim.id)[-1]
    assert event.changes["verdict"] == ["True", "False"] and event.actor == "Ben"
    assert claim.verdict_by == "Ben"


def test_a_checked_claim_refuses_a_new_verdict(session, claim):
    checked(session, claim)
    with pytest.raises(TransitionRefused, match="reopen it"):
        verdict(session, claim, rating="False")


# --- workflow -----------------------------------------------------------------------------------

def test_submit_sends_a_draft_for_review(session, claim):
    move(session, claim, "submit")
    assert claim.status == "in review"


def test_submit_of_a_claim_already_in_review_is_refused(session, claim):
    move(session, claim, "submit")
    with pytest.raises(TransitionRefused, match="already in review"):
        move(session, claim, "submit")


def test_check_without_verdict_rationale_or_citation_names_each_missing_piece(session, claim):
    with pytest.raises(TransitionRefused,
                       match="needs a verdict, a rationale, at least one citation"):
        move(session, claim, "check")


def test_check_names_only_the_pieces_still_missing(session, claim):
    verdict(session, claim, rationale="   ")
    with pytest.raises(TransitionRefused) as info:
        move(session, claim, "check")
    message = str(info.value)
    assert "a rationale" in message and "at least one citation" in message
    assert "a verdict" not in message


def test_check_without_a_citation_is_refused(session, claim):
    verdict(session, claim)
    with pytest.raises(TransitionRefused, match="needs at least one citation"):
        move(session, claim, "check")
    session.rollback()
    session.refresh(claim)
    assert claim.status == "in review"


def test_check_with_verdict_rationale_and_citation_is_accepted(session, claim):
    checked(session, claim)
    assert claim.status == "checked"
    assert audit.claim_history(session, claim.id)[-1].changes["status"] == ["in review", "checked"]


def test_an_orphaned_claim_cannot_be_checked(session, claim):
    cite(session, claim)
    verdict(session, claim)
    article = articles.require_article(session, claim.article_id)
    articles.correct_body(session, article_id=article.id, new_body="Completely different words now.",
                          expected_version=article.version, actor="Ana")
    session.commit()
    with pytest.raises(TransitionRefused, match="no longer in the article text"):
        move(session, claim, "check")


def test_the_verdict_giver_cannot_approve(session, claim):
    checked(session, claim)
    with pytest.raises(TransitionRefused, match="Ana gave the verdict; approval must come from someone else"):
        move(session, claim, "approve", actor="  ana ")
    session.rollback()
    session.refresh(claim)
    assert claim.status == "checked" and claim.approved_by is None


def test_another_reviewer_can_approve_a_checked_claim(session, claim):
    checked(session, claim)
    move(session, claim, "approve", actor="Ben")
    assert claim.status == "approved"
    assert claim.approved_by == "Ben" and claim.approved_at is not None
    event = audit.claim_history(session, claim.id)[-1]
    assert (event.action, event.actor) == ("approve", "Ben")
    assert event.changes["approved_by"] == [None, "Ben"]


def test_a_claim_that_is_not_checked_cannot_be_approved(session, claim):
    verdict(session, claim)
    with pytest.raises(TransitionRefused, match="only a checked claim can be approved"):
        move(session, claim, "approve", actor="Ben")


def test_reopen_clears_the_approval_and_allows_changes_again(session, claim):
    checked(session, claim)
    move(session, claim, "approve", actor="Ben")
    move(session, claim, "reopen", actor="Cy")
    assert claim.status == "reopened" and claim.approved_by is None and claim.approved_at is None
    claims.update_claim(session, claim_id=claim.id, expected_version=claim.version, actor="Cy",
                        text="Reworded after reopening")
    session.commit()
    move(session, claim, "submit", actor="Cy")
    assert claim.status == "in review"


def test_a_draft_cannot_be_reopened(session, claim):
    with pytest.raises(TransitionRefused, match="only a checked or approved claim can be reopened"):
        move(session, claim, "reopen")


def test_an_unknown_action_is_refused(session, claim):
    with pytest.raises(InvalidInput, match="Unknown action"):
        move(session, claim, "publish")


def test_a_transition_without_a_reviewer_name_is_refused(session, claim):
    with pytest.raises(InvalidInput, match="reviewer name"):
        move(session, claim, "submit", actor=" ")


def test_possible_moves_give_the_reason_each_refused_move_is_refused(session, claim):
    moves = {m.action: m for m in review.possible_moves(session, claim, "Ana")}
    assert moves["submit"].allowed
    assert moves["check"].refused == "it needs a verdict, a rationale, at least one citation"
    assert moves["approve"].refused == "only a checked claim can be approved"
    assert moves["reopen"].refused == "only a checked or approved claim can be reopened"


def test_possible_moves_of_a_checked_claim_depend_on_who_asks(session, claim):
    checked(session, claim)
    by_verdict_giver = {m.action: m for m in review.possible_moves(session, claim, "Ana")}
    by_other = {m.action: m for m in review.possible_moves(session, claim, "Ben")}
    by_nobody = {m.action: m for m in review.possible_moves(session, claim, "")}
    assert "Ana gave the verdict" in by_verdict_giver["approve"].refused
    assert by_other["approve"].allowed and by_other["reopen"].allowed
    assert by_nobody["approve"].refused == "type your name first"
    assert by_other["check"].refused == "the claim is already checked"
    assert by_other["submit"].refused == "the claim is already checked"


def test_the_shortcut_functions_apply_their_action(session, claim):
    cite(session, claim)
    verdict(session, claim)
    review.mark_checked(session, claim_id=claim.id, expected_version=claim.version, actor="Ana")
    review.approve(session, claim_id=claim.id, expected_version=claim.version, actor="Ben")
    review.reopen(session, claim_id=claim.id, expected_version=claim.version, actor="Ben")
    review.submit(session, claim_id=claim.id, expected_version=claim.version, actor="Ben")
    session.commit()
    actions = [e.action for e in audit.claim_history(session, claim.id) if e.entity == "claim"]
    assert actions == ["create", "check", "approve", "reopen", "submit"]
