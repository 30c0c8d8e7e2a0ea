"""Cached reads for the pages, as plain dicts, tuples and ready-to-show tables.

Each read is keyed on the configured database's URL (read inside the key, so pages pass only ids and
versions) and on its arguments, never on a body or a list of claims: hashing those costs more than
the read. Tables for st.dataframe are Arrow tables: a cache hit unpickles one in microseconds and
st.dataframe sends it without the pandas -> Arrow conversion it does on every rerun for a frame.

session.write() calls forget_after(): a change to claims, verdicts, citations or suggestion decisions
clears only the reads that show claims; any other change clears every read. Reads keyed on an
article's version (its sentences, the model's suggestions) never go stale and are never cleared:
splitting a 1,000-claim article into sentences again took 1.4 s after every save. The short ttl
picks up changes made elsewhere (the CLI, another server process).
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from workbench import archive, articles, audit, citations, claims, matching, review, stats
from workbench.database import database_url, read_session
from workbench.segment import split_sentences
from workbench.suggest import decisions as suggestions_svc
from workbench.transfer import csv_export
from workbench.ui.text import short
from workbench.ui.widgets.highlight import render_segments
from workbench.ui.widgets.span_select import payload

TTL = 30
LIBRARY_SIZE = 500  # the newest articles the library lists; search reaches the rest


def _per_database(cache: Callable) -> Callable:
    """A decorator: `cache` (st.cache_data or st.cache_resource with its options) around a read,
    with the configured database URL added to the key on every call."""
    def decorate(read: Callable) -> Callable:
        def on_database(url: str, *args: Any) -> Any:
            return read(*args)

        # Streamlit keys a cache by module, qualified name and source: one cache per read.
        on_database.__module__, on_database.__qualname__ = read.__module__, read.__qualname__
        cached = cache(on_database)

        @functools.wraps(read)
        def keyed(*args: Any) -> Any:
            return cached(database_url(), *args)

        keyed.clear = cached.clear
        return keyed
    return decorate


_cached = _per_database(st.cache_data(ttl=TTL, show_spinner=False))


def _plain_claim(c, verdicts: dict[int, str], counts: dict[int, int]) -> dict:
    return {"id": c.id, "article_id": c.article_id, "start": c.start, "end": c.end, "quote": c.quote,
            "text": c.text, "claimant": c.claimant, "claimant_kind": c.claimant_kind, "assignee": c.assignee,
            "claim_type": c.claim_type, "origin": c.origin,
            "score": c.score, "status": c.status, "orphaned": c.orphaned,
            "verdict": verdicts.get(c.rating_id) if c.rating_id else None, "rating_id": c.rating_id,
            "rationale": c.rationale, "verdict_by": c.verdict_by, "approved_by": c.approved_by,
            "citations": counts.get(c.id, 0), "version": c.version, "updated_by": c.updated_by,
            "updated_at": c.updated_at}


@_cached
def article_choices() -> tuple[tuple[int, str], ...]:
    """(id, title) of the newest articles, for pickers."""
    with read_session() as s:
        return tuple((a.id, a.title) for a in articles.list_articles(s))


@_per_database(st.cache_data(max_entries=64, show_spinner=False))
def sentence_offsets(article_id: int, version: int) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of one version of an article's body (a version never changes)."""
    with read_session() as s:
        body = articles.require_article(s, article_id).body
    return tuple((x.start, x.end) for x in split_sentences(body))


@_cached
def article(article_id: int) -> dict | None:
    """An article's details, body and sentence offsets, or None when it does not exist."""
    with read_session() as s:
        a = articles.get_article(s, article_id)
        if a is None:
            return None
        out = {"id": a.id, "title": a.title, "body": a.body, "source_url": a.source_url,
               "publisher": a.publisher, "author": a.author, "published": a.published,
               "factcheck_url": a.factcheck_url, "version": a.version, "revision": a.revision}
    out["sentences"] = sentence_offsets(article_id, out["version"])
    return out


@_cached
def rating_labels() -> tuple[dict, ...]:
    """The rating scale: id, label, description, in published order."""
    with read_session() as s:
        return tuple({"id": r.id, "label": r.label, "description": r.description,
                      "rating_value": r.rating_value} for r in review.rating_scale(s))


@_cached
def article_claims(article_id: int) -> tuple[dict, ...]:
    """The claims of an article in reading order, with verdict label and citation count."""
    verdicts = {r["id"]: r["label"] for r in rating_labels()}
    with read_session() as s:
        rows = claims.list_claims(s, article_id=article_id)
        counts = claims.citation_counts(s, [c.id for c in rows])
        return tuple(_plain_claim(c, verdicts, counts) for c in rows)


@_cached
def claim_bundle(claim_id: int, actor: str | None) -> dict | None:
    """Everything the review page shows about a claim, or None when it does not exist."""
    verdicts = {r["id"]: r["label"] for r in rating_labels()}
    with read_session() as s:
        c = claims.get_claim(s, claim_id)
        if c is None:
            return None
        cites = citations.list_citations(s, claim_id=claim_id)
        out = _plain_claim(c, verdicts, {c.id: len(cites)})
        fetched = archive.latest(s, [x.id for x in cites])
        out["citation_rows"] = tuple(
            {"id": x.id, "url": x.url, "title": x.title, "publisher": x.publisher,
             "published": x.published, "quoted_passage": x.quoted_passage, "stance": x.stance,
             "source_type": x.source_type, "version": x.version, "created_by": x.created_by,
             "archive": _archive_line(fetched.get(x.id))}
            for x in cites)
        out["moves"] = tuple((m.action, m.refused) for m in review.possible_moves(s, c, actor))
        out["history"] = tuple(
            {"at": e.at, "actor": e.actor, "entity": e.entity, "action": e.action,
             "changes": e.changes} for e in audit.claim_history(s, claim_id))
        return out


def _archive_line(fetch) -> str | None:
    """What the archive knows of a cited page, in a few words (None: never fetched)."""
    if fetch is None:
        return None
    when = f"{fetch.fetched_at:%Y-%m-%d %H:%M} UTC"
    if fetch.outcome in ("archived", "unchanged"):
        return f"Archived {when}" + (f" (HTTP {fetch.http_status})" if fetch.http_status else "")
    if fetch.outcome == "changed":
        return f"Changed since it was cited (checked {when})"
    if fetch.outcome == "gone":
        return f"Gone (checked {when})"
    return f"Not archived: {fetch.error or 'the fetch failed'} ({when})"


def claims_stamp(rows: tuple[dict, ...]) -> tuple[int, int]:
    """A cheap key that changes whenever an article's claims change: their count, ids and versions."""
    return len(rows), sum(c["version"] for c in rows) + sum(c["id"] for c in rows)


@_cached
def claims_overview(article_id: int) -> dict:
    """What the workspace needs of an article's claims on every rerun, without the claims:
    ids in reading order, counts by status, verdict labels used, and a stamp (see claims_stamp)."""
    rows = article_claims(article_id)
    counts: dict[str, int] = {}
    for c in rows:
        counts[c["status"]] = counts.get(c["status"], 0) + 1
    return {"ids": tuple(c["id"] for c in rows), "counts": counts, "stamp": claims_stamp(rows),
            "verdicts": tuple(sorted({c["verdict"] for c in rows if c["verdict"]}))}


def _table(columns: dict[str, tuple[pa.DataType, list]]) -> pa.Table:
    return pa.table({name: pa.array(values, type=kind) for name, (kind, values) in columns.items()})


@_cached
def claims_table(article_id: int, stamp: tuple[int, int]) -> pa.Table:
    """The workspace's table of an article's claims, built once per change of its claims."""
    rows = article_claims(article_id)
    return _table({
        "#": (pa.int64(), [c["id"] for c in rows]),
        "Status": (pa.string(), [c["status"] for c in rows]),
        "Claim": (pa.string(), [c["text"] for c in rows]),  # whole: the table wraps it
        "Verdict": (pa.string(), [c["verdict"] or "" for c in rows]),
        "Sources": (pa.int64(), [c["citations"] for c in rows]),
        "Claimant": (pa.string(), [c["claimant"] or "" for c in rows]),
        "Type": (pa.string(), [c["claim_type"] for c in rows]),
    })


@_cached
def claim_span(article_id: int, stamp: tuple[int, int], claim_id: int) -> tuple[int, int] | None:
    """(start, end) of one claim of an article, or None; keyed on the claims' stamp, so never stale
    (a hit copies two ints, not the article's claims)."""
    found = next((c for c in article_claims(article_id) if c["id"] == claim_id), None)
    return None if found is None else (found["start"], found["end"])


@_cached
def article_labels() -> dict[int, str]:
    """"#id \u00b7 title" of the newest articles, for the article picker."""
    return {i: f"#{i} \u00b7 {short(title, 90)}" for i, title in article_choices()}


@_cached
def sentence_labels(article_id: int, version: int) -> tuple[str, ...]:
    """"1. First words of the sentence\u2026" for each sentence of an article, for the sentence picker."""
    a = article(article_id)
    if a is None:
        return ()
    return tuple(f"{n}. {short(a['body'][s:e], 110)}" for n, (s, e) in enumerate(a["sentences"], 1))


@_per_database(st.cache_resource(max_entries=32, show_spinner="Finding sentences worth checking\u2026"))
def _model_suggestions(article_id: int, version: int) -> tuple[str, tuple]:
    """The model's suggestions for one version of an article's body, with that body.

    A resource, not data: scoring a long article takes seconds, its result depends only on the body
    (fixed by the version), and write() clears st.cache_data after every change."""
    from workbench.suggest import suggest_claims

    with read_session() as s:
        body = articles.require_article(s, article_id).body
    return body, tuple(suggest_claims(body))


SUGGESTION_COLUMNS = ["Score", "Quote", "Type", "Claimant", "Why"]


@_cached
def pending_suggestions(article_id: int, version: int, stamp: tuple[int, int]) -> pa.Table:
    """The article's suggestions not dismissed and not yet claims, most harmful first (harm level,
    its tier, then the model's score: workbench.suggest.triage_key).

    Columns: SUGGESTION_COLUMNS to show, and start, end, quote (as in the body) to act on."""
    def suggest(body: str, *, all_sentences: bool = False) -> list:
        cached_body, found = _model_suggestions(article_id, version)
        if all_sentences or body != cached_body:  # the body changed since `version` was read
            from workbench.suggest import suggest_claims
            return suggest_claims(body, all_sentences=all_sentences)
        return list(found)

    with read_session() as s:
        found = suggestions_svc.pending_suggestions(s, article_id=article_id, suggest=suggest)
    from workbench.suggest import triage_key

    found.sort(key=triage_key)
    return _table({
        "Harm": (pa.string(), [x.harm or "" for x in found]),
        "Harm reason": (pa.string(), [x.harm_reason or "" for x in found]),
        "Quote": (pa.string(), [" ".join(x.quote.split()) for x in found]),
        "Type": (pa.string(), [x.type or "" for x in found]),
        "Claimant": (pa.string(), [x.claimant or "" for x in found]),
        "Score": (pa.float64(), [float(x.score or 0) for x in found]),
        "Why": (pa.string(), ["; ".join(x.reasons or ()) for x in found]),
        "start": (pa.int64(), [x.start for x in found]),
        "end": (pa.int64(), [x.end for x in found]),
        "quote": (pa.string(), [x.quote for x in found]),
    })


@_cached
def text_payload(article_id: int, stamp: tuple[int, int], mode: str,
                 suggested_version: int | None) -> str:
    """The article with its highlights, ready for span_select (see span_select.payload).

    With suggested_version (the article's version), pending suggestions are underlined too. The
    selected claim and the reviewer's selection are not in it (span_select draws them on top), so
    selecting changes nothing here and Streamlit sends the unchanged text as a reference."""
    a = article(article_id)
    spans: list[tuple[int, int]] = []
    if suggested_version is not None:
        table = pending_suggestions(article_id, suggested_version, stamp)
        spans = list(zip(table.column("start").to_pylist(), table.column("end").to_pylist()))
    rows = render_segments(len(a["body"]), article_claims(article_id), mode=mode, suggested=spans)
    return payload(a["body"], rows, a["sentences"])


@_cached
def checked_before(claim_id: int, version: int) -> pa.Table:
    """Checked claims (any article) that say the same as this claim, best first.

    Columns: Claim, Article (or the other desk), Verdict, Similarity and Link (another desk's
    review) to show; claim_id and article_id to open one of ours (null for another desk's)."""
    with read_session() as s:
        found = matching.find_matches(s, claim_id=claim_id)
    return _table({
        "Claim": (pa.string(), [m.text for m in found]),
        "Article": (pa.string(), [m.article_title for m in found]),
        "Link": (pa.string(), [m.external_url for m in found]),
        "Verdict": (pa.string(), [m.verdict or "" for m in found]),
        "Similarity": (pa.float64(), [float(m.score) for m in found]),
        "claim_id": (pa.int64(), [m.claim_id for m in found]),
        "article_id": (pa.int64(), [m.article_id for m in found]),
    })


@_cached
def library(search: str) -> pd.DataFrame:
    """The library table: the newest articles (or those matching `search`) with claims by status."""
    with read_session() as s:
        frame = stats.article_progress(s, search=search or None, limit=LIBRARY_SIZE)
    frame["done"] = 100 * frame["done"]
    return frame.rename(columns={"article_id": "id"})


@_cached
def dashboard() -> dict[str, pd.DataFrame]:
    """Every table of the dashboard: claims by status and verdict, progress, reviewer activity."""
    with read_session() as s:
        return {"status": stats.claims_by_status(s), "verdict": stats.claims_by_verdict(s),
                "progress": stats.article_progress(s), "reviewers": stats.reviewer_activity(s)}


@_cached
def export_choices() -> tuple[dict[int, str], list[str]]:
    """The articles (id -> title, newest first) and the rating labels, for the export filters."""
    with read_session() as s:
        titles = {a.id: a.title for a in articles.list_articles(s, limit=10_000)}
        labels = [r.label for r in review.rating_scale(s)]
    return titles, labels


@_cached
def claims_preview(filters: dict) -> pd.DataFrame:
    """The claims the export filters select (the same rows the CSV holds)."""
    with read_session() as s:
        return csv_export.claims_frame(s, **filters)


# The modules whose writes change only claims, their verdicts, citations or suggestion decisions.
CLAIM_WRITERS = frozenset({"workbench.claims", "workbench.review", "workbench.citations",
                           "workbench.suggest.decisions"})
_CLAIM_READS = (article_claims, claim_bundle, claims_overview, pending_suggestions, text_payload,
                checked_before, library, dashboard, claims_preview)
_ARTICLE_READS = (article_choices, article, rating_labels, article_labels, sentence_labels,
                  export_choices)


def forget_after(write: Callable) -> None:
    """Clear the cached reads a successful write by the service function `write` may have changed.

    Claims tables are keyed on the claims' stamp and need no clearing (a change makes a new key);
    sentences and model suggestions are keyed on the article's version and never go stale."""
    claims_only = getattr(write, "__module__", None) in CLAIM_WRITERS
    for read in _CLAIM_READS if claims_only else _CLAIM_READS + _ARTICLE_READS:
        read.clear()
