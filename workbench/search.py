"""Search across every article's claims: by their words (the database's full-text index: SQLite
FTS5 `claim_fts`, PostgreSQL `claim.search_vector`), their claimant, status or verdict."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, text as sql
from sqlmodel import Session, col, select

from db.tables import Article, Claim, ClaimStatus, Rating

_WORD = re.compile(r"\w+")
LIMIT = 100


@dataclass(frozen=True)
class ClaimHit:
    """A claim found by search, with what a result list shows."""

    claim_id: int
    article_id: int
    article_title: str
    text: str
    claimant: str | None
    status: str
    verdict: str | None
    orphaned: bool


def _word_ids(session: Session, words: list[str], limit: int) -> list[int]:
    """Ids of claims whose wording or quote holds every word (the full-text index)."""
    if not words:
        return []
    if session.get_bind().dialect.name == "sqlite":
        query = " ".join(f'"{w}"' for w in words)
        rows = session.connection().execute(
            sql("SELECT rowid FROM claim_fts WHERE claim_fts MATCH :q ORDER BY bm25(claim_fts) LIMIT :n"),
            {"q": query, "n": limit})
    else:
        rows = session.connection().execute(
            sql("SELECT id FROM claim, plainto_tsquery('english', :q) AS q WHERE search_vector @@ q "
                "ORDER BY ts_rank(search_vector, q) DESC LIMIT :n"), {"q": " ".join(words), "n": limit})
    return [r[0] for r in rows]


def search_claims(session: Session, query: str, *, limit: int = LIMIT) -> list[ClaimHit]:
    """Claims of every article matching the query: all its words in the wording or quote, or the
    query as (part of) the claimant, or exactly a status or a verdict label (any case).
    Word matches come first, best first; then the others, newest article first."""
    query = " ".join((query or "").split())
    if not query:
        return []
    folded = query.casefold()
    by_words = _word_ids(session, _WORD.findall(query), limit)
    statuses = [s.value for s in ClaimStatus if s.value == folded.replace("_", " ")]
    others = [
        col(Claim.claimant).ilike(f"%{query}%"),
        col(Claim.rating_id).in_(select(Rating.id).where(func.lower(Rating.label) == folded)),
    ]
    if statuses:
        others.append(col(Claim.status).in_(statuses))
    if by_words:
        others.append(col(Claim.id).in_(by_words))
    rows = session.exec(
        select(Claim.id, Claim.article_id, Article.title, Claim.text, Claim.claimant, Claim.status,
               Rating.label, Claim.orphaned)
        .join(Article, Article.id == Claim.article_id)
        .join(Rating, Rating.id == Claim.rating_id, isouter=True)
        .where(or_(*others))
        .order_by(col(Claim.article_id).desc(), Claim.start)
        .limit(limit)).all()
    rank = {cid: n for n, cid in enumerate(by_words)}
    rows = sorted(rows, key=lambda r: rank.get(r[0], len(rank)))
    return [ClaimHit(*r) for r in rows]
