"""The one bulk writer: many articles with their claims, citations, revisions, suggestion decisions
and history inserted in batches, for bulk loads (bulk_load, below) and the JSON restore (backup)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Literal

from sqlalchemy import Table, insert
from sqlmodel import Session, col, select

from db.tables import (Article, ArticleRevision, AuditEvent, Citation, Claim, ClaimNote, SourceArchive,
                       SuggestionDecision, utcnow)
from workbench import audit, review
from workbench.errors import DuplicateArticle, InvalidInput
from workbench.transfer.bulk_input import (BulkArticle, BulkCitation, BulkClaim, article_row, citation_row,
                                           claim_row, located)

DEFAULT_BATCH_SIZE = 500
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
    archives: list[dict[str, Any]] = field(default_factory=list)  # citation_id: the input's citation id
    notes: list[dict[str, Any]] = field(default_factory=list)  # claim_id: the input's claim id


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
        # The id map for each kind of record a history event names (entity, or an id field).
        self._maps = {"article": self.ids.articles, "claim": self.ids.claims, "verdict": self.ids.claims,
                      "citation": self.ids.citations, "rating": self.ids.ratings}

    def write(self, batch: list[ArticleRows],
              prepare: Callable[[ArticleRows], None] | None = None) -> None:
        """Insert one batch (its rows are used up); prepare(rows) is called for each article about
        to be inserted, and duplicates are skipped and reported, or refused (on_duplicate)."""
        fresh, duplicates = self._split(batch)
        if prepare is not None:
            for rows in fresh:
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
        article_ids = self._insert_mapped(Article.__table__, [rows.article for rows in batch],
                                          self.ids.articles, keys=[rows.key for rows in batch])
        claim_rows, revisions, decisions = [], [], []
        for rows, article_id in zip(batch, article_ids, strict=True):
            self._seen[rows.article["body_sha256"]] = article_id
            revisions.extend(row | {"article_id": article_id} for row in rows.revisions)
            for row in rows.claims:
                row["article_id"] = article_id
            claim_rows.extend(rows.claims)
        claim_ids = iter(self._insert_mapped(Claim.__table__, claim_rows, self.ids.claims))
        citation_rows = [row | {"claim_id": claim_id}
                         for rows in batch for claim_citations, claim_id in zip(rows.citations, claim_ids)
                         for row in claim_citations]
        if citation_rows and "id" in citation_rows[0]:
            self._insert_mapped(Citation.__table__, citation_rows, self.ids.citations)
        else:  # a bulk load's citations: nothing needs their new ids, and RETURNING costs time
            self._insert_plain(Citation.__table__, citation_rows)
        self._insert_plain(SourceArchive.__table__, [
            row | {"citation_id": self.ids.citations[row["citation_id"]]} for rows in batch for row in rows.archives])
        self._insert_plain(ClaimNote.__table__, [
            row | {"claim_id": self.ids.claims[row["claim_id"]]} for rows in batch for row in rows.notes])
        self._insert_plain(ArticleRevision.__table__, revisions)
        for rows, article_id in zip(batch, article_ids, strict=True):
            decisions.extend(row | {"article_id": article_id,
                                    "claim_id": _mapped(self.ids.claims, row.get("claim_id"))}
                             for row in rows.decisions)
        self._insert_plain(SuggestionDecision.__table__, decisions)
        self._insert_plain(AuditEvent.__table__, [self._remapped(event) for rows in batch for event in rows.history])

    def _insert_plain(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert rows with one executemany."""
        self.written[table.name] += len(rows)
        if rows:  # an executemany with no rows would run the INSERT once with no values
            self.session.execute(insert(table), _uniform(table, rows))

    def _insert_mapped(self, table: Table, rows: list[dict[str, Any]], ids: dict[int, int],
                       keys: list[int] | None = None) -> list[int]:
        """Insert rows, return their new ids in the order of the rows, and record in ids the new id
        of each input id (keys, or each row's "id" where the rows have one)."""
        self.written[table.name] += len(rows)
        if not rows:
            return []
        if keys is None and "id" in rows[0]:
            keys = [row.pop("id") for row in rows]
        new_ids = _insert_returning_ids(self.session, table, _uniform(table, rows))
        if keys is not None:
            ids.update(zip(keys, new_ids, strict=True))
        return new_ids

    def _remapped(self, event: dict[str, Any]) -> dict[str, Any]:
        """A history event of the input with its ids replaced by the new ones."""
        own = self._maps.get(event["entity"], {})
        changes = {key: _remap_ids(value, own if key == "id" else self._maps.get(_ID_FIELDS.get(key, "")))
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


def _uniform(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with the same keys, as one executemany needs: a nullable column that some rows lack
    (a backup written before the column existed, next to new history events) becomes None."""
    keys = set().union(*rows)
    missing = {k for k in keys if any(k not in row for row in rows) and table.c[k].nullable}
    if not missing:
        return rows
    return [{k: None for k in missing} | row for row in rows]


def _insert_returning_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and return their new ids in the order of the rows."""
    if session.connection().dialect.insert_executemany_returning_sort_by_parameter_order:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.execute(statement, rows).scalars())
    return [session.execute(insert(table), row).inserted_primary_key[0] for row in rows]


# --- bulk_load: articles given as plain values ---------------------------------------------------

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


def _prepare(session: Session, article: BulkArticle, index: int, actor: str,
             ratings: dict[str, int]) -> ArticleRows:
    now = utcnow()
    with located(f"Article {index}"):
        row = article_row(article, actor, now)
    claim_rows, citation_rows = [], []
    for n, claim in enumerate(article.claims, start=1):
        with located(f"Article {index}, claim {n}"):
            claim_rows.append(claim_row(session, claim, row["body"], actor, now, ratings))
            citation_rows.append([citation_row(c, actor, now) for c in claim.citations])
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



__all__ = ["ArticleRows", "BulkArticle", "BulkCitation", "BulkClaim", "BulkReport", "BulkWriter", "IdMaps",
           "SkippedArticle", "bulk_load"]
