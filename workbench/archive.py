"""Archived sources: what a cited page said when it was cited, and whether it still says it.

Pages are fetched with the guarded client of URL import (workbench.ingest.fetch: http and https
only, private addresses refused on every redirect unless WORKBENCH_ALLOW_PRIVATE_URLS=1, the same
size and time limits). A fetch never raises: a failure is recorded as one. Fetching happens before
anything is written, so no database write lock is held while a server is slow.
"""
from __future__ import annotations

import difflib
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from db.tables import Citation, Claim, SourceArchive
from workbench import audit, users
from workbench.errors import FetchFailed, ImportRefused
from workbench.ingest import FETCH_MAX_BYTES, FETCH_TIMEOUT

ARCHIVE_ENV = "WORKBENCH_ARCHIVE_SOURCES"
ARCHIVED, FAILED, UNCHANGED, CHANGED, GONE = "archived", "failed", "unchanged", "changed", "gone"
# Read at call time, so that a desk (or a test) can lower them; the defaults are import's limits.
TIMEOUT = FETCH_TIMEOUT
MAX_BYTES = FETCH_MAX_BYTES
DIFF_CONTEXT = 6  # words of unchanged text kept on each side of a change
_PARALLEL_FETCHES = 4


def archiving_enabled() -> bool:
    """Whether adding a citation archives its page: on unless WORKBENCH_ARCHIVE_SOURCES is 0 (or off)."""
    return os.environ.get(ARCHIVE_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


@dataclass(frozen=True)
class Snapshot:
    """One fetch of a page, successful or not (then error says why and gone whether it is missing)."""

    url: str
    final_url: str | None = None
    http_status: int | None = None
    sha256: str | None = None
    content_type: str | None = None
    main_text: str | None = None
    error: str | None = None
    gone: bool = False


def fetch_snapshot(url: str) -> Snapshot:
    """Fetch a page through the guarded client and extract its main text; never raises."""
    from workbench.ingest import fetch as http

    try:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise ImportRefused(f"{url} is not an http(s) address; only web pages can be archived.")
        guard = not http.private_urls_allowed(None)
        if guard:
            http.vetted_addresses(parts.hostname)
        page = http.fetch_page(url, timeout=TIMEOUT, max_bytes=MAX_BYTES, guard=guard)
    except FetchFailed as failure:
        return Snapshot(url, http_status=failure.status, error=str(failure), gone=failure.gone)
    except ImportRefused as refusal:
        return Snapshot(url, error=str(refusal))
    return Snapshot(url, page.final_url, page.status, hashlib.sha256(page.data).hexdigest(),
                    page.content_type, _main_text(page.data, page.content_type, page.charset, page.final_url))


def _main_text(data: bytes, content_type: str | None, charset: str | None, url: str) -> str | None:
    """The main text of a page (trafilatura) or a plain-text document; None for other types."""
    from workbench.ingest.formats import decode, looks_like_html, meta_charset, normalise_newlines

    kind = content_type or ("text/html" if looks_like_html(data) else "text/plain")
    try:
        if kind in ("text/html", "application/xhtml+xml"):
            import trafilatura

            text, _ = decode(data, "The page", declared=charset or meta_charset(data))
            return trafilatura.extract(text, url=url, include_comments=False, include_tables=True) or None
        if kind == "text/plain":
            return normalise_newlines(decode(data, "The page", declared=charset)[0]).strip() or None
    except ImportRefused:  # binary or undecodable: the hash still records what was served
        return None
    return None


def _row(citation_id: int, snap: Snapshot, outcome: str, actor: str, diff: str | None = None) -> SourceArchive:
    return SourceArchive(citation_id=citation_id, url=snap.url, final_url=snap.final_url,
                         http_status=snap.http_status, sha256=snap.sha256,
                         content_type=(snap.content_type or "")[:100] or None, main_text=snap.main_text,
                         outcome=outcome, error=snap.error, diff=diff, fetched_by=actor)


def record_archive(session: Session, *, citation_id: int, snapshot: Snapshot, actor: str) -> SourceArchive:
    """Store the first fetch of a cited page: archived, or failed with the reason."""
    row = _row(citation_id, snapshot, FAILED if snapshot.error else ARCHIVED, audit.require_actor(actor))
    session.add(row)
    session.flush()
    return row


def history(session: Session, citation_id: int) -> list[SourceArchive]:
    """Every fetch of a citation's page, oldest first."""
    return list(session.exec(select(SourceArchive).where(SourceArchive.citation_id == citation_id)
                             .order_by(SourceArchive.id)))


def archived_copy(session: Session, citation_id: int) -> SourceArchive | None:
    """The page as first archived (what the reviewer read), or None when no fetch has succeeded."""
    return session.exec(select(SourceArchive).where(SourceArchive.citation_id == citation_id,
                                                    SourceArchive.outcome == ARCHIVED)
                        .order_by(SourceArchive.id)).first()


def latest(session: Session, citation_ids: list[int]) -> dict[int, SourceArchive]:
    """The latest fetch of each of these citations' pages."""
    rows = session.exec(select(SourceArchive).where(col(SourceArchive.citation_id).in_(citation_ids))
                        .order_by(SourceArchive.id)) if citation_ids else []
    return {row.citation_id: row for row in rows}


def word_diff(old: str, new: str, *, context: int = DIFF_CONTEXT) -> str:
    """The changes from old to new word by word: [-removed-] {+added+}, long unchanged runs cut to …"""
    a, b = old.split(), new.split()
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            same = a[i1:i2]
            first, last = i1 == 0, i2 == len(a)
            if len(same) > 2 * context:
                head = [] if first else same[:context]
                tail = [] if last else same[-context:]
                parts.append(" ".join([*head, "\u2026", *tail]).strip())
            else:
                parts.append(" ".join(same))
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(p for p in parts if p)


def _compare(before: SourceArchive, now: Snapshot) -> tuple[str, str | None]:
    """unchanged, or changed with a word diff of the main text (the raw hash when there is no text)."""
    if before.main_text is not None and now.main_text is not None:
        if before.main_text.split() == now.main_text.split():
            return UNCHANGED, None
        return CHANGED, word_diff(before.main_text, now.main_text)
    return (UNCHANGED, None) if before.sha256 == now.sha256 else (CHANGED, None)


@dataclass(frozen=True)
class Recheck:
    """The outcome of fetching a cited page again."""

    citation_id: int
    claim_id: int
    url: str
    outcome: str  # unchanged | changed | gone | failed | archived (no earlier copy)
    diff: str | None
    error: str | None


def recheck_sources(session: Session, *, actor: str, article_id: int | None = None) -> list[Recheck]:
    """Fetch again the pages cited by an article's claims (or every article's) and flag each as
    unchanged, changed (with a word diff of the main text against the archived copy) or gone; a
    fetch that fails otherwise is "failed". A citation never archived gets its archive now."""
    actor = users.require(session, actor, "citation.recheck")
    query = select(Citation).order_by(Citation.claim_id, Citation.id)
    if article_id is not None:
        query = query.join(Claim, Claim.id == Citation.claim_id).where(Claim.article_id == article_id)
    cited = list(session.exec(query))
    with ThreadPoolExecutor(_PARALLEL_FETCHES) as pool:
        snapshots = list(pool.map(fetch_snapshot, [c.url for c in cited]))
    results = []
    for citation, snap in zip(cited, snapshots, strict=True):
        before = archived_copy(session, citation.id)
        diff = None
        if snap.error:
            outcome = GONE if snap.gone else FAILED
        elif before is None:
            outcome = ARCHIVED
        else:
            outcome, diff = _compare(before, snap)
        session.add(_row(citation.id, snap, outcome, actor, diff))
        results.append(Recheck(citation.id, citation.claim_id, citation.url, outcome, diff, snap.error))
    session.flush()
    return results
