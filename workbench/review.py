"""Verdicts and the review workflow: draft -> in review -> checked -> approved, and reopened."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from db.tables import Citation, Claim, ClaimStatus, Rating, utcnow
from workbench import audit, text_rules, users
from workbench.claims import check_version, editable_claim, require_claim, save_claim
from workbench.errors import InvalidInput, NotFound, TransitionRefused

S = ClaimStatus
# Statuses whose verdict leaves the desk (CSV of checked claims, ClaimReview).
PUBLISHED_STATUSES = (S.checked.value, S.approved.value)


def rating_scale(session: Session) -> list[Rating]:
    """The labels of the rating scale, in their published order."""
    return list(session.exec(select(Rating).order_by(Rating.position, Rating.id)))


def find_rating(session: Session, label: str) -> Rating:
    """The rating with this label (case-insensitive); NotFound lists the labels."""
    wanted = text_rules.single_line(label or "").strip().casefold()
    scale = rating_scale(session)
    for rating in scale:
        if rating.label.casefold() == wanted:
            return rating
    raise NotFound(f"\u201c{text_rules.shown(label)}\u201d is not on the rating scale; use one of: "
                   f"{', '.join(r.label for r in scale)}.")


def add_rating(session: Session, *, label: str, alternate_name: str | None = None,
               rating_value: int | None = None, description: str | None = None, actor: str) -> Rating:
    """Add a desk's own label to the rating scale."""
    actor = users.require(session, actor, "rating.add")
    label = text_rules.single_line(label or "").strip()
    if not label:
        raise InvalidInput("A rating needs a label.")
    if rating_value is not None and not 1 <= rating_value <= 5:
        raise InvalidInput("A rating value must be between 1 (worst) and 5 (best), or empty.")
    if any(r.label.casefold() == label.casefold() for r in rating_scale(session)):
        raise InvalidInput(f"The rating scale already has \u201c{label}\u201d.")
    position = (session.exec(select(func.max(Rating.position))).one() or 0) + 1
    rating = Rating(label=label, alternate_name=(alternate_name or label).strip(),
                    rating_value=rating_value, description=description, position=position)
    session.add(rating)
    session.flush()
    audit.record(session, actor=actor, entity="rating", entity_id=rating.id, action="create",
                 changes={k: [None, v] for k, v in audit.snapshot(rating).items()})
    return rating


def set_verdict(session: Session, *, claim_id: int, rating: str, rationale: str,
                expected_version: int, actor: str) -> Claim:
    """Give a claim a verdict from the rating scale with a written rationale."""
    actor = users.require(session, actor, "verdict.set")
    claim = editable_claim(session, claim_id, expected_version)
    if claim.status == S.checked.value:
        raise TransitionRefused(f"Claim #{claim.id} is marked checked; reopen it to change the verdict.")
    chosen = find_rating(session, rating)
    before = audit.snapshot(claim)
    old_label = _label(session, claim.rating_id)
    claim.rating_id = chosen.id
    claim.rationale = text_rules.multi_line(rationale or "").strip() or None
    claim.verdict_by, claim.verdict_by_id, claim.verdict_at = actor, actor.id, utcnow()
    if claim.status == S.draft.value:
        claim.status = S.in_review.value
    extra = {"verdict": [old_label, chosen.label]} if old_label != chosen.label else {}
    return save_claim(session, claim, actor, before, action="verdict", entity="verdict", extra=extra)


def _label(session: Session, rating_id: int | None) -> str | None:
    rating = session.get(Rating, rating_id) if rating_id else None
    return rating.label if rating else None


@dataclass(frozen=True)
class Move:
    """A status change and, when it is not allowed now, why."""

    action: str
    target: str
    refused: str | None

    @property
    def allowed(self) -> bool:
        return self.refused is None


def possible_moves(session: Session, claim: Claim, actor: str | None) -> list[Move]:
    """Every workflow action on a claim, with the reason it is refused where it is (for this actor:
    their role, and the rule that approval comes from someone other than who gave the verdict)."""
    acting = users.identify(session, actor)
    n_citations = session.exec(select(func.count()).where(Citation.claim_id == claim.id)).one()
    status = claim.status
    moves = []
    submit = None if status in (S.draft.value, S.reopened.value) else f"the claim is already {status}"
    moves.append(Move("submit", S.in_review.value, submit))
    missing = []
    if claim.rating_id is None:
        missing.append("a verdict")
    if not (claim.rationale or "").strip():
        missing.append("a rationale")
    if n_citations == 0:
        missing.append("at least one citation")
    if status in (S.checked.value, S.approved.value):
        check = f"the claim is already {status}"
    elif claim.orphaned:
        check = "the claim's quote is no longer in the article text; re-anchor or delete it"
    elif missing:
        check = "it needs " + ", ".join(missing)
    else:
        check = None
    moves.append(Move("check", S.checked.value, check))
    if status != S.checked.value:
        approve = "only a checked claim can be approved" if status != S.approved.value else "already approved"
    elif acting is None:
        approve = "sign in first" if users.desk_mode() else "type your name first"
    elif not acting.can("claim.approve"):
        approve = _role_refusal(acting, "approve")
    elif _gave_verdict(claim, acting):
        approve = f"{claim.verdict_by} gave the verdict; approval must come from someone else"
    else:
        approve = None
    moves.append(Move("approve", S.approved.value, approve))
    reopen = None if status in (S.checked.value, S.approved.value) else "only a checked or approved claim can be reopened"
    moves.append(Move("reopen", S.reopened.value, reopen))
    if acting is not None:  # what the role does not allow comes last, after the claim's own state
        moves = [m if m.refused or acting.can(_PERMISSION[m.action]) else
                 Move(m.action, m.target, _role_refusal(acting, m.action)) for m in moves]
    return moves


def _role_refusal(actor: users.Actor, action: str) -> str:
    return f"{actor.role.value}s cannot {action}; ask an editor"


_PERMISSION = {"submit": "claim.submit", "check": "claim.check", "approve": "claim.approve",
               "reopen": "claim.reopen"}


def _gave_verdict(claim: Claim, actor: users.Actor) -> bool:
    """Whether this actor gave the claim's verdict: by id; names only for verdicts stored before
    ids were (legacy rows), compared with spaces collapsed and case folded."""
    if claim.verdict_by_id:
        return claim.verdict_by_id == actor.id
    return users.clean_name(claim.verdict_by).casefold() == users.clean_name(actor.name).casefold()


def transition(session: Session, *, claim_id: int, action: str, expected_version: int,
               actor: str) -> Claim:
    """Apply a workflow action (submit, check, approve, reopen) if its rules hold."""
    if action not in _PERMISSION:
        raise InvalidInput(f"Unknown action \u201c{text_rules.shown(action)}\u201d; use submit, check, "
                           "approve or reopen.")
    actor = users.require(session, actor, _PERMISSION[action])
    claim = require_claim(session, claim_id)
    check_version(session, claim, expected_version)
    move = next(m for m in possible_moves(session, claim, actor) if m.action == action)
    if move.refused:
        raise TransitionRefused(f"Cannot {action} claim #{claim.id}: {move.refused}.")
    before = audit.snapshot(claim)
    claim.status = move.target
    if action == "approve":
        claim.approved_by, claim.approved_by_id, claim.approved_at = actor, actor.id, utcnow()
    elif action == "reopen":
        claim.approved_by, claim.approved_by_id, claim.approved_at = None, None, None
    return save_claim(session, claim, actor, before, action=action)


def submit(session: Session, **kw) -> Claim:
    """Send a draft or reopened claim for review."""
    return transition(session, action="submit", **kw)


def mark_checked(session: Session, **kw) -> Claim:
    """Mark a claim checked: needs a verdict, a rationale and at least one citation."""
    return transition(session, action="check", **kw)


def approve(session: Session, **kw) -> Claim:
    """Approve a checked claim; the approver must not be who gave the verdict."""
    return transition(session, action="approve", **kw)


def reopen(session: Session, **kw) -> Claim:
    """Reopen a checked or approved claim for changes."""
    return transition(session, action="reopen", **kw)


def verdict_label(session: Session, claim: Claim) -> str | None:
    """The label of a claim's verdict, if it has one."""
    return _label(session, claim.rating_id)


__all__ = ["set_verdict", "transition", "possible_moves", "rating_scale", "find_rating", "add_rating",
           "submit", "mark_checked", "approve", "reopen", "verdict_label", "check_version"]
