"""Articles: import, look-up, listing with claim counts, body corrections and deletion."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from db.tables import Article, ArticleRevision, Claim, utcnow
from workbench import audit, concurrency
from workbench.anchoring import CONTEXT_CHARS, reanchor
from workbench.errors import DuplicateArticle, ImportRefused, InvalidInput, NotFound

from workbench.ingest import MAX_TEXT_CHARS
from workbench.ingest import ImportedDocument

_EDITABLE = ("title", "source_url", "publisher", "author", "published")


def body_sha256(body: str) -> str:
    """The sha256 of a body's UTF-8 bytes, as hex."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the library: an article and its claim counts by status."""

    id: int
    title: str
    source_url: str | None
    publisher: str | None
    created_at: object
    created_by: str
    chars: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def check_body(body: str) -> None:
    """Refuse an article body that is empty or longer than MAX_TEXT_CHARS."""
    if not body or not body.strip():
        raise ImportRefused("The article text is empty: there is nothing to check.")
    if len(body) > MAX_TEXT_CHARS:
        raise ImportRefused(f"The article text has {len(body):,} characters; the limit is "
                            f"{MAX_TEXT_CHARS:,}. Split it into several articles.")


def find_by_body(session: Session, body: str) -> Article | None:
    """The article whose current body is exactly this text, if any."""
    digest = body_sha256(body)
    return session.exec(select(Article).where(Article.body_sha256 == digest)).first()


def import_document(session: Session, *, doc: ImportedDocument, actor: str) -> Article:
    """Store an imported document as a new article (revision 1); refuses empty, oversized, duplicate."""
    actor = audit.require_actor(actor)
    body = doc.body
    check_body(body)
    existing = find_by_body(session, body)
    if existing is not None:
        raise DuplicateArticle(f"This text was already imported as article #{existing.id} "
                               f"\u201c{existing.title}\u201d.", existing.id)
    title = (doc.title or "").strip() or body.strip().splitlines()[0][:120]
    article = Article(title=title[:500], source_url=doc.source_url, publisher=doc.publisher,
                      author=doc.author, published=doc.published, body=body,
                      body_sha256=body_sha256(body), import_format=doc.format,
                      created_by=actor, updated_by=actor)
    session.add(article)
    session.flush()
    session.add(ArticleRevision(article_id=article.id, revision=1, body=body,
                                body_sha256=article.body_sha256, created_by=actor,
                                note="imported"))
    audit.record(session, actor=actor, entity="article", entity_id=article.id, action="create",
                 article_id=article.id, version=article.version,
                 changes={k: [None, v] for k, v in audit.snapshot(article, ("body",)).items()}
                 | {"body": [None, f"{len(body)} characters, sha256 {article.body_sha256[:12]}"]})
    return article


def get_article(session: Session, article_id: int) -> Article | None:
    """The article with this id, or None."""
    return session.get(Article, article_id)


def require_article(session: Session, article_id: int) -> Article:
    """The article with this id; NotFound when it does not exist."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"Article #{article_id} does not exist (it may have been deleted).")
    return article


def filter_by_text(query, search: str | None):
    """The query restricted to articles whose title or body text contains `search` (any case)."""
    if search and search.strip():
        term = f"%{search.strip()}%"
        query = query.where(or_(col(Article.title).ilike(term), col(Article.body).ilike(term)))
    return query


def list_articles(session: Session, *, search: str | None = None, limit: int = 500) -> list[ArticleSummary]:
    """Articles, newest first, with claim counts by status; search matches title and body text."""
    query = select(Article.id, Article.title, Article.source_url, Article.publisher,
                   Article.created_at, Article.created_by, func.length(Article.body))
    rows = session.exec(filter_by_text(query, search).order_by(col(Article.id).desc()).limit(limit)).all()
    ids = [r[0] for r in rows]
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    if ids:
        for article_id, status, n in session.exec(
                select(Claim.article_id, Claim.status, func.count()).where(col(Claim.article_id).in_(ids))
                .group_by(Claim.article_id, Claim.status)):
            counts[article_id][status] = n
    return [ArticleSummary(id=r[0], title=r[1], source_url=r[2], publisher=r[3], created_at=r[4],
                           created_by=r[5], chars=r[6] or 0, counts=counts[r[0]]) for r in rows]


def _check_version(session: Session, article: Article, expected_version: int) -> None:
    concurrency.check_version(session, article, expected_version, entity="article",
                              label=f"Article #{article.id}")


def update_article(session: Session, *, article_id: int, expected_version: int, actor: str,
                   title: str | None = None, source_url: str | None = None,
                   publisher: str | None = None, author: str | None = None,
                   published: date | None = None, factcheck_url: str | None = None) -> Article:
    """Edit an article's details (not its body: see correct_body); a value left None is kept.

    factcheck_url is where the desk published its fact check of the article (ClaimReview's url);
    an empty string clears it."""
    actor = audit.require_actor(actor)
    article = require_article(session, article_id)
    _check_version(session, article, expected_version)
    before = audit.snapshot(article, ("body",))
    given = {"title": title, "source_url": source_url, "publisher": publisher, "author": author,
             "published": published}
    for key, value in given.items():
        if value is not None:
            if key == "title" and not str(value).strip():
                raise InvalidInput("An article needs a title.")
            setattr(article, key, value)
    if factcheck_url is not None:
        from workbench.citations import validate_url  # citations imports this module

        try:
            article.factcheck_url = validate_url(factcheck_url) if factcheck_url.strip() else None
        except InvalidInput:
            raise InvalidInput(f"\u201c{factcheck_url[:80]}\u201d is not a web address: the fact-check "
                               "URL must start with http:// or https://.") from None
    article.updated_by, article.updated_at = actor, utcnow()
    _flush(session, article)
    changes = audit.diff(before, audit.snapshot(article, ("body",)))
    changes.pop("version", None)
    audit.record(session, actor=actor, entity="article", entity_id=article.id, action="update",
                 article_id=article.id, version=article.version, changes=changes)
    return article


@dataclass
class ReanchorReport:
    """What happened to the claims of an article when its body was corrected."""

    revision: int
    moved: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)


def correct_body(session: Session, *, article_id: int, new_body: str, expected_version: int,
                 actor: str, note: str | None = None) -> ReanchorReport:
    """Replace an article's body with a corrected text as a new revision and re-anchor its claims.

    Claims that cannot be found again are flagged orphaned, never dropped."""
    actor = audit.require_actor(actor)
    article = require_article(session, article_id)
    _check_version(session, article, expected_version)
    if not new_body.strip():
        raise InvalidInput("The corrected text is empty.")
    if len(new_body) > MAX_TEXT_CHARS:
        raise InvalidInput(f"The corrected text has {len(new_body):,} characters; the limit is "
                           f"{MAX_TEXT_CHARS:,}.")
    if new_body == article.body:
        raise InvalidInput("The corrected text is the same as the current text.")
    old_sha = article.body_sha256
    article.body, article.body_sha256 = new_body, body_sha256(new_body)
    article.revision += 1
    article.updated_by, article.updated_at = actor, utcnow()
    session.add(ArticleRevision(article_id=article.id, revision=article.revision, body=new_body,
                                body_sha256=article.body_sha256, created_by=actor, note=note))
    report = ReanchorReport(revision=article.revision)
    for claim in session.exec(select(Claim).where(Claim.article_id == article.id)):
        found = reanchor(new_body, quote=claim.quote, prefix=claim.prefix, suffix=claim.suffix,
                         old_start=claim.start)
        before = {"start": claim.start, "end": claim.end, "quote": claim.quote,
                  "orphaned": claim.orphaned}
        if found is None:
            claim.orphaned = True
            report.orphaned.append(claim.id)
        else:
            s, e = found
            claim.start, claim.end, claim.orphaned = s, e, False
            claim.quote = new_body[s:e]
            claim.prefix = new_body[max(0, s - CONTEXT_CHARS):s]
            claim.suffix = new_body[e:e + CONTEXT_CHARS]
            (report.unchanged if before["start"] == s and before["quote"] == claim.quote
             else report.moved).append(claim.id)
        after = {"start": claim.start, "end": claim.end, "quote": claim.quote,
                 "orphaned": claim.orphaned}
        if after != before:
            claim.updated_by, claim.updated_at = actor, utcnow()
            _flush(session, article)
            audit.record(session, actor=actor, entity="claim", entity_id=claim.id, action="reanchor",
                         article_id=article.id, claim_id=claim.id, version=claim.version,
                         changes=audit.diff(before, after))
    _flush(session, article)
    audit.record(session, actor=actor, entity="article", entity_id=article.id, action="update",
                 article_id=article.id, version=article.version,
                 changes={"body": [f"revision {article.revision - 1}, sha256 {old_sha[:12]}",
                                   f"revision {article.revision}, sha256 {article.body_sha256[:12]}"],
                          "orphaned_claims": [None, report.orphaned]})
    return report


def delete_article(session: Session, *, article_id: int, actor: str) -> None:
    """Delete an article with its claims and citations; the audit trail keeps what it was."""
    actor = audit.require_actor(actor)
    article = require_article(session, article_id)
    n_claims = session.exec(select(func.count()).where(Claim.article_id == article_id)).one()
    audit.record(session, actor=actor, entity="article", entity_id=article.id, action="delete",
                 article_id=article.id, version=article.version,
                 changes={k: [v, None] for k, v in audit.snapshot(article, ("body",)).items()}
                 | {"claims": [n_claims, 0]})
    session.delete(article)
    _flush(session, article)


def revisions(session: Session, article_id: int) -> list[ArticleRevision]:
    """Every body this article has had, oldest first."""
    return list(session.exec(select(ArticleRevision).where(ArticleRevision.article_id == article_id)
                             .order_by(ArticleRevision.revision)))


def _flush(session: Session, article: Article) -> None:
    concurrency.flush(session, f"Article #{article.id}")
