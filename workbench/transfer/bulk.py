"""The one bulk writer: many articles with their claims, citations, revisions, suggestion decisions
and history inserted in batches, for bulk loads (bulk_load, below) and the JSON restore (backup)."""
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
                       Origin, SourceType, Stance, SuggestionDecision, utcnow)
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
# Audit change fields that hold ids, and the kind of record they point at.
_ID_FIELDS = {"article_id": "article", "claim_id": "claim", "rating_id": "rating",
              "merged_into": "claim", "orphaned_claims": "claim"}


# --- the writer ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SkippedArticle:
    """An input article not written because its body is already an article's body.

    index is the article's key in the input: its position in a bulk load, its id in a backup."""

    index: int
    title: str
    duplicate_of: int


@dataclass
class ArticleRows:
    """One input article as validated column values, waiting for database ids.

    References between the rows use the input's own ids: key for the article, an "id" in a claim
    or citation row (a restore's; a bulk load's rows have none), claim_id in a suggestion decision,
    and the ids of history events; the writer maps them to the new ids."""

    key: int
    article: dict[str, Any]
    claims: list[dict[str, Any]]
    citations: list[list[dict[str, Any]]]  # those of each claim, in order
    revisions: list[dict[str, Any]]
    decisions: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class IdMaps:
    """The new id of each input record that had an id, by kind (ratings are filled by the caller)."""

    articles: dict[int, int] = field(default_factory=dict)
    claims: dict[int, int] = field(default_factory=dict)
    citations: dict[int, int] = field(default_factory=dict)
    ratings: dict[int, int] = field(default_factory=dict)


class BulkWriter:
    """Inserts articles given as ArticleRows in batches with executemany INSERTs (RETURNING ids
    where the dialect can, one INSERT per row elsewhere), skips bodies already stored or given
    earlier, and maps the input's ids to the new ones; nothing is committed."""

    def __init__(self, session: Session, *, on_duplicate: Literal["skip", "error"] = "skip") -> None:
        if on_duplicate not in ("skip", "error"):
            raise InvalidInput(f"on_duplicate must be \u201cskip\u201d or \u201cerror\u201d, not {on_duplicate!r}.")
        self.session = session
        self.on_duplicate = on_duplicate
        self.ids = IdMaps()
        self.skipped: list[SkippedArticle] = []
        self.written: Counter[str] = Counter()  # rows inserted, by table name
        self._seen: dict[str, int] = {}  # body digest -> article id

    def write(self, batch: list[ArticleRows],
              prepare: Callable[[ArticleRows], None] | None = None) -> None:
        """Insert one batch; prepare(rows) is called for each article about to be inserted."""
        fresh, duplicates = self._split(batch)
        for rows in fresh if prepare else ():
            prepare(rows)
        self._insert(fresh)
        for rows in duplicates:  # their bodies are in _seen by now
            existing = self._seen[rows.article["body_sha256"]]
            if self.on_duplicate == "error":
                raise DuplicateArticle(f"Article {rows.key}: this text was already imported as "
                                       f"article #{existing}.", existing)
            self.skipped.append(SkippedArticle(rows.key, rows.article["title"], existing))

    def _split(self, batch: list[ArticleRows]) -> tuple[list[ArticleRows], list[ArticleRows]]:
        """Split a batch into the articles to insert and those whose body is already stored,
        written earlier, or given earlier in the batch."""
        digests = [rows.article["body_sha256"] for rows in batch]
        self._seen.update(self.session.exec(select(Article.body_sha256, Article.id)
                                            .where(col(Article.body_sha256).in_(digests))).all())
        fresh: dict[str, ArticleRows] = {}
        duplicates = []
        for rows in batch:
            digest = rows.article["body_sha256"]
            if digest in self._seen or digest in fresh:
                duplicates.append(rows)
            else:
                fresh[digest] = rows
        return list(fresh.values()), duplicates

    def _insert(self, batch: list[ArticleRows]) -> None:
        if not batch:
            return
        article_ids = self._insert_rows(Article.__table__, [rows.article for rows in batch], self.ids.articles,
                                        [rows.key for rows in batch])
        claim_rows, revisions, decisions = [], [], []
        for rows, article_id in zip(batch, article_ids, strict=True):
            self._seen[rows.article["body_sha256"]] = article_id
            revisions.extend(row | {"article_id": article_id} for row in rows.revisions)
            for row in rows.claims:
                row["article_id"] = article_id
            claim_rows.extend(rows.claims)
        claim_ids = iter(self._insert_rows(Claim.__table__, claim_rows, self.ids.claims))
        citation_rows = [row | {"claim_id": claim_id}
                         for rows in batch for claim_citations, claim_id in zip(rows.citations, claim_ids)
                         for row in claim_citations]
        # A bulk load's citations carry no input ids, and nothing needs their new ids.
        has_ids = bool(citation_rows) and "id" in citation_rows[0]
        self._insert_rows(Citation.__table__, citation_rows, self.ids.citations if has_ids else None)
        self._insert_rows(ArticleRevision.__table__, revisions)
        for rows, article_id in zip(batch, article_ids, strict=True):
            decisions.extend(row | {"article_id": article_id,
                                    "claim_id": _mapped(self.ids.claims, row.get("claim_id"))}
                             for row in rows.decisions)
        self._insert_rows(SuggestionDecision.__table__, decisions)
        self._insert_rows(AuditEvent.__table__, [self._remapped(event) for rows in batch for event in rows.history])

    def _insert_rows(self, table: Table, rows: list[dict[str, Any]], ids: dict[int, int] | None = None,
                     keys: list[int] | None = None) -> list[int]:
        """Insert rows; where ids is given, return the new ids in the order of the rows and map the
        input's ids (keys, or each row's "id") to them."""
        self.written[table.name] += len(rows)
        if not rows:  # an executemany with no rows would run the INSERT once with no values
            return []
        if keys is None and rows[0].get("id") is not None:
            keys = [row.pop("id") for row in rows]
        if ids is None:
            self.session.execute(insert(table), rows)
            return []
        new_ids = _insert_returning_ids(self.session, table, rows)
        ids.update(zip(keys or (), new_ids))
        return new_ids

    def _remapped(self, event: dict[str, Any]) -> dict[str, Any]:
        """A history event of the input with its ids replaced by the new ones."""
        maps = {"article": self.ids.articles, "claim": self.ids.claims, "verdict": self.ids.claims,
                "citation": self.ids.citations, "rating": self.ids.ratings}
        own = maps.get(event["entity"], {})
        changes = {key: _remap_ids(value, own if key == "id" else maps.get(_ID_FIELDS.get(key, "")))
                   for key, value in event["changes"].items()}
        return event | {"entity_id": _mapped(own, event["entity_id"]),
                        "article_id": _mapped(self.ids.articles, event["article_id"]),
                        "claim_id": _mapped(self.ids.claims, event["claim_id"]), "changes": changes}


def _remap_ids(value: Any, mapping: dict[int, int] | None) -> Any:
    if mapping is None:
        return value
    if isinstance(value, list):
        return [_remap_ids(v, mapping) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return _mapped(mapping, value)
    return value


def _mapped(mapping: dict[int, int], old: int | None) -> int | None:
    """The new id of a record; a record absent from the input (deleted) keeps its id negated, so
    that it never points at a record here."""
    if old is None or old <= 0:
        return old
    return mapping.get(old, -old)


def _insert_returning_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and return their new ids in the order of the rows."""
    if session.connection().dialect.insert_executemany_returning_sort_by_parameter_order:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.execute(statement, rows).scalars())
    return [session.execute(insert(table), row).inserted_primary_key[0] for row in rows]


# --- bulk_load: articles given as plain values ---------------------------------------------------

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


def bulk_load(session: Session, *, articles: Iterable[BulkArticle], actor: str,
              batch_size: int = DEFAULT_BATCH_SIZE, on_duplicate: Literal["skip", "error"] = "skip",
              progress: Callable[[int], None] | None = None) -> BulkReport:
    """Validate and insert many articles with their claims and citations; nothing is committed.

    Validation is that of the services (import_document, create_claim, add_citation, set_verdict and
    the check/approve rules), and errors are the services' error classes with the input position
    ("Article 3, claim 2: ..."). A body already stored, or given twice, is skipped and reported
    (on_duplicate="skip") or refused with DuplicateArticle ("error"). On any error, earlier batches
    are already flushed: the caller's rollback discards the whole load.

    Rows go in through BulkWriter, batch_size articles at a time. The audit trail gets one
    "create" event per article (_load_event). progress(n) is called after each batch with the
    number of input articles it handled."""
    actor = audit.require_actor(actor)
    if batch_size < 1:
        raise InvalidInput("The batch size must be at least 1.")
    writer = BulkWriter(session, on_duplicate=on_duplicate)
    ratings = {r.label.casefold(): r.id for r in review.rating_scale(session)}
    for index, batch in _batches(articles, batch_size):
        writer.write([_prepare(session, article, i, actor, ratings)
                      for i, article in enumerate(batch, start=index)])
        if progress is not None:
            progress(len(batch))
    return BulkReport(list(writer.ids.articles.values()), writer.written["claim"],
                      writer.written["citation"], writer.skipped)


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
             ratings: dict[str, int]) -> ArticleRows:
    now = utcnow()
    with _located(f"Article {index}"):
        row = _article_row(article, actor, now)
    claim_rows, citation_rows = [], []
    for n, claim in enumerate(article.claims, start=1):
        with _located(f"Article {index}, claim {n}"):
            claim_rows.append(_claim_row(session, claim, row["body"], actor, now, ratings))
            citation_rows.append([_citation_row(c, actor, now) for c in claim.citations])
    revision = {"revision": 1, "body": row["body"], "body_sha256": row["body_sha256"], "note": "imported",
                "created_by": actor, "created_at": now}
    return ArticleRows(index, row, claim_rows, citation_rows, [revision],
                       history=[_load_event(index, row, claim_rows, citation_rows, actor)])


def _load_event(key: int, article: dict[str, Any], claims: list[dict[str, Any]],
                citations: list[list[dict[str, Any]]], actor: str) -> dict[str, Any]:
    """The article's one "create" event: its details, body digest, claim counts by status and
    citation count (claims and citations get no events of their own, which keeps a
    100,000-claim load cheap while the history still says who loaded what)."""
    details = {k: [None, audit.plain(v)] for k, v in article.items() if k != "body"}
    statuses = Counter(c["status"] for c in claims)
    changes = details | {
        "id": [None, key],
        "body": [None, f"{len(article['body'])} characters, sha256 {article['body_sha256'][:12]}"],
        "claims": [None, dict(sorted(statuses.items()))],
        "citations": [None, sum(len(rows) for rows in citations)],
        "loaded": [None, "bulk load"]}
    return {"at": article["created_at"], "actor": actor, "entity": "article", "entity_id": key,
            "action": "create", "article_id": key, "claim_id": None, "version": 1, "changes": changes}


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



__all__ = ["ArticleRows", "BulkArticle", "BulkCitation", "BulkClaim", "BulkReport", "BulkWriter", "IdMaps",
           "SkippedArticle", "bulk_load"]
