"""schema.org ClaimReview JSON-LD for the checked and approved claims, as Google's fact-check
guidelines ask for it: every review has its own address, and the export refuses rather than write
an item without one."""
from __future__ import annotations

import json
import os
import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import func, select
from sqlmodel import Session, col

from db.tables import Article, Claim, Rating
from workbench.claims import guess_claimant_kind
from workbench.errors import InvalidInput, PublishingRefused
from workbench.review import PUBLISHED_STATUSES

DESK_NAME_ENV = "WORKBENCH_DESK_NAME"
DESK_URL_ENV = "WORKBENCH_DESK_URL"
FACTCHECK_URL_ENV = "WORKBENCH_FACTCHECK_URL"
DEFAULT_DESK_NAME = "Claim Workbench desk"
TEMPLATE_FIELDS = ("article_id", "claim_id")
TEMPLATE_EXAMPLE = "https://desk.example/fact-checks/{article_id}#claim-{claim_id}"


@dataclass(frozen=True)
class DeskSettings:
    """Who publishes the reviews and where: the desk's name and home page, and the template of a
    review's address ({article_id} and {claim_id} are filled in)."""

    name: str = DEFAULT_DESK_NAME
    url: str | None = None
    factcheck_url: str | None = None


def default_desk_name() -> str:
    """The fact-checking desk named as ClaimReview author: $WORKBENCH_DESK_NAME, else a stock name."""
    return os.environ.get(DESK_NAME_ENV, "").strip() or DEFAULT_DESK_NAME


def desk_settings(*, name: str | None = None, url: str | None = None,
                  factcheck_url: str | None = None) -> DeskSettings:
    """The desk settings: the values given, else $WORKBENCH_DESK_NAME, $WORKBENCH_DESK_URL and
    $WORKBENCH_FACTCHECK_URL; InvalidInput when the URL or the template is not usable."""
    url = (url if url is not None else os.environ.get(DESK_URL_ENV, "")).strip() or None
    template = (factcheck_url if factcheck_url is not None
                else os.environ.get(FACTCHECK_URL_ENV, "")).strip() or None
    if url and not _is_web_address(url):
        raise InvalidInput(f"The desk URL \u201c{url[:80]}\u201d is not a web address (http:// or https://).")
    if template:
        check_template(template)
    return DeskSettings((name or "").strip() or default_desk_name(), url, template)


def check_template(template: str) -> str:
    """The fact-check URL template if it fills in to a web address; InvalidInput saying why not."""
    try:
        names = {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}
    except ValueError as exc:
        raise InvalidInput(f"The fact-check URL template is malformed ({exc}); write it like "
                           f"{TEMPLATE_EXAMPLE}.") from None
    unknown = names - set(TEMPLATE_FIELDS)
    if unknown:
        raise InvalidInput(f"The fact-check URL template may use {{article_id}} and {{claim_id}} only, "
                           f"not {', '.join('{' + n + '}' for n in sorted(unknown))}.")
    if not _is_web_address(template.format(article_id=1, claim_id=1)):
        raise InvalidInput(f"The fact-check URL template must give a web address (http:// or https://), "
                           f"like {TEMPLATE_EXAMPLE}.")
    return template


def _is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and " " not in url


def review_url(article: Article, claim_id: int, desk: DeskSettings) -> str | None:
    """The address of a claim's review: the article's own fact-check URL (with #claim-<id> unless it
    has an anchor), else the desk's template filled in; None when neither is set."""
    return review_address(article.id, article.factcheck_url, claim_id, desk)


def review_address(article_id: int, factcheck_url: str | None, claim_id: int,
                   desk: DeskSettings) -> str | None:
    """review_url from plain values (the CSV export computes it for many rows)."""
    if factcheck_url:
        parts = urlsplit(factcheck_url)
        return factcheck_url if parts.fragment else urlunsplit(parts._replace(fragment=f"claim-{claim_id}"))
    if desk.factcheck_url:
        return desk.factcheck_url.format(article_id=article_id, claim_id=claim_id)
    return None


def _iso_date(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def claimreview_items(session: Session, *, desk: DeskSettings | None = None, desk_name: str | None = None,
                      desk_url: str | None = None, article_id: int | None = None,
                      claim_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """schema.org ClaimReview objects for the checked and approved claims that have a verdict, in
    reading order; PublishingRefused when a review would have no address (url).

    desk defaults to desk_settings(name=desk_name, url=desk_url). ratingValue, bestRating and
    worstRating are given only for labels with a value (not Misleading, Unproven, ...); best and
    worst are the extremes of the scale's values."""
    desk = desk or desk_settings(name=desk_name, url=desk_url)
    author: dict[str, Any] = {"@type": "Organization", "name": desk.name}
    if desk.url:
        author["url"] = desk.url
    query = (select(Claim, Article, Rating).join(Article, Article.id == Claim.article_id)
             .join(Rating, Rating.id == Claim.rating_id)
             .where(col(Claim.status).in_(PUBLISHED_STATUSES))
             .order_by(Claim.article_id, Claim.start, Claim.end, Claim.id))
    if article_id is not None:
        query = query.where(Claim.article_id == article_id)
    if claim_ids is not None:
        query = query.where(col(Claim.id).in_(list(claim_ids)))
    rows = session.execute(query).all()
    best, worst = session.execute(select(func.max(Rating.rating_value), func.min(Rating.rating_value))).one()
    missing = sorted({(a.id, a.title) for c, a, _ in rows if review_url(a, c.id, desk) is None})
    if missing:
        which = "; ".join(f"#{i} \u201c{t[:60]}\u201d" for i, t in missing[:5])
        raise PublishingRefused(
            f"The ClaimReview export needs the address where each review is published, and these articles "
            f"have none: {which}. Set {FACTCHECK_URL_ENV} to a template such as {TEMPLATE_EXAMPLE}, or "
            "give each article its published fact-check URL (workbench claimreview set-url ARTICLE URL).")
    items = []
    for claim, article, rating in rows:
        item: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview",
                                "url": review_url(article, claim.id, desk), "claimReviewed": claim.text}
        published = _iso_date(claim.approved_at or claim.verdict_at)
        if published:
            item["datePublished"] = published
        item["author"] = dict(author)
        item["itemReviewed"] = _reviewed_claim(claim, article)
        item["reviewRating"] = _review_rating(rating, best, worst)
        items.append(item)
    return items


def claimant_kind(claim: Claim) -> str | None:
    """The claimant's schema.org type: the reviewer's choice, else a guess from the name."""
    return claim.claimant_kind or guess_claimant_kind(claim.claimant)


def _reviewed_claim(claim: Claim, article: Article) -> dict[str, Any]:
    reviewed: dict[str, Any] = {"@type": "Claim"}
    # Without a claimant the claim is the article's own, and the article is where it first appeared.
    if claim.claimant:
        reviewed["author"] = {"@type": claimant_kind(claim), "name": claim.claimant}
    elif article.publisher:
        reviewed["author"] = {"@type": "Organization", "name": article.publisher}
    elif article.author:
        reviewed["author"] = {"@type": "Person", "name": article.author}
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": article.title}
    if article.source_url:
        appearance["url"] = article.source_url
    if article.published:
        appearance["datePublished"] = article.published.isoformat()
    if article.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": article.publisher}
    reviewed["appearance"] = appearance
    if not claim.claimant:
        reviewed["firstAppearance"] = dict(appearance)
    if article.published:
        reviewed["datePublished"] = article.published.isoformat()
    return reviewed


def _review_rating(rating: Rating, best: int | None, worst: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "Rating", "alternateName": rating.alternate_name or rating.label,
                           "name": rating.label}
    if rating.rating_value is not None:
        out |= {"ratingValue": rating.rating_value, "bestRating": best, "worstRating": worst}
    return out


def export_claimreview(session: Session, **options: Any) -> str:
    """The ClaimReview JSON-LD as text: always a JSON array of ClaimReview objects (maybe empty).

    Takes the options of claimreview_items; non-ASCII text is kept as is (UTF-8)."""
    return json.dumps(claimreview_items(session, **options), ensure_ascii=False, indent=2)


def script_tag(item: dict[str, Any]) -> str:
    """A <script type="application/ld+json"> element carrying one item, safe inside HTML: "<", ">"
    and "&" are written as JSON escapes, so no text can close the script."""
    text = json.dumps(item, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>'
