"""The CSV of claims a desk exports: one streaming Arrow query, formula cells neutralised."""
from __future__ import annotations

import io
import json
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from sqlalchemy import Integer, Select, String, cast, func, select, true, type_coerce
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from db.tables import Article, Citation, Claim, Rating, SourceArchive
from workbench.claims import guess_claimant_kind
from workbench.review import PUBLISHED_STATUSES
from workbench.transfer.claimreview import DeskSettings, desk_settings, review_address

CSV_COLUMNS = ["article_title", "article_url", "claim_id", "claim", "quote", "start", "end",
               "claimant", "claim_type", "status", "verdict", "rating_value", "rationale",
               "citation_count", "citation_urls", "reviewer", "reviewed_at", "approver",
               "approved_at", "orphaned",
               # Added for publishing; new columns go at the end so that existing sheets keep working.
               "claimant_kind", "citation_titles", "citation_stances", "citation_passages", "review_url"]
# One row per citation (export_citations_csv).
CITATION_COLUMNS = ["claim_id", "citation_id", "article_id", "article_title", "claim", "status", "verdict",
                    "url", "title", "publisher", "author", "published", "accessed", "stance",
                    "source_type", "quoted_passage", "note", "archive_status", "archive_fetched_at",
                    "archive_sha256", "archive_final_url"]
_TEXT_COLUMNS = ["article_title", "article_url", "claim", "quote", "claimant", "claim_type", "status",
                 "verdict", "rationale", "citation_urls", "reviewer", "approver", "claimant_kind",
                 "citation_titles", "citation_stances", "citation_passages", "review_url"]
_CITATION_TEXT = ["article_title", "claim", "status", "verdict", "url", "title", "publisher", "author",
                  "published", "accessed", "stance", "source_type", "quoted_passage", "note",
                  "archive_status", "archive_fetched_at", "archive_sha256", "archive_final_url"]
_DATETIME_COLUMNS = ["reviewed_at", "approved_at"]
_ARROW_TYPES = {name: pa.large_string() for name in _TEXT_COLUMNS + [
    "factcheck_url", "url", "title", "stance", "quoted_passage"]} | {
    name: pa.int64() for name in ("claim_id", "start", "end", "rating_value", "citation_count",
                                  "article_id", "rating_id")} | {"orphaned": pa.int64()}
# OWASP "CSV injection": a spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = r"^[=+\-@\t\r]"


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
                 date_to: date | None = None, desk: DeskSettings | None = None) -> pd.DataFrame:
    """One row per claim with its article, verdict and citations, in the CSV_COLUMNS order.

    By default only checked and approved claims; include_all gives every claim, statuses a chosen
    set. verdicts are rating labels (any case); claimant matches part of the name (any case);
    date_from and date_to (inclusive, UTC days) bound the review date: approval, else verdict.
    Rows come by article, then in reading order. citation_urls holds a claim's citation URLs
    separated by single spaces, in the order they were added (a citation URL cannot contain a
    space); citation_titles, citation_stances and citation_passages are JSON arrays in the same
    order (empty when the claim has no citations). claimant_kind is the reviewer's choice, else
    the guess ClaimReview uses; review_url is the review's address (claimreview.review_url with
    desk, by default the desk settings of the environment), empty when none is set.
    reviewed_at and approved_at are UTC timestamps. Text cells are as stored: formulas are
    neutralised only in the CSV (see export_claims_csv)."""
    conditions = _claim_filters(include_all=include_all, article_id=article_id, statuses=statuses,
                                verdicts=verdicts, claimant=claimant, date_from=date_from,
                                date_to=date_to)
    table = _claims_table(session, conditions, join_rating=verdicts is not None)
    frame = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    for name in _DATETIME_COLUMNS:
        frame[name] = pd.to_datetime(frame[name], utc=True, format="ISO8601")
    frame["claimant_kind"] = pd.array(
        [kind if isinstance(kind, str) else guess_claimant_kind(who if isinstance(who, str) else None)
         for kind, who in zip(frame["claimant_kind"], frame["claimant"])], dtype=frame["claim"].dtype)
    lists = _citation_lists(session, conditions, join_rating=verdicts is not None)
    for name, key in (("citation_titles", "title"), ("citation_stances", "stance"),
                      ("citation_passages", "quoted_passage")):
        frame[name] = pd.array([json.dumps(lists[i][key], ensure_ascii=False) if i in lists else None
                                for i in frame["claim_id"]], dtype=frame["claim"].dtype)
    frame["review_url"] = pd.array(_review_urls(frame, desk or desk_settings()), dtype=frame["claim"].dtype)
    return frame[CSV_COLUMNS]


def _review_urls(frame: pd.DataFrame, desk: DeskSettings) -> list[str | None]:
    """Each claim's review address, as claimreview.review_url gives it."""
    return [review_address(int(article_id), None if pd.isna(own) else own, int(claim_id), desk)
            for article_id, claim_id, own in zip(frame["article_id"], frame["claim_id"], frame["factcheck_url"])]


def _citation_lists(session: Session, conditions: list[ColumnElement[bool]], *,
                    join_rating: bool) -> dict[int, dict[str, list]]:
    """The title, stance and passage of each selected claim's citations, in the order added."""
    rows = session.execute(
        select(Citation.claim_id, Citation.title, Citation.stance, Citation.quoted_passage)
        .where(col(Citation.claim_id).in_(_selected(select(Claim.id), conditions, join_rating)))
        .order_by(Citation.claim_id, Citation.id))
    lists: dict[int, dict[str, list]] = {}
    for claim_id, title, stance, passage in rows:
        entry = lists.setdefault(claim_id, {"title": [], "stance": [], "quoted_passage": []})
        entry["title"].append(title)
        entry["stance"].append(stance)
        entry["quoted_passage"].append(passage)
    return lists


def _claims_table(session: Session, conditions: list[ColumnElement[bool]], *,
                  join_rating: bool) -> pa.Table:
    """The export rows as an Arrow table, from four set-based queries matched up in Arrow.

    Articles and ratings are fetched once each rather than once per claim (a third of the fetch
    time on 100,000 claims), and the rows are sorted in Arrow rather than by SQLite, which would
    sort the wide rows in a temporary B-tree."""
    claims = _fetch_table(session, _selected(select(
        col(Claim.id).label("claim_id"), Claim.text.label("claim"), Claim.quote, Claim.start,
        Claim.end, Claim.claimant, Claim.claimant_kind, Claim.claim_type, Claim.status, Claim.rationale,
        Claim.verdict_by.label("reviewer"),
        # Times come untyped (SQLite: the stored text) and pandas parses them in one go: the
        # ORM's per-value conversion costs more than the query.
        type_coerce(Claim.verdict_at, String).label("reviewed_at"),
        Claim.approved_by.label("approver"), type_coerce(Claim.approved_at, String).label("approved_at"),
        Claim.article_id, Claim.rating_id,
        cast(Claim.orphaned, Integer).label("orphaned")), conditions, join_rating))
    articles = _fetch_table(session, select(
        col(Article.id).label("article_id"), Article.title.label("article_title"),
        Article.source_url.label("article_url"), Article.factcheck_url,
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
    claims = claims.set_column(claims.schema.get_field_index("orphaned"), "orphaned",
                               pc.cast(claims["orphaned"], pa.bool_()))
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


def citations_frame(session: Session, **filters: Any) -> pd.DataFrame:
    """One row per citation of the claims claims_frame selects (same filters), in the CSV order of
    their claims and then the order the citations were added; CITATION_COLUMNS.

    The archive columns describe the latest fetch of the cited page (see workbench.archive):
    its status (archived, failed, unchanged, changed, gone), time (UTC), sha256 and final URL.
    Dates are ISO text (times as 2026-01-31 09:30:00Z)."""
    claims = claims_frame(session, **filters)
    latest = (select(SourceArchive.citation_id, func.max(SourceArchive.id).label("id"))
              .group_by(SourceArchive.citation_id).subquery())
    conditions = _claim_filters(**{k: v for k, v in filters.items() if k != "desk"})
    selected = _selected(select(Claim.id), conditions, filters.get("verdicts") is not None)
    rows = session.execute(
        select(Citation, SourceArchive, Claim.article_id).join(Claim, Claim.id == Citation.claim_id)
        .outerjoin(latest, latest.c.citation_id == Citation.id)
        .outerjoin(SourceArchive, SourceArchive.id == latest.c.id)
        .where(col(Citation.claim_id).in_(selected)).order_by(Citation.claim_id, Citation.id)).all()
    by_claim = claims.set_index("claim_id")
    order = {int(claim_id): n for n, claim_id in enumerate(claims["claim_id"])}
    records = []
    for citation, fetched, article_id in sorted(rows, key=lambda r: (order[r[0].claim_id], r[0].id)):
        claim = by_claim.loc[citation.claim_id]
        records.append({
            "claim_id": citation.claim_id, "citation_id": citation.id, "article_id": article_id,
            "article_title": claim["article_title"], "claim": claim["claim"], "status": claim["status"],
            "verdict": None if pd.isna(claim["verdict"]) else claim["verdict"],
            **{name: _iso(getattr(citation, name)) for name in (
                "url", "title", "publisher", "author", "published", "accessed", "stance", "source_type",
                "quoted_passage", "note")},
            "archive_status": fetched.outcome if fetched else None,
            "archive_fetched_at": _iso(fetched.fetched_at) if fetched else None,
            "archive_sha256": fetched.sha256 if fetched else None,
            "archive_final_url": fetched.final_url if fetched else None})
    frame = pd.DataFrame.from_records(records, columns=CITATION_COLUMNS)
    for name in ("claim_id", "citation_id", "article_id"):
        frame[name] = frame[name].astype("Int64")
    for name in _CITATION_TEXT:
        frame[name] = frame[name].astype(pd.StringDtype())
    return frame


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
    return value.isoformat() if isinstance(value, date) else value


def export_citations_csv(session: Session, **filters: Any) -> bytes:
    """The citations CSV (citations_frame), written as export_claims_csv writes the claims."""
    frame = neutralise_formulas(citations_frame(session, **filters), _CITATION_TEXT)
    buffer = io.BytesIO()
    pa_csv.write_csv(pa.Table.from_pandas(frame, preserve_index=False), buffer)
    return buffer.getvalue()
