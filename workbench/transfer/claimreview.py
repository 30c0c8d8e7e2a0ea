"""schema.org ClaimReview JSON-LD for the checked and approved claims."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import select
from sqlmodel import Session, col

from db.tables import Article, Claim, Rating
from workbench.review import PUBLISHED_STATUSES

DESK_NAME_ENV = "WORKBENCH_DESK_NAME"
DEFAULT_DESK_NAME = "Claim Workbench desk"


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
