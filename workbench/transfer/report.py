"""The fact-check report of an article, as self-contained printable HTML (with the ClaimReview items
of its claims embedded) or as Markdown: what was checked, what was found, on what evidence, by whom,
and what was corrected after approval. Every piece of user text is escaped."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from html import escape
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from db.tables import Citation, Claim, Rating
from workbench import archive, audit
from workbench.articles import require_article
from workbench.errors import InvalidInput, PublishingRefused
from workbench.review import PUBLISHED_STATUSES
from workbench.transfer import claimreview

CONTEXT_CHARS = 160
FORMATS = ("html", "md")


@dataclass(frozen=True)
class Source:
    """A citation as the report shows it, with what the archive knows of its page."""

    url: str
    title: str | None
    publisher: str | None
    published: date | None
    stance: str
    passage: str | None
    archive: str | None  # the latest fetch's outcome: archived, changed, gone, ...


@dataclass(frozen=True)
class CheckedClaim:
    """A checked or approved claim with its verdict, evidence and reviewers."""

    id: int
    text: str
    before: str
    quote: str
    after: str
    claimant: str | None
    claimant_kind: str | None
    status: str
    verdict: str
    verdict_value: int | None
    verdict_description: str | None
    rationale: str | None
    checked_by: str | None
    checked_at: datetime | None
    approved_by: str | None
    approved_at: datetime | None
    sources: list[Source]


@dataclass(frozen=True)
class Correction:
    """A claim reopened after it was approved."""

    claim_id: int
    text: str
    reopened_by: str
    reopened_at: datetime
    verdict_then: str | None
    status_now: str
    verdict_now: str | None


@dataclass(frozen=True)
class Report:
    """Everything the report says, before it is rendered."""

    article_id: int
    title: str
    source_url: str | None
    publisher: str | None
    author: str | None
    published: date | None
    desk: str
    made_at: datetime
    claims: list[CheckedClaim]
    corrections: list[Correction]
    claimreview: list[dict] = field(default_factory=list)
    claimreview_missing: str | None = None  # why the items are left out


def build_report(session: Session, *, article_id: int,
                 desk: claimreview.DeskSettings | None = None) -> Report:
    """Gather an article's report: its checked and approved claims in reading order, and corrections."""
    article = require_article(session, article_id)
    desk = desk or claimreview.desk_settings()
    ratings = {r.id: r for r in session.exec(select(Rating))}
    rows = list(session.exec(select(Claim).where(Claim.article_id == article_id,
                                                 col(Claim.status).in_(PUBLISHED_STATUSES),
                                                 col(Claim.rating_id).is_not(None))
                             .order_by(Claim.start, Claim.end, Claim.id)))
    cited = list(session.exec(select(Citation).where(col(Citation.claim_id).in_([c.id for c in rows]))
                              .order_by(Citation.id))) if rows else []
    fetched = archive.latest(session, [c.id for c in cited])
    sources: dict[int, list[Source]] = {}
    for c in cited:
        last = fetched.get(c.id)
        sources.setdefault(c.claim_id, []).append(Source(
            c.url, c.title, c.publisher, c.published, c.stance, c.quoted_passage, last.outcome if last else None))
    claims = []
    for c in rows:
        rating = ratings[c.rating_id]
        before, after = _context(article.body, c) if not c.orphaned else ("", "")
        claims.append(CheckedClaim(
            c.id, c.text, before, c.quote, after, c.claimant, claimreview.claimant_kind(c), c.status,
            rating.label, rating.rating_value, rating.description, c.rationale, c.verdict_by, c.verdict_at,
            c.approved_by, c.approved_at, sources.get(c.id, [])))
    try:
        items, missing = claimreview.claimreview_items(session, desk=desk, article_id=article_id), None
    except PublishingRefused as refused:
        items, missing = [], str(refused)
    return Report(article.id, article.title, article.source_url, article.publisher, article.author,
                  article.published, desk.name, datetime.now(timezone.utc), claims,
                  _corrections(session, article_id, ratings), items, missing)


def _context(body: str, claim: Claim) -> tuple[str, str]:
    """Up to CONTEXT_CHARS of the body on each side of the quote, cut at a word boundary."""
    before = body[max(0, claim.start - CONTEXT_CHARS):claim.start]
    after = body[claim.end:claim.end + CONTEXT_CHARS]
    if claim.start > CONTEXT_CHARS:
        before = "\u2026" + before.split(" ", 1)[-1]
    if claim.end + CONTEXT_CHARS < len(body):
        after = after.rsplit(" ", 1)[0] + "\u2026"
    return " ".join(before.split()) + (" " if before[-1:].isspace() else ""), \
        (" " if after[:1].isspace() else "") + " ".join(after.split())


def _corrections(session: Session, article_id: int, ratings: dict[int, Rating]) -> list[Correction]:
    """Every reopening of an approved claim of the article, oldest first, with the verdict it had."""
    verdicts: dict[int, str | None] = {}
    out = []
    for event in audit.article_history(session, article_id):
        if event.claim_id is None:
            continue
        if "verdict" in event.changes:
            verdicts[event.claim_id] = event.changes["verdict"][1]
        elif "rating_id" in event.changes and event.changes["rating_id"][1] in ratings:
            verdicts[event.claim_id] = ratings[event.changes["rating_id"][1]].label
        if event.action == "reopen" and event.changes.get("status", [None])[0] == "approved":
            claim = session.get(Claim, event.claim_id)
            out.append(Correction(
                event.claim_id, claim.text if claim else "(claim since deleted)", event.actor, event.at,
                verdicts.get(event.claim_id), claim.status if claim else "deleted",
                ratings[claim.rating_id].label if claim and claim.rating_id in ratings else None))
    return out


def render(report: Report, fmt: str) -> str:
    """The report as html or md."""
    if fmt == "html":
        from workbench.transfer.report_html import render_html

        return render_html(report)
    if fmt == "md":
        return render_markdown(report)
    raise InvalidInput(f"\u201c{fmt}\u201d is not a report format; use html or md.")


def article_report(session: Session, *, article_id: int, fmt: str = "html",
                   desk: claimreview.DeskSettings | None = None) -> str:
    """An article's fact-check report as HTML or Markdown text."""
    if fmt not in FORMATS:
        raise InvalidInput(f"\u201c{fmt}\u201d is not a report format; use html or md.")
    return render(build_report(session, article_id=article_id, desk=desk), fmt)


def safe_link(url: str | None) -> str | None:
    """The URL when it is an http(s) address, else None (never a javascript: or data: link)."""
    if url and urlsplit(url).scheme.lower() in ("http", "https") and not re.search(r"[\s<>\"']", url):
        return url
    return None


def when(value: datetime | date | None) -> str:
    """A date (UTC day for times) as 2026-01-31, or an empty string."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).date().isoformat()
    return value.isoformat()


# --- Markdown -------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md(text: str | None) -> str:
    """User text for Markdown: HTML-escaped (a renderer passes raw HTML through) and with Markdown's
    punctuation backslash-escaped, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", escape(" ".join((text or "").split()), quote=False))


def render_markdown(report: Report) -> str:
    """The report as Markdown."""
    lines = [f"# Fact check: {md(report.title)}", ""]
    source = [md(x) for x in (report.publisher, report.author) if x]
    if report.published:
        source.append(when(report.published))
    if safe_link(report.source_url):
        source.append(f"<{escape(report.source_url)}>")
    if source:
        lines += ["Source: " + ", ".join(source), ""]
    lines += [f"Checked by {md(report.desk)}; report made {when(report.made_at)}. "
              f"{len(report.claims)} claim(s) checked.", ""]
    for n, c in enumerate(report.claims, start=1):
        lines += [f"## {n}. {md(c.text)}", "",
                  f"> {md(c.before)}**{md(c.quote)}**{md(c.after)}", ""]
        if c.claimant:
            lines.append(f"- **Claimant:** {md(c.claimant)} ({c.claimant_kind})")
        lines.append(f"- **Verdict:** {md(c.verdict)}" + (f" ({md(c.verdict_description)})"
                                                          if c.verdict_description else ""))
        if c.rationale:
            lines.append(f"- **Rationale:** {md(c.rationale)}")
        lines.append(f"- **Checked by:** {md(c.checked_by)} on {when(c.checked_at)}")
        if c.approved_by:
            lines.append(f"- **Approved by:** {md(c.approved_by)} on {when(c.approved_at)}")
        lines += ["", "Sources:", ""]
        for s in c.sources:
            bits = [f"[{md(s.title or s.url)}](<{escape(s.url)}>)" if safe_link(s.url) else md(s.url)]
            bits += [md(x) for x in (s.publisher,) if x] + ([when(s.published)] if s.published else [])
            bits.append(f"*{md(s.stance)}*")
            if s.archive:
                bits.append(f"archive: {md(s.archive)}")
            lines.append("- " + ", ".join(bits) + (f": \u201c{md(s.passage)}\u201d" if s.passage else ""))
        if not c.sources:
            lines.append("- (none)")
        lines.append("")
    if report.corrections:
        lines += ["## Corrections", ""]
        for k in report.corrections:
            lines.append(f"- Claim {k.claim_id}, \u201c{md(k.text)}\u201d: reopened by {md(k.reopened_by)} on "
                         f"{when(k.reopened_at)} after approval (verdict then: {md(k.verdict_then or '-')}; "
                         f"now {md(k.status_now)}, {md(k.verdict_now or 'no verdict')}).")
        lines.append("")
    return "\n".join(lines)
