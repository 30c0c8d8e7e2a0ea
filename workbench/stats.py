"""Counts for the dashboard: claims by status and verdict, progress per article, work per reviewer.

Every function runs one or two GROUP BY queries (no rows are loaded one by one) and returns a
pandas DataFrame with a fixed set of columns, also when the database is empty."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import case, func, select
from sqlmodel import Session, col

from db.tables import Article, AuditEvent, Claim, ClaimStatus, Rating
from workbench import articles, lookup

STATUSES = [s.value for s in ClaimStatus]
DONE_STATUSES = (ClaimStatus.checked.value, ClaimStatus.approved.value)
NO_VERDICT = "No verdict yet"
PROGRESS_COLUMNS = ["article_id", "title", "claims", *STATUSES, "to_do", "done", "created_at"]
REVIEWER_COLUMNS = ["reviewer", "articles_imported", "claims_created", "verdicts", "approvals",
                    "citations_added", "last_active"]
# What counts as which kind of work in the audit trail: (entity, action) pairs.
_WORK = {
    "articles_imported": ("article", "create"),
    "claims_created": ("claim", "create"),
    "verdicts": ("verdict", "verdict"),
    "approvals": ("claim", "approve"),
    "citations_added": ("citation", "create"),
}


def _rows(session: Session, query) -> list[tuple]:
    return [tuple(row) for row in session.connection().execute(query).fetchall()]


def _live_claims(query):
    """The query restricted to claims of articles outside the trash."""
    return query.where(col(Claim.article_id).in_(articles.live(select(Article.id))))


def claims_by_status(session: Session, *, article_id: int | None = None) -> pd.DataFrame:
    """How many claims are in each workflow status (every status, in workflow order, zeros included)."""
    query = _live_claims(select(Claim.status, func.count()).group_by(Claim.status))
    if article_id is not None:
        article_id = lookup.check_id(article_id, f"Article #{article_id} does not exist.")
        query = query.where(Claim.article_id == article_id)
    counts = dict(_rows(session, query))
    return pd.DataFrame({"status": STATUSES, "claims": [int(counts.get(s, 0)) for s in STATUSES]})


def claims_by_verdict(session: Session) -> pd.DataFrame:
    """How many claims carry each label of the rating scale (scale order), then those without one."""
    live_claims = _live_claims(select(Claim)).subquery()
    per_label = (select(Rating.label, func.count(live_claims.c.id))
                 .select_from(Rating).outerjoin(live_claims, live_claims.c.rating_id == Rating.id)
                 .group_by(Rating.id, Rating.label, Rating.position)
                 .order_by(Rating.position, Rating.id))
    rows = _rows(session, per_label)
    unrated = session.connection().execute(
        _live_claims(select(func.count()).select_from(Claim).where(col(Claim.rating_id).is_(None)))).scalar_one()
    rows.append((NO_VERDICT, unrated))
    return pd.DataFrame({"verdict": [r[0] for r in rows], "claims": [int(r[1]) for r in rows]})


def article_progress(session: Session, *, search: str | None = None,
                     limit: int | None = None) -> pd.DataFrame:
    """One row per article, newest first: its claims by status and the share checked or approved.

    `to_do` is draft + reopened; `done` is (checked + approved) / claims, a float in 0..1, and
    missing for an article without claims. `search` keeps the articles whose title or text
    contains it; `limit` keeps the newest."""
    per_status = [func.coalesce(func.sum(case((Claim.status == s, 1), else_=0)), 0).label(s)
                  for s in STATUSES]
    query = (select(Article.id, Article.title, func.count(Claim.id), *per_status, Article.created_at)
             .select_from(Article).outerjoin(Claim, Claim.article_id == Article.id)
             .group_by(Article.id, Article.title, Article.created_at)
             .order_by(col(Article.id).desc()).limit(limit))
    query = articles.filter_by_text(query, search)
    columns = ["article_id", "title", "claims", *STATUSES, "created_at"]
    frame = pd.DataFrame(_rows(session, query), columns=columns)
    for name in ["article_id", "claims", *STATUSES]:
        frame[name] = frame[name].astype("int64")
    frame["to_do"] = frame[ClaimStatus.draft.value] + frame[ClaimStatus.reopened.value]
    done = frame[list(DONE_STATUSES)].sum(axis=1)
    frame["done"] = (done / frame["claims"].where(frame["claims"] > 0)).astype("float64")
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame[PROGRESS_COLUMNS]


def reviewer_activity(session: Session) -> pd.DataFrame:
    """Work per reviewer from the audit trail: articles imported, claims created, verdicts given,
    approvals, citations added and when they last changed anything; busiest first."""
    sums = [func.sum(case(((AuditEvent.entity == entity) & (AuditEvent.action == action), 1),
                          else_=0)).label(name)
            for name, (entity, action) in _WORK.items()]
    query = (select(AuditEvent.actor, *sums, func.max(AuditEvent.at))
             .group_by(AuditEvent.actor))
    frame = pd.DataFrame(_rows(session, query), columns=REVIEWER_COLUMNS)
    for name in _WORK:
        frame[name] = frame[name].fillna(0).astype("int64")
    frame["last_active"] = pd.to_datetime(frame["last_active"], utc=True)
    work = frame[list(_WORK)].sum(axis=1)
    order = sorted(range(len(frame)), key=lambda i: (-int(work.iloc[i]), frame["reviewer"].iloc[i].casefold()))
    return frame.iloc[order].reset_index(drop=True)[REVIEWER_COLUMNS]
