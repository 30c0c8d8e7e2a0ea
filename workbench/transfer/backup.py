"""JSON backup of whole articles and its restore into another instance, through the bulk writer."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from db.tables import (Article, ArticleRevision, AuditEvent, Citation, Claim, ClaimNote, ExternalReview, Rating,
                       SourceArchive, SuggestionDecision, utcnow)
from workbench import audit, review, users
from workbench.transfer.backup_format import (BACKUP_FORMAT, BACKUP_VERSION, RefusedArticle, check_backup, counts,
                                              ids_in, load_backup)
from workbench.transfer.bulk import DEFAULT_BATCH_SIZE, ArticleRows, BulkWriter, SkippedArticle


def export_backup(session: Session, *, article_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Whole articles (all of them, or these ids) as a JSON-safe dict another instance can import.

    Each article carries its revisions, claims with their citations (each with the fetches of its
    archived page) and their notes, suggestion decisions and audit history; the rating labels they
    use come once, at the top, and a backup of every article also holds the other desks' imported
    fact checks (external_reviews). Dates are ISO strings.

    Everything is read in one transaction, a snapshot of the database even while others write:
    one read transaction on SQLite's WAL, REPEATABLE READ on PostgreSQL."""
    _read_one_snapshot(session)
    chosen = true() if article_ids is None else col(Article.id).in_(sorted(set(article_ids)))
    # Children are selected through subqueries, not lists of ids: a list of every claim id
    # would overflow the number of parameters a statement may have.
    in_articles = select(Article.id).where(chosen)
    articles = _rows(session, Article, chosen)
    revisions = _group(_rows(session, ArticleRevision, col(ArticleRevision.article_id).in_(in_articles)),
                       "article_id")
    claims = _rows(session, Claim, col(Claim.article_id).in_(in_articles))
    in_claims = select(Claim.id).where(col(Claim.article_id).in_(in_articles))
    citations = _group(_rows(session, Citation, col(Citation.claim_id).in_(in_claims)), "claim_id")
    archives = _group(_rows(session, SourceArchive, col(SourceArchive.citation_id).in_(
        select(Citation.id).where(col(Citation.claim_id).in_(in_claims)))), "citation_id")
    notes = _group(_rows(session, ClaimNote, col(ClaimNote.claim_id).in_(in_claims)), "claim_id")
    decisions = _group(_rows(session, SuggestionDecision,
                             col(SuggestionDecision.article_id).in_(in_articles)), "article_id")
    events = _group(_rows(session, AuditEvent, col(AuditEvent.article_id).in_(in_articles)),
                    "article_id")
    claims_by_article = _group(claims, "article_id")
    out_articles = []
    for article in articles:
        record = audit.snapshot(article)
        record["revisions"] = [audit.snapshot(r, ("id", "article_id")) for r in revisions.get(article.id, [])]
        record["claims"] = [
            audit.snapshot(c, ("article_id",))
            | {"citations": [audit.snapshot(x, ("claim_id",))
                           | {"archives": [audit.snapshot(a, ("id", "citation_id")) for a in archives.get(x.id, [])]}
                           for x in citations.get(c.id, [])],
               "notes": [audit.snapshot(n, ("id", "claim_id")) for n in notes.get(c.id, [])]}
            for c in claims_by_article.get(article.id, [])]
        record["suggestion_decisions"] = [audit.snapshot(d, ("id", "article_id"))
                                          for d in decisions.get(article.id, [])]
        record["history"] = [audit.snapshot(e) for e in events.get(article.id, [])]
        out_articles.append(record)
    rating_ids = {c.rating_id for c in claims if c.rating_id is not None}
    for record in out_articles:
        for event in record["history"]:
            rating_ids.update(ids_in(event["changes"].get("rating_id")))
    ratings = _rows(session, Rating, col(Rating.id).in_(sorted(rating_ids)))
    external = [] if article_ids is not None else [audit.snapshot(r, ("id",)) for r in _rows(session, ExternalReview, true())]
    return {
        "format": BACKUP_FORMAT, "version": BACKUP_VERSION,
        "exported_at": audit.plain(datetime.now(timezone.utc)),
        "counts": counts(out_articles) | {"external_reviews": len(external)},
        "ratings": [audit.snapshot(r) for r in ratings],
        "articles": out_articles,
        "external_reviews": external,
    }


def _read_one_snapshot(session: Session) -> None:
    """Make the session's coming reads one snapshot (see export_backup). A session that is already
    in a transaction (it wrote, and has not committed) reads in that one."""
    if session.in_transaction():
        connection = session.connection()
    elif session.get_bind().dialect.name == "postgresql":
        connection = session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        connection = session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        # pysqlite opens no transaction for reads: each SELECT would see the latest commit.
        connection.exec_driver_sql("BEGIN")


def _rows(session: Session, model: type, where: ColumnElement[bool]) -> list:
    return list(session.scalars(select(model).where(where).order_by(model.id)))


def _group(rows: list, attribute: str) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(getattr(row, attribute), []).append(row)
    return grouped


@dataclass
class ImportReport:
    """What import_backup did, with the mapping from the backup's ids to the new ones."""

    articles: dict[int, int] = field(default_factory=dict)
    claims: dict[int, int] = field(default_factory=dict)
    citations: dict[int, int] = field(default_factory=dict)
    ratings: dict[int, int] = field(default_factory=dict)
    ratings_created: list[str] = field(default_factory=list)
    skipped: list[SkippedArticle] = field(default_factory=list)
    refused: list[RefusedArticle] = field(default_factory=list)
    revisions: int = 0
    suggestion_decisions: int = 0
    history: int = 0
    source_archives: int = 0
    notes: int = 0
    external_reviews: int = 0

    def summary(self) -> str:
        """One or two sentences for the reviewer."""
        text = (f"Imported {len(self.articles)} article(s) with {len(self.claims)} claim(s), "
                f"{len(self.citations)} citation(s), {self.notes} note(s) and {self.history} history event(s).")
        if self.ratings_created:
            text += f" Added to the rating scale: {', '.join(self.ratings_created)}."
        if self.skipped:
            text += " Skipped, already here: " + "; ".join(
                f"\u201c{s.title}\u201d (as #{s.duplicate_of})" for s in self.skipped) + "."
        if self.refused:
            text += " Refused: " + "; ".join(f"\u201c{r.title}\u201d ({r.reason})" for r in self.refused) + "."
        return text


def import_backup(session: Session, data: dict[str, Any], *, actor: str) -> ImportReport:
    """Recreate the articles of a backup here, with new ids; articles whose text is already
    here are skipped and reported.

    Authors, times, versions, statuses and history are kept as they were; ids inside the history
    are remapped, and those of records deleted before the backup was made become negative (the
    original id, negated) so that they never point at a record here. Ratings are matched by
    label; unknown labels are added to the scale. The whole backup is checked before anything is
    written (check_backup) with the validators of every other write: a damaged file raises
    ImportRefused and changes nothing; an article that breaks a rule (a javascript: URL, an
    approval by the verdict's author, offsets outside its text, a field over its limit) is refused
    and reported in `refused`, and the others are restored. Restoring is an admin's job."""
    actor = users.require(session, actor, "backup.restore")
    plan = check_backup(data)
    writer = BulkWriter(session)
    report = ImportReport(writer.ids.articles, writer.ids.claims, writer.ids.citations, writer.ids.ratings,
                          skipped=writer.skipped, refused=plan["refused"])
    scale = {r.label.casefold(): r for r in review.rating_scale(session)}
    backup_ratings = plan["ratings"]

    def rating_id(old: int | None) -> int | None:
        """The id here of a rating of the backup, matched by label or added to the scale."""
        if old is None:  # check_backup refused claims whose rating is not in the backup's scale
            return None
        if old not in report.ratings:
            wanted = backup_ratings[old]
            rating = scale.get(wanted["label"].casefold())
            if rating is None:
                rating = review.add_rating(session, label=wanted["label"],
                                           alternate_name=wanted["alternate_name"],
                                           rating_value=wanted["rating_value"],
                                           description=wanted.get("description"), actor=actor)
                scale[rating.label.casefold()] = rating
                report.ratings_created.append(rating.label)
            report.ratings[old] = rating.id
        return report.ratings[old]

    def prepare(rows: ArticleRows) -> None:
        """Resolve the ratings of an article about to be written, count it, and note its import."""
        for claim in rows.claims:
            claim["rating_id"] = rating_id(claim["rating_id"])
        for event in rows.history:  # rating ids met only in the history resolve through the backup's scale
            for old in ids_in(event["changes"].get("rating_id")):
                if old in backup_ratings:
                    rating_id(old)
        report.revisions += len(rows.revisions)
        report.suggestion_decisions += len(rows.decisions)
        report.history += len(rows.history)
        report.source_archives += len(rows.archives)
        report.notes += len(rows.notes)
        rows.history.append({"at": utcnow(), "actor": actor, "entity": "article", "entity_id": rows.key,
                             "action": "import", "article_id": rows.key, "claim_id": None,
                             "version": rows.article["version"],
                             "changes": {"backup_article_id": [None, rows.key],
                                         "backup_exported_at": [None, plan["exported_at"]]}})

    for start in range(0, len(plan["articles"]), DEFAULT_BATCH_SIZE):
        writer.write(plan["articles"][start:start + DEFAULT_BATCH_SIZE], prepare)
    known = set(session.scalars(select(ExternalReview.digest))) if plan["external_reviews"] else set()
    for values in plan["external_reviews"]:
        if values["digest"] not in known:  # the same review imported here already is kept as it is
            session.add(ExternalReview(**values))
            known.add(values["digest"])
            report.external_reviews += 1
    session.flush()
    return report


__all__ = ["BACKUP_FORMAT", "BACKUP_VERSION", "ImportReport", "SkippedArticle", "export_backup", "import_backup",
           "load_backup"]
