"""Cached reads for the pages, as plain dicts and tuples, keyed on the database URL and ids.

write() clears st.cache_data after every change made in the app; the short ttl picks up changes
made elsewhere (the CLI, another server process).
"""
from __future__ import annotations

import streamlit as st

from workbench import articles, audit, citations, claims, review
from workbench.segment import split_sentences
from workbench.ui.common import read_session

TTL = 30


def _plain_claim(c, verdicts: dict[int, str], counts: dict[int, int]) -> dict:
    return {"id": c.id, "article_id": c.article_id, "start": c.start, "end": c.end, "quote": c.quote,
            "text": c.text, "claimant": c.claimant, "claim_type": c.claim_type, "origin": c.origin,
            "score": c.score, "status": c.status, "orphaned": c.orphaned,
            "verdict": verdicts.get(c.rating_id) if c.rating_id else None, "rating_id": c.rating_id,
            "rationale": c.rationale, "verdict_by": c.verdict_by, "approved_by": c.approved_by,
            "citations": counts.get(c.id, 0), "version": c.version, "updated_by": c.updated_by,
            "updated_at": c.updated_at}


@st.cache_data(ttl=TTL, show_spinner=False)
def article_choices(url: str) -> tuple[tuple[int, str], ...]:
    """(id, title) of the newest articles, for pickers."""
    with read_session() as s:
        return tuple((a.id, a.title) for a in articles.list_articles(s))


@st.cache_data(ttl=TTL, show_spinner=False)
def article(url: str, article_id: int) -> dict | None:
    """An article's details, body and sentence offsets, or None when it does not exist."""
    with read_session() as s:
        a = articles.get_article(s, article_id)
        if a is None:
            return None
        sentences = tuple((x.start, x.end) for x in split_sentences(a.body))
        return {"id": a.id, "title": a.title, "body": a.body, "source_url": a.source_url,
                "publisher": a.publisher, "author": a.author, "published": a.published,
                "version": a.version, "revision": a.revision, "sentences": sentences}


@st.cache_data(ttl=TTL, show_spinner=False)
def rating_labels(url: str) -> tuple[dict, ...]:
    """The rating scale: id, label, description, in published order."""
    with read_session() as s:
        return tuple({"id": r.id, "label": r.label, "description": r.description,
                      "rating_value": r.rating_value} for r in review.rating_scale(s))


@st.cache_data(ttl=TTL, show_spinner=False)
def article_claims(url: str, article_id: int) -> tuple[dict, ...]:
    """The claims of an article in reading order, with verdict label and citation count."""
    verdicts = {r["id"]: r["label"] for r in rating_labels(url)}
    with read_session() as s:
        rows = claims.list_claims(s, article_id=article_id)
        counts = claims.citation_counts(s, [c.id for c in rows])
        return tuple(_plain_claim(c, verdicts, counts) for c in rows)


@st.cache_data(ttl=TTL, show_spinner=False)
def claim_bundle(url: str, claim_id: int, actor: str | None) -> dict | None:
    """Everything the review page shows about a claim, or None when it does not exist."""
    verdicts = {r["id"]: r["label"] for r in rating_labels(url)}
    with read_session() as s:
        c = claims.get_claim(s, claim_id)
        if c is None:
            return None
        cites = citations.list_citations(s, claim_id=claim_id)
        out = _plain_claim(c, verdicts, {c.id: len(cites)})
        out["citation_rows"] = tuple(
            {"id": x.id, "url": x.url, "title": x.title, "publisher": x.publisher,
             "published": x.published, "quoted_passage": x.quoted_passage, "stance": x.stance,
             "source_type": x.source_type, "version": x.version, "created_by": x.created_by}
            for x in cites)
        out["moves"] = tuple((m.action, m.refused) for m in review.possible_moves(s, c, actor))
        out["history"] = tuple(
            {"at": e.at, "actor": e.actor, "entity": e.entity, "action": e.action,
             "changes": e.changes} for e in audit.claim_history(s, claim_id))
        return out
