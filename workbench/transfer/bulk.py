"""Bulk loading: many articles with their claims and citations at once, for desks migrating an
archive and for benchmarks, validated like the single-item services but inserted in batches."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any, Literal

from sqlalchemy import Table, insert
from sqlmodel import Session, col, select

from db.tables import (Article, ArticleRevision, AuditEvent, Citation, Claim, ClaimStatus, ClaimType,
                       Origin, SourceType, Stance, utcnow)
from workbench import audit, review
from workbench.anchoring import anchor_span
from workbench.articles import body_sha256, check_body
from workbench.citations import FIELDS as CITATION_FIELDS
from workbench.citations import validate_fields as validated_citation
from workbench.citations import validate_url
from workbench.claims import clean_text, validate_type
from workbench.errors import (DuplicateArticle, ImportRefused, InvalidInput, NotFound,
                              TransitionRefused)

DEFAULT_BATCH_SIZE = 500
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


@dataclass(frozen=True)
class SkippedArticle:
    """An input article not loaded because its body is already an article's body."""

    index: int
    title: str
    duplicate_of: int


@dataclass
class BulkReport:
    """What bulk_load did: the new article ids in input order, counts, and the skipped duplicates."""

    article_ids: list[int] = field(default_factory=list)
    claims: int = 0
    citations: int = 0
    skipped: list[SkippedArticle] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return len(self.article_ids)


@dataclass
class _Prepared:
    """An input article turned into validated rows, waiting for its database ids."""

    index: int
    article: dict[str, Any]
    claims: list[dict[str, Any]]
    citations: list[list[dict[str, Any]]]


def bulk_load(session: Session, *, articles: Iterable[BulkArticle], actor: str,
              batch_size: int = DEFAULT_BATCH_SIZE, on_duplicate: Literal["skip", "error"] = "skip",
              progress: Callable[[int], None] | None = None) -> BulkReport:
    """Validate and insert many articles with their claims and citations; nothing is committed.

    Validation is that of the services (import_document, create_claim, add_citation, set_verdict and
    the check/approve rules), and errors are the services' error classes with the input position
    ("Article 3, claim 2: ..."). A body already stored, or given twice, is skipped and reported
    (on_duplicate="skip") or refused with DuplicateArticle ("error"). On any error, earlier batches
    are already flushed: the caller's rollback discards the whole load.

    Rows go in with executemany INSERTs of batch_size articles (RETURNING ids where the dialect
    can, one INSERT per row elsewhere). The audit trail gets one "create" event per article,
    with its details, body digest and its claim counts by status and citation count; claims and
    citations get no events of their own, which keeps a 100,000-claim load cheap while the
    article's history still says who loaded what. progress(n) is called after each batch with
    the number of input articles it handled."""
    actor = audit.require_actor(actor)
    if batch_size < 1:
        raise InvalidInput("The batch size must be at least 1.")
    if on_duplicate not in ("skip", "error"):
        raise InvalidInput(f"on_duplicate must be \u201cskip\u201d or \u201cerror\u201d, not {on_duplicate!r}.")
    report = BulkReport()
    ratings = {r.label.casefold(): r.id for r in review.rating_scale(session)}
    seen: dict[str, int] = {}
    for index, batch in _batches(articles, batch_size):
        prepared = [_prepare(session, article, i, actor, ratings)
                    for i, article in enumerate(batch, start=index)]
        fresh, duplicates = _drop_duplicates(session, prepared, seen)
        _insert_batch(session, fresh, actor, report, seen)
        _report_duplicates(duplicates, seen, report, on_duplicate)
        if progress is not None:
            progress(len(batch))
    return report


def _batches(items: Iterable[BulkArticle], size: int) -> Iterator[tuple[int, list[BulkArticle]]]:
    iterator, index = iter(items), 1
    while batch := list(islice(iterator, size)):
        yield index, batch
        index += len(batch)


@contextmanager
def _located(where: str) -> Iterator[None]:
    """Prefix a validation error's message with where in the input it happened."""
    try:
        yield
    except _LOCATED_ERRORS as exc:
        if isinstance(exc, DuplicateArticle):
            raise
        raise type(exc)(f"{where}: {exc}") from exc


# --- validation ----------------------------------------------------------------------------------

def _prepare(session: Session, article: BulkArticle, index: int, actor: str,
             ratings: dict[str, int]) -> _Prepared:
    now = utcnow()
    with _located(f"Article {index}"):
        row = _article_row(article, actor, now)
    claim_rows, citation_rows = [], []
    for n, claim in enumerate(article.claims, start=1):
        with _located(f"Article {index}, claim {n}"):
            claim_rows.append(_claim_row(session, claim, row["body"], actor, now, ratings))
            citation_rows.append([_citation_row(c, actor, now) for c in claim.citations])
    return _Prepared(index, row, claim_rows, citation_rows)


def _article_row(article: BulkArticle, actor: str, now: datetime) -> dict[str, Any]:
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


def _claim_row(session: Session, claim: BulkClaim, body: str, actor: str, now: datetime,
               ratings: dict[str, int]) -> dict[str, Any]:
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
        approver = audit.require_actor(claim.approved_by)
        if approver.casefold() == (verdict_by or "").casefold():
            raise TransitionRefused(f"{verdict_by} gave the verdict; approval must come from someone else.")


def _citation_row(citation: BulkCitation, actor: str, now: datetime) -> dict[str, Any]:
    values = validated_citation({name: getattr(citation, name) for name in CITATION_FIELDS})
    if values["accessed"] is None:
        values["accessed"] = date.today()
    return values | {"version": 1, "created_by": actor, "created_at": now, "updated_by": actor,
                     "updated_at": now}


# --- duplicates ----------------------------------------------------------------------------------

def _drop_duplicates(session: Session, prepared: list[_Prepared], seen: dict[str, int],
                     ) -> tuple[list[_Prepared], list[_Prepared]]:
    """Split a batch into the articles to insert and those whose body is already stored, loaded
    earlier, or given earlier in the batch."""
    digests = [p.article["body_sha256"] for p in prepared]
    stored = dict(session.exec(select(Article.body_sha256, Article.id)
                               .where(col(Article.body_sha256).in_(digests))).all())
    seen.update(stored)
    fresh: dict[str, _Prepared] = {}
    duplicates = []
    for p in prepared:
        digest = p.article["body_sha256"]
        if digest in seen or digest in fresh:
            duplicates.append(p)
        else:
            fresh[digest] = p
    return list(fresh.values()), duplicates


def _report_duplicates(duplicates: list[_Prepared], seen: dict[str, int], report: BulkReport,
                       on_duplicate: str) -> None:
    """Record skipped duplicates (their bodies are in `seen` by now), or refuse the first one."""
    for p in duplicates:
        existing = seen[p.article["body_sha256"]]
        if on_duplicate == "error":
            raise DuplicateArticle(f"Article {p.index}: this text was already imported as article "
                                   f"#{existing}.", existing)
        report.skipped.append(SkippedArticle(p.index, p.article["title"], existing))


# --- inserts -------------------------------------------------------------------------------------

def _insert_batch(session: Session, batch: list[_Prepared], actor: str, report: BulkReport,
                  seen: dict[str, int]) -> None:
    if not batch:
        return
    article_ids = _insert_returning_ids(session, Article.__table__, [p.article for p in batch])
    claim_rows = []
    for p, article_id in zip(batch, article_ids, strict=True):
        for row in p.claims:
            row["article_id"] = article_id
        claim_rows.extend(p.claims)
    claim_ids = iter(_insert_returning_ids(session, Claim.__table__, claim_rows))
    citation_rows = []
    for p in batch:
        for rows in p.citations:
            claim_id = next(claim_ids)
            citation_rows.extend(row | {"claim_id": claim_id} for row in rows)
    _insert(session, Citation.__table__, citation_rows)
    _insert(session, ArticleRevision.__table__, [_revision_row(p, i) for p, i in zip(batch, article_ids, strict=True)])
    _insert(session, AuditEvent.__table__, [_audit_row(p, i, actor) for p, i in zip(batch, article_ids, strict=True)])
    for p, article_id in zip(batch, article_ids, strict=True):
        seen[p.article["body_sha256"]] = article_id
    report.article_ids.extend(article_ids)
    report.claims += len(claim_rows)
    report.citations += len(citation_rows)


def _insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:  # an executemany with no rows would run the INSERT once with no values
        session.execute(insert(table), rows)


def _insert_returning_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and return their new ids in the order of the rows."""
    if not rows:
        return []
    if session.connection().dialect.insert_executemany_returning_sort_by_parameter_order:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.execute(statement, rows).scalars())
    return [session.execute(insert(table), row).inserted_primary_key[0] for row in rows]


def _revision_row(p: _Prepared, article_id: int) -> dict[str, Any]:
    a = p.article
    return {"article_id": article_id, "revision": 1, "body": a["body"], "body_sha256": a["body_sha256"],
            "note": "imported", "created_by": a["created_by"], "created_at": a["created_at"]}


def _audit_row(p: _Prepared, article_id: int, actor: str) -> dict[str, Any]:
    a = p.article
    details = {k: [None, audit.plain(v)] for k, v in a.items() if k != "body"}
    statuses = Counter(c["status"] for c in p.claims)
    changes = details | {
        "id": [None, article_id],
        "body": [None, f"{len(a['body'])} characters, sha256 {a['body_sha256'][:12]}"],
        "claims": [None, dict(sorted(statuses.items()))],
        "citations": [None, sum(len(rows) for rows in p.citations)],
        "loaded": [None, "bulk load"]}
    return {"at": a["created_at"], "actor": actor, "entity": "article", "entity_id": article_id,
            "action": "create", "article_id": article_id, "claim_id": None, "version": 1,
            "changes": changes}


__all__ = ["BulkArticle", "BulkCitation", "BulkClaim", "BulkReport", "SkippedArticle", "bulk_load"]
