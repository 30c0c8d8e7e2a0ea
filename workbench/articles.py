"""Articles: import, look-up, listing with claim counts, body corrections and deletion."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from db.tables import Article, ArticleRevision, Claim, utcnow
from workbench import audit, concurrency, lookup, text_rules, users
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


def check_body(body: str) -> str:
    """The body under the text rules; refused when empty or longer than MAX_TEXT_CHARS."""
    body = text_rules.multi_line(body or "")
    if not body.strip():
        raise ImportRefused("The article text is empty: there is nothing to check.")
    if len(body) > MAX_TEXT_CHARS:
        raise ImportRefused(f"The article text has {len(body):,} characters; the limit is "
                            f"{MAX_TEXT_CHARS:,}. Split it into several articles.")
    return body


def find_by_body(session: Session, body: str) -> Article | None:
    """The article whose current body is exactly this text, if any."""
    digest = body_sha256(body)
    return session.exec(select(Article).where(Article.body_sha256 == digest)).first()


def import_document(session: Session, *, doc: ImportedDocument, actor: str) -> Article:
    """Store an imported document as a new article (revision 1); refuses empty, oversized, duplicate."""
    actor = users.require(session, actor, "article.import")
    body = check_body(doc.body)
    existing = find_by_body(session, body)
    if existing is not None:
        where = " (it is in the trash: restore it)" if existing.deleted_at else ""
        raise DuplicateArticle(f"This text was already imported as article #{existing.id} "
                               f"\u201c{existing.title}\u201d{where}.", existing.id)
    title = text_rules.single_line(doc.title or "").strip() or body.strip().splitlines()[0][:120]
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
    """The article with this id, or None (also when it is in the trash)."""
    article = lookup.get(session, Article, article_id)
    return article if article is not None and article.deleted_at is None else None


def require_article(session: Session, article_id: int, *, in_trash: bool = False) -> Article:
    """The article with this id, outside the trash (or inside it, with in_trash); NotFound otherwise."""
    article = lookup.require(session, Article, article_id,
                             f"Article #{article_id} does not exist (it may have been deleted).")
    if (article.deleted_at is not None) != in_trash:
        where = "in the trash (restore it first)" if article.deleted_at else "not in the trash"
        raise NotFound(f"Article #{article_id} is {where}.")
    return article


def live(query):
    """The query restricted to articles outside the trash (for every list, search, count, export)."""
    return query.where(col(Article.deleted_at).is_(None))


def filter_by_text(query, search: str | None):
    """The query restricted to articles outside the trash whose title or body contains `search`."""
    query = live(query)
    term = text_rules.search_term(search)
    if term:
        like = f"%{term}%"
        query = query.where(or_(col(Article.title).ilike(like), col(Article.body).ilike(like)))
    return query


def list_articles(session: Session, *, search: str | None = None, limit: int = 500) -> list[ArticleSummary]:
    """Articles outside the trash, newest first, with claim counts by status; search matches title
    and body text."""
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
    actor = users.require(session, actor, "article.edit")
    article = require_article(session, article_id)
    _check_version(session, article, expected_version)
    before = audit.snapshot(article, ("body",))
    given = {"title": title, "source_url": source_url, "publisher": publisher, "author": author,
             "published": published}
    for key, value in given.items():
        if value is not None:
            if isinstance(value, str):
                value = text_rules.single_line(value).strip()
            if key == "title" and not value:
                raise InvalidInput("An article needs a title.")
            if key == "source_url":
                value = _source_url(value)
            elif isinstance(value, str):
                value = value.strip() or None
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


def _source_url(url: str) -> str | None:
    """An article's source URL trimmed, None when blank; only absolute http(s) URLs are accepted."""
    url = url.strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in url:
        raise InvalidInput(f"\u201c{url[:80]}\u201d is not a web address: a source URL must start "
                           "with http:// or https:// and name a site.")
    if len(url) > 2000:
        raise InvalidInput("The source URL is longer than 2,000 characters.")
    return url


@dataclass
class ReanchorReport:
    """What happens to the claims of an article when its body is corrected: ids by outcome.

    unchanged: same words, same place; moved: same words elsewhere; fuzzy: found again, but the
    quoted words changed; orphaned: not found (the claim is kept and flagged)."""

    revision: int
    moved: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)
    fuzzy: list[int] = field(default_factory=list)
    spans: dict[int, tuple[int, int] | None] = field(default_factory=dict)


def _check_correction(article: Article, new_body: str) -> None:
    if not new_body.strip():
        raise InvalidInput("The corrected text is empty.")
    if len(new_body) > MAX_TEXT_CHARS:
        raise InvalidInput(f"The corrected text has {len(new_body):,} characters; the limit is "
                           f"{MAX_TEXT_CHARS:,}.")
    if new_body == article.body:
        raise InvalidInput("The corrected text is the same as the current text.")


def _plan(new_body: str, claims, revision: int) -> ReanchorReport:
    report = ReanchorReport(revision=revision)
    for claim in claims:
        found = reanchor(new_body, quote=claim.quote, prefix=claim.prefix, suffix=claim.suffix,
                         old_start=claim.start)
        report.spans[claim.id] = found
        if found is None:
            report.orphaned.append(claim.id)
        elif new_body[found[0]:found[1]] != claim.quote:
            report.fuzzy.append(claim.id)
        else:
            (report.unchanged if found[0] == claim.start else report.moved).append(claim.id)
    return report


def preview_correction(session: Session, *, article_id: int, new_body: str) -> ReanchorReport:
    """What correct_body would do to each claim, without changing anything (a dry run)."""
    article = require_article(session, article_id)
    new_body = text_rules.multi_line(new_body or "")
    _check_correction(article, new_body)
    table = Claim.__table__
    rows = session.execute(select(table).where(table.c.article_id == article_id)
                           .order_by(table.c.start, table.c.id)).all()
    return _plan(new_body, rows, article.revision + 1)


def correct_body(session: Session, *, article_id: int, new_body: str, expected_version: int,
                 actor: str, note: str | None = None) -> ReanchorReport:
    """Replace an article's body with a corrected text as a new revision and re-anchor its claims.

    Claims that cannot be found again are flagged orphaned, never dropped."""
    actor = users.require(session, actor, "article.correct")
    article = require_article(session, article_id)
    _check_version(session, article, expected_version)
    new_body = text_rules.multi_line(new_body or "")
    _check_correction(article, new_body)
    old_sha = article.body_sha256
    article.body, article.body_sha256 = new_body, body_sha256(new_body)
    article.revision += 1
    article.updated_by, article.updated_at = actor, utcnow()
    session.add(ArticleRevision(article_id=article.id, revision=article.revision, body=new_body,
                                body_sha256=article.body_sha256, created_by=actor, note=note))
    claims = list(session.exec(select(Claim).where(Claim.article_id == article.id)))
    report = _plan(new_body, claims, article.revision)
    for claim in claims:
        found = report.spans[claim.id]
        before = {"start": claim.start, "end": claim.end, "quote": claim.quote,
                  "orphaned": claim.orphaned}
        if found is None:
            claim.orphaned = True
        else:
            s, e = found
            claim.start, claim.end, claim.orphaned = s, e, False
            claim.quote = new_body[s:e]
            claim.prefix = new_body[max(0, s - CONTEXT_CHARS):s]
            claim.suffix = new_body[e:e + CONTEXT_CHARS]
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


def authorize_deletion(session: Session, actor: str) -> users.Actor:
    """The one place that decides who may delete, restore or purge an article: an admin (in local
    mode, the one person at the laptop)."""
    return users.require(session, actor, "article.delete")


def delete_article(session: Session, *, article_id: int, expected_version: int, actor: str) -> Article:
    """Move an article, as read at `expected_version`, to the trash; its claims go with it.

    Nothing is removed: restore_article brings it back, purge_article removes it for good."""
    actor = authorize_deletion(session, actor)
    article = require_article(session, article_id)
    _check_version(session, article, expected_version)
    n_claims = session.exec(select(func.count()).where(Claim.article_id == article_id)).one()
    article.deleted_at, article.deleted_by = utcnow(), actor
    _flush(session, article)
    audit.record(session, actor=actor, entity="article", entity_id=article.id, action="delete",
                 article_id=article.id, version=article.version,
                 changes={k: [v, None] for k, v in audit.snapshot(article, _NOT_SHOWN).items()}
                 | {"claims": [n_claims, 0], "trash": [None, audit.plain(article.deleted_at)]})
    return article


def list_trash(session: Session) -> list[Article]:
    """The articles in the trash, most recently deleted first."""
    return list(session.exec(select(Article).where(col(Article.deleted_at).is_not(None))
                             .order_by(col(Article.deleted_at).desc(), col(Article.id).desc())))


def restore_article(session: Session, *, article_id: int, actor: str) -> Article:
    """Bring an article and its claims back from the trash."""
    actor = authorize_deletion(session, actor)
    article = require_article(session, article_id, in_trash=True)
    before = {"deleted_at": audit.plain(article.deleted_at), "deleted_by": article.deleted_by}
    article.deleted_at, article.deleted_by = None, None
    article.updated_by, article.updated_at = actor, utcnow()
    _flush(session, article)
    audit.record(session, actor=actor, entity="article", entity_id=article.id, action="restore",
                 article_id=article.id, version=article.version,
                 changes={k: [v, None] for k, v in before.items()})
    return article


def purge_article(session: Session, *, article_id: int, actor: str) -> None:
    """Remove an article in the trash for good, with its claims, citations and revisions.

    The history keeps the purge, who did it and the article's details (not its body)."""
    actor = authorize_deletion(session, actor)
    article = require_article(session, article_id, in_trash=True)
    n_claims = session.exec(select(func.count()).where(Claim.article_id == article_id)).one()
    audit.record(session, actor=actor, entity="article", entity_id=article.id, action="purge",
                 article_id=article.id, version=article.version,
                 changes={k: [v, None] for k, v in audit.snapshot(article, _NOT_SHOWN).items()}
                 | {"claims": [n_claims, 0],
                    "body": [f"{len(article.body)} characters, sha256 {article.body_sha256[:12]}", None]})
    session.delete(article)
    _flush(session, article)


_NOT_SHOWN = ("body", "deleted_at", "deleted_by")


def revisions(session: Session, article_id: int) -> list[ArticleRevision]:
    """Every body this article has had, oldest first."""
    return list(session.exec(select(ArticleRevision).where(ArticleRevision.article_id == article_id)
                             .order_by(ArticleRevision.revision)))


def _flush(session: Session, article: Article) -> None:
    concurrency.flush(session, f"Article #{article.id}")
