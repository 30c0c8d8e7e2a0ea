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
from sqlalchemy import func, insert, select, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from db.models import (Article, ArticleRevision, AuditEvent, Citation, Claim, ClaimStatus, Rating,
                       SuggestionDecision)
from workbench import audit, review
from workbench.articles import find_by_body
from workbench.errors import ImportRefused, InvalidInput

CSV_COLUMNS = ["article_title", "article_url", "claim_id", "claim", "quote", "start", "end",
               "claimant", "claim_type", "status", "verdict", "rating_value", "rationale",
               "citation_count", "citation_urls", "reviewer", "reviewed_at", "approver",
               "approved_at"]
_TEXT_COLUMNS = ["article_title", "article_url", "claim", "quote", "claimant", "claim_type", "status",
                 "verdict", "rationale", "citation_urls", "reviewer", "approver"]
_DATETIME_COLUMNS = ["reviewed_at", "approved_at"]
_INT_COLUMNS = ["claim_id", "start", "end", "rating_value", "citation_count"]
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
    date_from and date_to (inclusive, UTC) bound the review date: approval, else verdict.
    citation_urls holds a claim's citation URLs separated by single spaces, in the order they were
    added (a citation URL cannot contain a space). Dates are aware UTC timestamps. Text cells are
    the stored text: formula neutralising happens only in the CSV (see export_claims_csv)."""
    conditions = _claim_filters(include_all=include_all, article_id=article_id, statuses=statuses,
                                verdicts=verdicts, claimant=claimant, date_from=date_from,
                                date_to=date_to)
    claims_q = (
        select(Article.title.label("article_title"), Article.source_url.label("article_url"),
               col(Claim.id).label("claim_id"), Claim.text.label("claim"), Claim.quote, Claim.start,
               Claim.end, Claim.claimant, Claim.claim_type, Claim.status,
               Rating.label.label("verdict"), Rating.rating_value, Claim.rationale,
               Claim.verdict_by.label("reviewer"), Claim.verdict_at.label("reviewed_at"),
               Claim.approved_by.label("approver"), Claim.approved_at)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Rating, Rating.id == Claim.rating_id)
        .where(*conditions)
        .order_by(Claim.article_id, Claim.start, Claim.end, Claim.id))
    result = session.connection().execute(claims_q)
    frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    counts = _citation_aggregates(session, conditions)
    frame["citation_count"] = frame["claim_id"].map(counts["citation_count"]).fillna(0)
    frame["citation_urls"] = frame["claim_id"].map(counts["citation_urls"])
    for name in _INT_COLUMNS:
        frame[name] = frame[name].astype("Int64")
    for name in _DATETIME_COLUMNS:
        frame[name] = pd.to_datetime(frame[name], utc=True)
    return frame[CSV_COLUMNS]


def _citation_aggregates(session: Session, conditions: list[ColumnElement[bool]]) -> pd.DataFrame:
    """Citation count and space-separated URLs per claim, for the claims the conditions select."""
    wanted = (select(Claim.id).join(Article, Article.id == Claim.article_id)
              .outerjoin(Rating, Rating.id == Claim.rating_id).where(*conditions))
    urls = func.aggregate_strings(Citation.url, " ")
    if session.get_bind().dialect.name == "sqlite":
        # SQLite before 3.44 has no ORDER BY inside group_concat; it aggregates in the order
        # rows arrive, which the ordered subquery fixes.
        ordered = (select(Citation.claim_id, Citation.url).where(col(Citation.claim_id).in_(wanted))
                   .order_by(Citation.claim_id, Citation.id).subquery())
        query = (select(ordered.c.claim_id, func.count().label("citation_count"),
                        func.aggregate_strings(ordered.c.url, " ").label("citation_urls"))
                 .group_by(ordered.c.claim_id))
    else:
        query = (select(Citation.claim_id, func.count().label("citation_count"),
                        urls.aggregate_order_by(Citation.id).label("citation_urls"))
                 .where(col(Citation.claim_id).in_(wanted)).group_by(Citation.claim_id))
    rows = session.connection().execute(query).fetchall()
    return pd.DataFrame(rows, columns=["claim_id", "citation_count", "citation_urls"]).set_index("claim_id")


def neutralise_formulas(frame: pd.DataFrame, columns: Iterable[str] = _TEXT_COLUMNS) -> pd.DataFrame:
    """A copy where text cells a spreadsheet would run as a formula start with a single quote."""
    out = frame.copy()
    for name in columns:
        values = out[name]
        risky = values.str.contains(_FORMULA_START, regex=True).fillna(False).astype(bool)
        if risky.any():
            out[name] = values.mask(risky, "'" + values)
    return out


def _csv_text(frame: pd.DataFrame) -> str:
    return neutralise_formulas(frame).to_csv(index=False, lineterminator="\n",
                                             date_format="%Y-%m-%dT%H:%M:%SZ")


def export_claims_csv(session: Session, **filters: Any) -> bytes:
    """The claims as CSV bytes (UTF-8, no BOM, "\\n" line ends), with formula cells neutralised.

    Takes the filters of claims_frame. Text cells starting with =, +, -, @, tab or carriage
    return get a leading single quote (OWASP); numbers stay numbers; times are UTC ISO 8601."""
    return _csv_text(claims_frame(session, **filters)).encode("utf-8")


def export_claims_csv_to(target: str | os.PathLike | IO, session: Session, **filters: Any) -> int:
    """Write the claims CSV to a path or an open file (binary or text); returns the row count."""
    frame = claims_frame(session, **filters)
    text = _csv_text(frame)
    if isinstance(target, (str, os.PathLike)):
        Path(target).write_bytes(text.encode("utf-8"))
    elif isinstance(target, io.TextIOBase):
        target.write(text)
    else:
        target.write(text.encode("utf-8"))
    return len(frame)


# --- ClaimReview ---------------------------------------------------------------------------------

def _iso_date(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _with_anchor(url: str, anchor: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=anchor))


def claimreview_items(session: Session, *, desk_name: str | None = None, desk_url: str | None = None,
                      article_id: int | None = None,
                      claim_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """schema.org ClaimReview objects for the checked and approved claims that have a verdict.

    desk_name defaults to $WORKBENCH_DESK_NAME, else "Claim Workbench desk". Each review's url is
    the article URL with the anchor #claim-<id> (desk_url with that anchor when the article has
    no URL; no url at all when neither is known). ratingValue, bestRating and worstRating are
    given only for labels with a value on the 1-5 scale (not Misleading, Unproven, ...)."""
    desk_name = (desk_name or "").strip() or os.environ.get(DESK_NAME_ENV, "").strip() or DEFAULT_DESK_NAME
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
