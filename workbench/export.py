"""What leaves the workbench: a CSV of claims, ClaimReview JSON-LD, and a JSON backup that
another instance can import."""
from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from sqlalchemy import (JSON, Boolean, Date, DateTime, Float, Integer, Select, String, TypeDecorator,
                        func, insert, select, true, type_coerce)
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from db.models import (Article, ArticleRevision, AuditEvent, Citation, Claim, ClaimStatus, ClaimType,
                       Origin, Rating, SourceType, Stance, SuggestionDecision)
from workbench import audit, review
from workbench.articles import body_sha256, find_by_body
from workbench.errors import ImportRefused

CSV_COLUMNS = ["article_title", "article_url", "claim_id", "claim", "quote", "start", "end",
               "claimant", "claim_type", "status", "verdict", "rating_value", "rationale",
               "citation_count", "citation_urls", "reviewer", "reviewed_at", "approver",
               "approved_at"]
_TEXT_COLUMNS = ["article_title", "article_url", "claim", "quote", "claimant", "claim_type", "status",
                 "verdict", "rationale", "citation_urls", "reviewer", "approver"]
_DATETIME_COLUMNS = ["reviewed_at", "approved_at"]
_ARROW_TYPES = {name: pa.large_string() for name in _TEXT_COLUMNS} | {
    name: pa.int64() for name in ("claim_id", "start", "end", "rating_value", "citation_count",
                                  "article_id", "rating_id")}
# OWASP "CSV injection": a spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = r"^[=+\-@\t\r]"
PUBLISHED_STATUSES = (ClaimStatus.checked.value, ClaimStatus.approved.value)
DESK_NAME_ENV = "WORKBENCH_DESK_NAME"
DEFAULT_DESK_NAME = "Claim Workbench desk"
BACKUP_FORMAT = "claim-workbench-backup"
BACKUP_VERSION = 1


# --- CSV -----------------------------------------------------------------------------------------

def _claim_filters(*, include_all: bool = False, article_id: int | None = None,
                   statuses: Iterable[str] | None = None, verdicts: Iterable[str] | None = None,
                   claimant: str | None = None, date_from: date | None = None,
                   date_to: date | None = None) -> list[ColumnElement[bool]]:
    """WHERE conditions on claim, article and rating for the export filters."""
    conditions: list[ColumnElement[bool]] = []
    if statuses is not None:
        conditions.append(col(Claim.status).in_(list(statuses)))
    elif not include_all:
        conditions.append(col(Claim.status).in_(PUBLISHED_STATUSES))
    if article_id is not None:
        conditions.append(Claim.article_id == article_id)
    if verdicts is not None:
        conditions.append(func.lower(Rating.label).in_([v.lower() for v in verdicts]))
    if claimant and claimant.strip():
        conditions.append(col(Claim.claimant).icontains(claimant.strip(), autoescape=True))
    reviewed = func.coalesce(Claim.approved_at, Claim.verdict_at)
    if date_from is not None:
        conditions.append(reviewed >= _day_start(date_from))
    if date_to is not None:
        conditions.append(reviewed < _day_start(date_to) + timedelta(days=1))
    return conditions or [true()]


def _day_start(day: date) -> datetime:
    day = day.date() if isinstance(day, datetime) else day
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def claims_frame(session: Session, *, include_all: bool = False, article_id: int | None = None,
                 statuses: Iterable[str] | None = None, verdicts: Iterable[str] | None = None,
                 claimant: str | None = None, date_from: date | None = None,
                 date_to: date | None = None) -> pd.DataFrame:
    """One row per claim with its article, verdict and citations, in the CSV_COLUMNS order.

    By default only checked and approved claims; include_all gives every claim, statuses a chosen
    set. verdicts are rating labels (any case); claimant matches part of the name (any case);
    date_from and date_to (inclusive, UTC days) bound the review date: approval, else verdict.
    Rows come by article, then in reading order. citation_urls holds a claim's citation URLs
    separated by single spaces, in the order they were added (a citation URL cannot contain a
    space). reviewed_at and approved_at are UTC timestamps. Text cells are as stored: formulas
    are neutralised only in the CSV (see export_claims_csv)."""
    conditions = _claim_filters(include_all=include_all, article_id=article_id, statuses=statuses,
                                verdicts=verdicts, claimant=claimant, date_from=date_from,
                                date_to=date_to)
    table = _claims_table(session, conditions, join_rating=verdicts is not None)
    frame = table.select(CSV_COLUMNS).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    for name in _DATETIME_COLUMNS:
        frame[name] = pd.to_datetime(frame[name], utc=True, format="ISO8601")
    return frame


def _claims_table(session: Session, conditions: list[ColumnElement[bool]], *,
                  join_rating: bool) -> pa.Table:
    """The export rows as an Arrow table, from four set-based queries matched up in Arrow.

    Articles and ratings are fetched once each rather than once per claim (a third of the fetch
    time on 100,000 claims), and the rows are sorted in Arrow rather than by SQLite, which would
    sort the wide rows in a temporary B-tree."""
    claims = _fetch_table(session, _selected(select(
        col(Claim.id).label("claim_id"), Claim.text.label("claim"), Claim.quote, Claim.start,
        Claim.end, Claim.claimant, Claim.claim_type, Claim.status, Claim.rationale,
        Claim.verdict_by.label("reviewer"),
        # Times come untyped (SQLite: the stored text) and pandas parses them in one go: the
        # ORM's per-value conversion costs more than the query.
        type_coerce(Claim.verdict_at, String).label("reviewed_at"),
        Claim.approved_by.label("approver"), type_coerce(Claim.approved_at, String).label("approved_at"),
        Claim.article_id, Claim.rating_id), conditions, join_rating))
    articles = _fetch_table(session, select(
        col(Article.id).label("article_id"), Article.title.label("article_title"),
        Article.source_url.label("article_url"),
    ).where(col(Article.id).in_(_selected(select(Claim.article_id), conditions, join_rating))))
    ratings = _fetch_table(session, select(col(Rating.id).label("rating_id"),
                                           Rating.label.label("verdict"), Rating.rating_value))
    citations = _fetch_table(session, select(
        Citation.claim_id, func.count().label("citation_count"),
        _citation_urls(session).label("citation_urls"),
    ).where(col(Citation.claim_id).in_(_selected(select(Claim.id), conditions, join_rating)))
     .group_by(Citation.claim_id))
    for other, key in ((articles, "article_id"), (ratings, "rating_id"), (citations, "claim_id")):
        found = pc.index_in(claims[key], value_set=other[key])
        for name in other.column_names:
            if name != key:
                claims = claims.append_column(name, other[name].take(found))
    claims = claims.set_column(claims.schema.get_field_index("citation_count"), "citation_count",
                               pc.fill_null(claims["citation_count"], 0))
    return claims.sort_by([("article_id", "ascending"), ("start", "ascending"),
                           ("end", "ascending"), ("claim_id", "ascending")])


def _selected(query: Select, conditions: list[ColumnElement[bool]], join_rating: bool) -> Select:
    """A query on claims restricted to the export filters (which may need the claim's rating)."""
    if join_rating:
        query = query.outerjoin(Rating, Rating.id == Claim.rating_id)
    return query.where(*conditions)


def _citation_urls(session: Session) -> Any:
    """The aggregate of a claim's citation URLs, space-separated, in the order they were added."""
    urls = func.aggregate_strings(Citation.url, " ")
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite" or (dialect.server_version_info or (0,)) >= (3, 44):
        return urls.aggregate_order_by(Citation.id)
    # Older SQLite cannot order inside group_concat; it walks ix_citation_claim_id for the
    # citations query, so each claim's citations still arrive in id order.
    return urls


def _fetch_table(session: Session, query: Select) -> pa.Table:
    """The rows of a query as an Arrow table, typed from _ARROW_TYPES (times by backend)."""
    result = session.connection().execute(query)
    try:
        names = list(result.keys())
        # Plain DB-API tuples, without SQLAlchemy's Row objects: the columns need no conversion.
        rows = result.cursor.fetchall()
    finally:
        result.close()
    times = (pa.large_string() if session.get_bind().dialect.name == "sqlite"
             else pa.timestamp("us", tz="UTC"))
    struct = pa.struct([pa.field(name, _ARROW_TYPES.get(name, times)) for name in names])
    # One C++ pass over the row tuples; much faster than pandas' row-wise constructor.
    return pa.Table.from_struct_array(pa.array(rows, type=struct))


def neutralise_formulas(frame: pd.DataFrame, columns: Iterable[str] = _TEXT_COLUMNS) -> pd.DataFrame:
    """A copy where text cells a spreadsheet would run as a formula start with a single quote."""
    out = frame.copy()
    for name in columns:
        values = out[name].astype("str")
        risky = values.str.contains(_FORMULA_START, regex=True).fillna(False).astype(bool)
        if risky.any():
            out[name] = values.mask(risky, "'" + values)
    return out


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    # pandas' to_csv formats row by row in Python, about 20 times slower than Arrow's writer:
    # too slow for the budget of twice sqlite3's own CSV output on 100,000 claims.
    table = pa.Table.from_pandas(neutralise_formulas(frame), preserve_index=False)
    for name in _DATETIME_COLUMNS:
        seconds = table[name].cast(pa.timestamp("s", tz="UTC"), safe=False)
        table = table.set_column(table.schema.get_field_index(name), name, seconds)
    buffer = io.BytesIO()
    pa_csv.write_csv(table, buffer)
    return buffer.getvalue()


def export_claims_csv(session: Session, **filters: Any) -> bytes:
    """The claims as CSV bytes: UTF-8 without BOM, "\\n" line ends, every text value quoted.

    Takes the filters of claims_frame. Text cells starting with =, +, -, @, tab or carriage
    return get a leading single quote (OWASP); numbers stay numbers; an empty cell is a missing
    value, "" an empty text; times are UTC, to the second, as 2026-01-31 09:30:00Z (ISO 8601)."""
    return _csv_bytes(claims_frame(session, **filters))


def export_claims_csv_to(path_or_file: str | os.PathLike | IO, session: Session,
                         **filters: Any) -> int:
    """Write the claims CSV to a path or an open file (binary or text); returns the row count."""
    frame = claims_frame(session, **filters)
    data = _csv_bytes(frame)
    if isinstance(path_or_file, (str, os.PathLike)):
        Path(path_or_file).write_bytes(data)
    elif isinstance(path_or_file, io.TextIOBase):
        path_or_file.write(data.decode("utf-8"))
    else:
        path_or_file.write(data)
    return len(frame)


# --- ClaimReview ---------------------------------------------------------------------------------

def _iso_date(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _with_anchor(url: str, anchor: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=anchor))


def default_desk_name() -> str:
    """The fact-checking desk named as ClaimReview author: $WORKBENCH_DESK_NAME, else a stock name."""
    return os.environ.get(DESK_NAME_ENV, "").strip() or DEFAULT_DESK_NAME


def claimreview_items(session: Session, *, desk_name: str | None = None, desk_url: str | None = None,
                      article_id: int | None = None,
                      claim_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """schema.org ClaimReview objects for the checked and approved claims that have a verdict.

    desk_name defaults to $WORKBENCH_DESK_NAME, else "Claim Workbench desk". Each review's url is
    the article URL with the anchor #claim-<id> (desk_url with that anchor when the article has
    no URL; no url at all when neither is known). ratingValue, bestRating and worstRating are
    given only for labels with a value on the 1-5 scale (not Misleading, Unproven, ...)."""
    desk_name = (desk_name or "").strip() or default_desk_name()
    desk: dict[str, Any] = {"@type": "Organization", "name": desk_name}
    if desk_url:
        desk["url"] = desk_url
    query = (select(Claim, Article, Rating).join(Article, Article.id == Claim.article_id)
             .join(Rating, Rating.id == Claim.rating_id)
             .where(col(Claim.status).in_(PUBLISHED_STATUSES))
             .order_by(Claim.article_id, Claim.start, Claim.end, Claim.id))
    if article_id is not None:
        query = query.where(Claim.article_id == article_id)
    if claim_ids is not None:
        query = query.where(col(Claim.id).in_(list(claim_ids)))
    items = []
    for claim, article, rating in session.exec(query):
        anchor = f"claim-{claim.id}"
        item: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
        if article.source_url:
            item["url"] = _with_anchor(article.source_url, anchor)
        elif desk_url:
            item["url"] = _with_anchor(desk_url, anchor)
        item["claimReviewed"] = claim.text
        published = _iso_date(claim.approved_at or claim.verdict_at)
        if published:
            item["datePublished"] = published
        item["author"] = dict(desk)
        item["itemReviewed"] = _reviewed_claim(claim, article)
        item["reviewRating"] = _review_rating(rating)
        items.append(item)
    return items


def _reviewed_claim(claim: Claim, article: Article) -> dict[str, Any]:
    reviewed: dict[str, Any] = {"@type": "Claim"}
    # The claimant may be a person or a body; without one, the claim is the article's own.
    if claim.claimant:
        reviewed["author"] = {"@type": "Person", "name": claim.claimant}
    elif article.publisher:
        reviewed["author"] = {"@type": "Organization", "name": article.publisher}
    elif article.author:
        reviewed["author"] = {"@type": "Person", "name": article.author}
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": article.title}
    if article.source_url:
        appearance["url"] = article.source_url
    if article.published:
        appearance["datePublished"] = article.published.isoformat()
    reviewed["appearance"] = appearance
    if article.published:
        reviewed["datePublished"] = article.published.isoformat()
    return reviewed


def _review_rating(rating: Rating) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "Rating", "alternateName": rating.alternate_name or rating.label}
    if rating.rating_value is not None:
        out |= {"ratingValue": rating.rating_value, "bestRating": 5, "worstRating": 1}
    return out


def export_claimreview(session: Session, **options: Any) -> str:
    """The ClaimReview JSON-LD as text: always a JSON array of ClaimReview objects (maybe empty).

    Takes the options of claimreview_items; non-ASCII text is kept as is (UTF-8)."""
    return json.dumps(claimreview_items(session, **options), ensure_ascii=False, indent=2)


# --- JSON backup ---------------------------------------------------------------------------------

def export_backup(session: Session, *, article_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Whole articles (all of them, or these ids) as a JSON-safe dict another instance can import.

    Each article carries its revisions, claims with their citations, suggestion decisions and
    audit history; the rating labels they use come once, at the top. Dates are ISO strings."""
    chosen = true() if article_ids is None else col(Article.id).in_(sorted(set(article_ids)))
    # Children are selected through subqueries, not lists of ids: a list of every claim id
    # would overflow the number of parameters a statement may have.
    in_articles = select(Article.id).where(chosen)
    articles = _rows(session, Article, chosen)
    revisions = _group(_rows(session, ArticleRevision, col(ArticleRevision.article_id).in_(in_articles)),
                       "article_id")
    claims = _rows(session, Claim, col(Claim.article_id).in_(in_articles))
    citations = _group(_rows(session, Citation, col(Citation.claim_id).in_(
        select(Claim.id).where(col(Claim.article_id).in_(in_articles)))), "claim_id")
    decisions = _group(_rows(session, SuggestionDecision,
                             col(SuggestionDecision.article_id).in_(in_articles)), "article_id")
    events = _group(_rows(session, AuditEvent, col(AuditEvent.article_id).in_(in_articles)),
                    "article_id")
    claims_by_article = _group(claims, "article_id")
    out_articles = []
    for article in articles:
        record = audit.snapshot(article)
        record["revisions"] = [audit.snapshot(r, ("id", "article_id")) for r in revisions.get(article.id, [])]
        record["claims"] = [
            audit.snapshot(c, ("article_id",))
            | {"citations": [audit.snapshot(x, ("claim_id",)) for x in citations.get(c.id, [])]}
            for c in claims_by_article.get(article.id, [])]
        record["suggestion_decisions"] = [audit.snapshot(d, ("id", "article_id"))
                                          for d in decisions.get(article.id, [])]
        record["history"] = [audit.snapshot(e) for e in events.get(article.id, [])]
        out_articles.append(record)
    rating_ids = {c.rating_id for c in claims if c.rating_id is not None}
    for record in out_articles:
        for event in record["history"]:
            rating_ids.update(_ids_in(event["changes"].get("rating_id")))
    ratings = _rows(session, Rating, col(Rating.id).in_(sorted(rating_ids)))
    return {
        "format": BACKUP_FORMAT, "version": BACKUP_VERSION,
        "exported_at": audit.plain(datetime.now(timezone.utc)),
        "counts": _counts(out_articles),
        "ratings": [audit.snapshot(r) for r in ratings],
        "articles": out_articles,
    }


def _rows(session: Session, model: type, where: ColumnElement[bool]) -> list:
    return list(session.scalars(select(model).where(where).order_by(model.id)))


def _group(rows: list, attribute: str) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(getattr(row, attribute), []).append(row)
    return grouped


def _counts(articles: list[dict[str, Any]]) -> dict[str, int]:
    return {"articles": len(articles),
            "revisions": sum(len(a["revisions"]) for a in articles),
            "claims": sum(len(a["claims"]) for a in articles),
            "citations": sum(len(c["citations"]) for a in articles for c in a["claims"]),
            "suggestion_decisions": sum(len(a["suggestion_decisions"]) for a in articles),
            "history": sum(len(a["history"]) for a in articles)}


def _ids_in(value: Any) -> list[int]:
    """The record ids in an audit change value: an int, or lists of them (bools are not ids)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return [i for v in value for i in _ids_in(v)]
    return []


def load_backup(raw: bytes | str) -> dict[str, Any]:
    """Parse a backup file's contents; ImportRefused when it is not JSON (damaged or truncated)."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused("The backup file is not UTF-8 text: is it really a workbench "
                                "backup?") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImportRefused(f"The backup file is not valid JSON (line {exc.lineno}, column "
                            f"{exc.colno}: {exc.msg}); it may be truncated or damaged.") from None
    if not isinstance(data, dict):
        raise ImportRefused("The backup file does not hold a workbench backup (expected a JSON object).")
    return data


@dataclass(frozen=True)
class SkippedArticle:
    """An article of the backup that was not imported because its text is already here."""

    backup_id: int
    title: str
    existing_id: int


@dataclass
class ImportReport:
    """What import_backup did, with the mapping from the backup's ids to the new ones."""

    articles: dict[int, int] = field(default_factory=dict)
    claims: dict[int, int] = field(default_factory=dict)
    citations: dict[int, int] = field(default_factory=dict)
    ratings: dict[int, int] = field(default_factory=dict)
    ratings_created: list[str] = field(default_factory=list)
    skipped: list[SkippedArticle] = field(default_factory=list)
    revisions: int = 0
    suggestion_decisions: int = 0
    history: int = 0

    def summary(self) -> str:
        """One or two sentences for the reviewer."""
        text = (f"Imported {len(self.articles)} article(s) with {len(self.claims)} claim(s), "
                f"{len(self.citations)} citation(s) and {self.history} history event(s).")
        if self.ratings_created:
            text += f" Added to the rating scale: {', '.join(self.ratings_created)}."
        if self.skipped:
            text += " Skipped, already here: " + "; ".join(
                f"\u201c{s.title}\u201d (as #{s.existing_id})" for s in self.skipped) + "."
        return text


def import_backup(session: Session, data: dict[str, Any], *, actor: str) -> ImportReport:
    """Recreate the articles of a backup here, with new ids; articles whose text is already
    here are skipped and reported.

    Authors, times, versions, statuses and history are kept as they were; ids inside the history
    are remapped, and those of records deleted before the backup was made become negative (the
    original id, negated) so that they never point at a record here. Ratings are matched by
    label; unknown labels are added to the scale. The whole backup is checked before anything is
    written: a damaged file raises ImportRefused and changes nothing."""
    actor = audit.require_actor(actor)
    plan = _check_backup(data)
    report = ImportReport()
    scale = {r.label.casefold(): r for r in review.rating_scale(session)}
    for article in plan["articles"]:
        values = article["values"]
        existing = find_by_body(session, values["body"])
        if existing is not None:
            report.skipped.append(SkippedArticle(article["id"], values["title"], existing.id))
            continue
        _import_article(session, article, plan["ratings"], scale, report, actor)
        audit.record(session, actor=actor, entity="article", entity_id=report.articles[article["id"]],
                     action="import", article_id=report.articles[article["id"]],
                     version=values["version"],
                     changes={"backup_article_id": [None, article["id"]],
                              "backup_exported_at": [None, plan["exported_at"]]})
        session.flush()
    return report


def _import_article(session: Session, article: dict[str, Any], ratings: dict[int, dict[str, Any]],
                    scale: dict[str, Rating], report: ImportReport, actor: str) -> None:
    def rating_id(old: int | None) -> int | None:
        if old is None or old not in ratings:
            return _mapped(report.ratings, old)
        if old not in report.ratings:
            wanted = ratings[old]
            rating = scale.get(wanted["label"].casefold())
            if rating is None:
                rating = review.add_rating(session, label=wanted["label"],
                                           alternate_name=wanted["alternate_name"],
                                           rating_value=wanted["rating_value"],
                                           description=wanted.get("description"), actor=actor)
                scale[rating.label.casefold()] = rating
                report.ratings_created.append(rating.label)
            report.ratings[old] = rating.id
        return report.ratings[old]

    new_id = _insert(session, Article, article["values"])
    report.articles[article["id"]] = new_id
    for revision in article["revisions"]:
        _insert(session, ArticleRevision, revision | {"article_id": new_id})
        report.revisions += 1
    for claim in article["claims"]:
        values = claim["values"] | {"article_id": new_id, "rating_id": rating_id(claim["values"]["rating_id"])}
        report.claims[claim["id"]] = _insert(session, Claim, values)
        for citation in claim["citations"]:
            report.citations[citation["id"]] = _insert(
                session, Citation, citation["values"] | {"claim_id": report.claims[claim["id"]]})
    for decision in article["suggestion_decisions"]:
        _insert(session, SuggestionDecision, decision | {
            "article_id": new_id, "claim_id": _mapped(report.claims, decision.get("claim_id"))})
        report.suggestion_decisions += 1
    maps = {"article": report.articles, "claim": report.claims, "verdict": report.claims,
            "citation": report.citations, "rating": report.ratings}
    for event in article["history"]:
        # Rating ids met only in the history still resolve through the backup's scale.
        for old in _ids_in(event["changes"].get("rating_id")):
            if old in ratings:
                rating_id(old)
        own = maps.get(event["entity"], {})
        changes = {key: _remap_change(key, value, own, maps) for key, value in event["changes"].items()}
        _insert(session, AuditEvent, event | {
            "entity_id": _mapped(own, event["entity_id"]),
            "article_id": _mapped(report.articles, event["article_id"]),
            "claim_id": _mapped(report.claims, event["claim_id"]), "changes": changes})
        report.history += 1


# Audit change fields that hold ids, and the kind of record they point at.
_ID_FIELDS = {"article_id": "article", "claim_id": "claim", "rating_id": "rating",
              "merged_into": "claim", "orphaned_claims": "claim"}


def _remap_change(key: str, value: Any, own: dict[int, int], maps: dict[str, dict[int, int]]) -> Any:
    mapping = own if key == "id" else maps.get(_ID_FIELDS.get(key, ""))
    if mapping is None:
        return value
    return _remap_ids(value, mapping)


def _remap_ids(value: Any, mapping: dict[int, int]) -> Any:
    if isinstance(value, list):
        return [_remap_ids(v, mapping) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return _mapped(mapping, value)
    return value


def _mapped(mapping: dict[int, int], old: int | None) -> int | None:
    """The new id of a record; a record absent from the backup (deleted) keeps its id negated."""
    if old is None or old <= 0:
        return old
    return mapping.get(old, -old)


def _insert(session: Session, model: type, values: dict[str, Any]) -> int:
    table = model.__table__
    row = {k: v for k, v in values.items() if k in table.c and k != "id"}
    return session.execute(insert(table).values(row).returning(table.c.id)).scalar_one()


# --- checking a backup before anything is written ------------------------------------------------

_ENUMS = {("claim", "status"): {s.value for s in ClaimStatus},
          ("claim", "claim_type"): {t.value for t in ClaimType},
          ("claim", "origin"): {o.value for o in Origin},
          ("citation", "stance"): {s.value for s in Stance},
          ("citation", "source_type"): {s.value for s in SourceType}}


def _refuse(problem: str) -> ImportRefused:
    return ImportRefused(f"The backup cannot be imported: {problem}. Nothing was imported.")


def _check_backup(data: Any) -> dict[str, Any]:
    """The backup's records as column values ready to insert; ImportRefused on the first problem."""
    if not isinstance(data, dict):
        raise _refuse("it is not a JSON object")
    if data.get("format") != BACKUP_FORMAT:
        raise _refuse(f"it is not a Claim Workbench backup (its format is {data.get('format')!r}, "
                      f"expected {BACKUP_FORMAT!r})")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(f"its format version {version!r} is not valid")
    if version > BACKUP_VERSION:
        raise _refuse(f"it was made by a newer workbench (format version {version}; this one reads "
                      f"up to {BACKUP_VERSION})")
    for key in ("articles", "ratings"):
        if not isinstance(data.get(key), list):
            raise _refuse(f"it has no list of {key} (the file may be truncated)")
    if not isinstance(data.get("counts"), dict):
        raise _refuse("its header has no counts (the file may be truncated)")
    ratings = {}
    for i, record in enumerate(data["ratings"]):
        where = f"rating {i + 1}"
        values = _values(Rating, record, where)
        ratings[_record_id(record, where)] = values
        if values["rating_value"] is not None and not 1 <= values["rating_value"] <= 5:
            raise _refuse(f"{where} ({values['label']!r}) has a value outside 1-5")
    articles = [_check_article(record, i, ratings) for i, record in enumerate(data["articles"])]
    for kind, ids in (("article", [a["id"] for a in articles]),
                      ("claim", [c["id"] for a in articles for c in a["claims"]]),
                      ("citation", [x["id"] for a in articles for c in a["claims"] for x in c["citations"]])):
        if len(set(ids)) != len(ids):
            raise _refuse(f"it holds the same {kind} twice (the file was edited)")
    found = _counts(data["articles"])
    for key, n in data["counts"].items():
        if key in found and n != found[key]:
            raise _refuse(f"its header promises {n} {key.replace('_', ' ')} but it holds "
                          f"{found[key]} (the file is incomplete or was edited)")
    return {"exported_at": data.get("exported_at"), "ratings": ratings, "articles": articles}


def _check_article(record: Any, index: int, ratings: dict[int, dict[str, Any]]) -> dict[str, Any]:
    where = f"article {index + 1}"
    values = _values(Article, record, where)
    article_id = _record_id(record, where)
    where = f"article #{article_id}"
    if not values["body"].strip():
        raise _refuse(f"{where} has an empty text")
    if values["body_sha256"] != body_sha256(values["body"]):
        raise _refuse(f"the text of {where} does not match its checksum (the file was damaged)")
    for key in ("revisions", "claims", "suggestion_decisions", "history"):
        if not isinstance(record.get(key), list):
            raise _refuse(f"{where} has no list of {key.replace('_', ' ')}")
    revisions = [_values(ArticleRevision, r, f"revision {i + 1} of {where}", skip=("article_id",))
                 for i, r in enumerate(record["revisions"])]
    for revision in revisions:
        if revision["body_sha256"] != body_sha256(revision["body"]):
            raise _refuse(f"revision {revision['revision']} of {where} does not match its checksum")
    claims = []
    for i, claim in enumerate(record["claims"]):
        claim_where = f"claim {i + 1} of {where}"
        claim_values = _values(Claim, claim, claim_where, skip=("article_id",))
        claim_id = _record_id(claim, claim_where)
        claim_where = f"claim #{claim_id} of {where}"
        if not 0 <= claim_values["start"] <= claim_values["end"] <= len(values["body"]) \
                and not claim_values["orphaned"]:
            raise _refuse(f"{claim_where} points outside the article text")
        if claim_values["rating_id"] is not None and claim_values["rating_id"] not in ratings:
            raise _refuse(f"{claim_where} has a verdict missing from the backup's rating scale")
        if not isinstance(claim.get("citations"), list):
            raise _refuse(f"{claim_where} has no list of citations")
        citations = [{"id": _record_id(c, f"citation {j + 1} of {claim_where}"),
                      "values": _values(Citation, c, f"citation {j + 1} of {claim_where}",
                                        skip=("claim_id",))}
                     for j, c in enumerate(claim["citations"])]
        claims.append({"id": claim_id, "values": claim_values, "citations": citations})
    decisions = [_values(SuggestionDecision, d, f"suggestion decision {i + 1} of {where}",
                         skip=("article_id",)) for i, d in enumerate(record["suggestion_decisions"])]
    history = [_values(AuditEvent, e, f"history event {i + 1} of {where}")
               for i, e in enumerate(record["history"])]
    return {"id": article_id, "values": values, "revisions": revisions, "claims": claims,
            "suggestion_decisions": decisions, "history": history}


def _record_id(record: dict[str, Any], where: str) -> int:
    value = record.get("id")
    if not isinstance(value, int) or isinstance(value, bool):
        raise _refuse(f"{where} has no id")
    return value


def _values(model: type, record: Any, where: str, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A record's column values, typed and checked against the table; the id is left out."""
    if not isinstance(record, dict):
        raise _refuse(f"{where} is not an object")
    table = model.__table__
    out: dict[str, Any] = {}
    for column in table.columns:
        name = column.key
        if name == "id" or name in skip:
            continue
        if name not in record:
            if column.nullable or column.default is not None:
                continue
            raise _refuse(f"{where} has no \u201c{name}\u201d")
        out[name] = _typed(column, record[name], f"{where}: \u201c{name}\u201d")
        allowed = _ENUMS.get((table.name, name))
        if allowed and out[name] not in allowed:
            raise _refuse(f"{where}: \u201c{name}\u201d is {out[name]!r}, not one of {sorted(allowed)}")
    return out


def _typed(column: Any, value: Any, where: str) -> Any:
    if value is None:
        if not column.nullable:
            raise _refuse(f"{where} is empty")
        return None
    kind = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    try:
        if isinstance(kind, DateTime):
            parsed = datetime.fromisoformat(value)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
        if isinstance(kind, Date):
            return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _refuse(f"{where} is not a date: {value!r}") from None
    expected: tuple[type, ...] = (
        (bool,) if isinstance(kind, Boolean) else (int,) if isinstance(kind, Integer)
        else (int, float) if isinstance(kind, Float) else (dict,) if isinstance(kind, JSON)
        else (str,))
    if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
        raise _refuse(f"{where} should be {expected[-1].__name__}, not {type(value).__name__}")
    return float(value) if isinstance(kind, Float) else value
