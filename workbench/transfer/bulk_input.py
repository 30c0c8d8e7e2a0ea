"""What a bulk load takes (BulkArticle, BulkClaim, BulkCitation) and its validation into table rows,
by the rules of the single-item services (import_document, create_claim, add_citation, set_verdict)."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from db.tables import ClaimStatus, ClaimType, Origin, SourceType, Stance
from workbench import audit, review
from workbench.anchoring import anchor_span
from workbench.articles import body_sha256, check_body
from workbench.citations import FIELDS as CITATION_FIELDS
from workbench.citations import validate_fields as validated_citation
from workbench.citations import validate_url
from workbench.claims import clean_text, validate_type
from workbench.errors import (DuplicateArticle, ImportRefused, InvalidInput, NotFound,
                              TransitionRefused)

STATUSES = [s.value for s in ClaimStatus]
_ORIGINS = (Origin.manual.value, Origin.suggested.value)
_LOCATED_ERRORS = (InvalidInput, ImportRefused, NotFound, TransitionRefused)


@dataclass(frozen=True)
class BulkCitation:
    """One citation of a bulk-loaded claim (the fields of citations.add_citation)."""

    url: str
    title: str | None = None
    stance: str = Stance.supports.value
    source_type: str = SourceType.other.value
    quoted_passage: str | None = None
    published: date | str | None = None
    publisher: str | None = None
    author: str | None = None
    accessed: date | str | None = None
    note: str | None = None


@dataclass(frozen=True)
class BulkClaim:
    """One claim of a bulk-loaded article: body offsets [start, end), review state and citations.

    verdict is a label of the rating scale (any case); verdict_by and verdict_at default to the
    loading actor and now, approved_at to now. Datetimes must be timezone-aware."""

    start: int
    end: int
    text: str | None = None
    claimant: str | None = None
    claim_type: str = ClaimType.other.value
    status: str = ClaimStatus.draft.value
    verdict: str | None = None
    rationale: str | None = None
    verdict_by: str | None = None
    verdict_at: datetime | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    assignee: str | None = None
    origin: str = Origin.manual.value
    score: float | None = None
    citations: Sequence[BulkCitation] = ()


@dataclass(frozen=True)
class BulkArticle:
    """One article to load: its body and details (as articles.import_document takes) and claims."""

    body: str
    title: str | None = None
    source_url: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: date | str | None = None
    import_format: str = "text"
    claims: Sequence[BulkClaim] = ()


@contextmanager
def located(where: str) -> Iterator[None]:
    """Prefix a validation error's message with where in the input it happened."""
    try:
        yield
    except _LOCATED_ERRORS as exc:
        if isinstance(exc, DuplicateArticle):
            raise
        raise type(exc)(f"{where}: {exc}") from exc


def article_row(article: BulkArticle, actor: str, now: datetime) -> dict[str, Any]:
    """The article's row, checked as articles.import_document checks a document."""
    body = article.body
    check_body(body)
    title = (article.title or "").strip() or body.strip().splitlines()[0][:120]
    return {"title": title[:500], "body": body, "body_sha256": body_sha256(body),
            "source_url": validate_url(article.source_url) if article.source_url else None,
            "publisher": clean_text(article.publisher), "author": clean_text(article.author),
            "published": _date(article.published, "published"),
            "import_format": article.import_format, "revision": 1, "version": 1,
            "created_by": actor, "created_at": now, "updated_by": actor, "updated_at": now}


def _date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        raise InvalidInput(f"The {name} date \u201c{value}\u201d is not a date (use YYYY-MM-DD).") from None


def _aware(value: datetime | None, name: str) -> datetime | None:
    if value is not None and value.utcoffset() is None:
        raise InvalidInput(f"The {name} time {value.isoformat()} has no time zone; give it in UTC.")
    return value


def claim_row(session: Session, claim: BulkClaim, body: str, actor: str, now: datetime,
               ratings: dict[str, int]) -> dict[str, Any]:
    """The claim's row, checked as create_claim, set_verdict and the review moves check it."""
    anchor = anchor_span(body, claim.start, claim.end)
    if claim.origin not in _ORIGINS:
        raise InvalidInput(f"Unknown claim origin \u201c{claim.origin}\u201d.")
    if claim.status not in STATUSES:
        raise InvalidInput(f"\u201c{claim.status}\u201d is not a claim status; use one of: "
                           f"{', '.join(STATUSES)}.")
    rating_id = _rating_id(session, claim.verdict, ratings)
    rationale = (claim.rationale or "").strip() or None
    verdict_by = audit.require_actor(claim.verdict_by or actor) if rating_id else clean_text(claim.verdict_by)
    _check_workflow(claim, rating_id, rationale, verdict_by)
    approved = claim.status == ClaimStatus.approved.value
    return {"start": anchor.start, "end": anchor.end, "quote": anchor.quote, "prefix": anchor.prefix,
            "suffix": anchor.suffix, "orphaned": False,
            "text": clean_text(claim.text) or " ".join(anchor.quote.split()),
            "claimant": clean_text(claim.claimant), "claim_type": validate_type(claim.claim_type),
            "origin": claim.origin, "score": claim.score, "status": claim.status,
            "assignee": clean_text(claim.assignee), "rating_id": rating_id, "rationale": rationale,
            "verdict_by": verdict_by,
            "verdict_at": _aware(claim.verdict_at, "verdict") or (now if rating_id else None),
            "approved_by": clean_text(claim.approved_by) if approved else None,
            "approved_at": (_aware(claim.approved_at, "approval") or now) if approved else None,
            "version": 1, "created_by": actor, "created_at": now, "updated_by": actor,
            "updated_at": now}


def _rating_id(session: Session, label: str | None, ratings: dict[str, int]) -> int | None:
    if not (label or "").strip():
        return None
    found = ratings.get(label.strip().casefold())
    return found if found is not None else review.find_rating(session, label).id


def _check_workflow(claim: BulkClaim, rating_id: int | None, rationale: str | None,
                    verdict_by: str | None) -> None:
    """The rules review.possible_moves applies to check and approve, for a claim loaded as such."""
    if claim.status not in review.PUBLISHED_STATUSES:
        if claim.approved_by or claim.approved_at:
            raise InvalidInput(f"Only an approved claim has an approver; this one is {claim.status}.")
        return
    missing = [what for what, ok in (("a verdict", rating_id), ("a rationale", rationale),
                                     ("at least one citation", claim.citations)) if not ok]
    if missing:
        raise TransitionRefused(f"A {claim.status} claim needs " + ", ".join(missing) + ".")
    if claim.status == ClaimStatus.approved.value:
        check_approver(claim.approved_by, verdict_by)


def check_approver(approved_by: str | None, verdict_by: str | None) -> None:
    """Refuse an approval without an approver, or by the person who gave the verdict (review.approve's rule)."""
    approver = audit.require_actor(approved_by)
    if approver.casefold() == (verdict_by or "").casefold():
        raise TransitionRefused(f"{verdict_by} gave the verdict; approval must come from someone else.")


def citation_row(citation: BulkCitation, actor: str, now: datetime) -> dict[str, Any]:
    """The citation's row, checked as citations.add_citation checks one."""
    values = validated_citation({name: getattr(citation, name) for name in CITATION_FIELDS})
    if values["accessed"] is None:
        values["accessed"] = date.today()
    return values | {"version": 1, "created_by": actor, "created_at": now, "updated_by": actor,
                     "updated_at": now}
