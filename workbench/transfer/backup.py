"""JSON backup of whole articles and its restore into another instance."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (JSON, Boolean, Date, DateTime, Float, Integer, TypeDecorator, insert, select,
                        true)
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from db.tables import (Article, ArticleRevision, AuditEvent, Citation, Claim, ClaimStatus, ClaimType,
                       Origin, Rating, SourceType, Stance, SuggestionDecision)
from workbench import audit, review
from workbench.articles import body_sha256, find_by_body
from workbench.errors import ImportRefused

BACKUP_FORMAT = "claim-workbench-backup"
BACKUP_VERSION = 1


def export_backup(session: Session, *, article_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Whole articles (all of them, or these ids) as a JSON-safe dict another instance can import.

    Each article carries its revisions, claims with their citations, suggestion decisions and
    audit history; the rating labels they use come once, at the top. Dates are ISO strings."""
    chosen = true() if article_ids is None else col(Article.id).in_(sorted(set(article_ids)))
    # Children are selected through subqueries, not lists of ids: a list of every claim id
    # would overflow the number of parameters a statement may have.
    in_articles = select(Article.id).where(chosen)
    articles = _rows(session, Article, chosen)
    revisions = _group(_rows(session, ArticleRevision, col(ArticleRevision.article_id).in_(in_articles)),
                       "article_id")
    claims = _rows(session, Claim, col(Claim.article_id).in_(in_articles))
    citations = _group(_rows(session, Citation, col(Citation.claim_id).in_(
        select(Claim.id).where(col(Claim.article_id).in_(in_articles)))), "claim_id")
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
            | {"citations": [audit.snapshot(x, ("claim_id",)) for x in citations.get(c.id, [])]}
            for c in claims_by_article.get(article.id, [])]
        record["suggestion_decisions"] = [audit.snapshot(d, ("id", "article_id"))
                                          for d in decisions.get(article.id, [])]
        record["history"] = [audit.snapshot(e) for e in events.get(article.id, [])]
        out_articles.append(record)
    rating_ids = {c.rating_id for c in claims if c.rating_id is not None}
    for record in out_articles:
        for event in record["history"]:
            rating_ids.update(_ids_in(event["changes"].get("rating_id")))
    ratings = _rows(session, Rating, col(Rating.id).in_(sorted(rating_ids)))
    return {
        "format": BACKUP_FORMAT, "version": BACKUP_VERSION,
        "exported_at": audit.plain(datetime.now(timezone.utc)),
        "counts": _counts(out_articles),
        "ratings": [audit.snapshot(r) for r in ratings],
        "articles": out_articles,
    }


def _rows(session: Session, model: type, where: ColumnElement[bool]) -> list:
    return list(session.scalars(select(model).where(where).order_by(model.id)))


def _group(rows: list, attribute: str) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(getattr(row, attribute), []).append(row)
    return grouped


def _counts(articles: list[dict[str, Any]]) -> dict[str, int]:
    return {"articles": len(articles),
            "revisions": sum(len(a["revisions"]) for a in articles),
            "claims": sum(len(a["claims"]) for a in articles),
            "citations": sum(len(c["citations"]) for a in articles for c in a["claims"]),
            "suggestion_decisions": sum(len(a["suggestion_decisions"]) for a in articles),
            "history": sum(len(a["history"]) for a in articles)}


def _ids_in(value: Any) -> list[int]:
    """The record ids in an audit change value: an int, or lists of them (bools are not ids)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return [i for v in value for i in _ids_in(v)]
    return []


def load_backup(raw: bytes | str) -> dict[str, Any]:
    """Parse a backup file's contents; ImportRefused when it is not JSON (damaged or truncated)."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused("The backup file is not UTF-8 text: is it really a workbench "
                                "backup?") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImportRefused(f"The backup file is not valid JSON (line {exc.lineno}, column "
                            f"{exc.colno}: {exc.msg}); it may be truncated or damaged.") from None
    if not isinstance(data, dict):
        raise ImportRefused("The backup file does not hold a workbench backup (expected a JSON object).")
    return data


@dataclass(frozen=True)
class SkippedArticle:
    """An article of the backup that was not imported because its text is already here."""

    backup_id: int
    title: str
    existing_id: int


@dataclass
class ImportReport:
    """What import_backup did, with the mapping from the backup's ids to the new ones."""

    articles: dict[int, int] = field(default_factory=dict)
    claims: dict[int, int] = field(default_factory=dict)
    citations: dict[int, int] = field(default_factory=dict)
    ratings: dict[int, int] = field(default_factory=dict)
    ratings_created: list[str] = field(default_factory=list)
    skipped: list[SkippedArticle] = field(default_factory=list)
    revisions: int = 0
    suggestion_decisions: int = 0
    history: int = 0

    def summary(self) -> str:
        """One or two sentences for the reviewer."""
        text = (f"Imported {len(self.articles)} article(s) with {len(self.claims)} claim(s), "
                f"{len(self.citations)} citation(s) and {self.history} history event(s).")
        if self.ratings_created:
            text += f" Added to the rating scale: {', '.join(self.ratings_created)}."
        if self.skipped:
            text += " Skipped, already here: " + "; ".join(
                f"\u201c{s.title}\u201d (as #{s.existing_id})" for s in self.skipped) + "."
        return text


def import_backup(session: Session, data: dict[str, Any], *, actor: str) -> ImportReport:
    """Recreate the articles of a backup here, with new ids; articles whose text is already
    here are skipped and reported.

    Authors, times, versions, statuses and history are kept as they were; ids inside the history
    are remapped, and those of records deleted before the backup was made become negative (the
    original id, negated) so that they never point at a record here. Ratings are matched by
    label; unknown labels are added to the scale. The whole backup is checked before anything is
    written: a damaged file raises ImportRefused and changes nothing."""
    actor = audit.require_actor(actor)
    plan = _check_backup(data)
    report = ImportReport()
    scale = {r.label.casefold(): r for r in review.rating_scale(session)}
    for article in plan["articles"]:
        values = article["values"]
        existing = find_by_body(session, values["body"])
        if existing is not None:
            report.skipped.append(SkippedArticle(article["id"], values["title"], existing.id))
            continue
        _import_article(session, article, plan["ratings"], scale, report, actor)
        audit.record(session, actor=actor, entity="article", entity_id=report.articles[article["id"]],
                     action="import", article_id=report.articles[article["id"]],
                     version=values["version"],
                     changes={"backup_article_id": [None, article["id"]],
                              "backup_exported_at": [None, plan["exported_at"]]})
        session.flush()
    return report


def _import_article(session: Session, article: dict[str, Any], ratings: dict[int, dict[str, Any]],
                    scale: dict[str, Rating], report: ImportReport, actor: str) -> None:
    def rating_id(old: int | None) -> int | None:
        if old is None or old not in ratings:
            return _mapped(report.ratings, old)
        if old not in report.ratings:
            wanted = ratings[old]
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

    new_id = _insert(session, Article, article["values"])
    report.articles[article["id"]] = new_id
    for revision in article["revisions"]:
        _insert(session, ArticleRevision, revision | {"article_id": new_id})
        report.revisions += 1
    for claim in article["claims"]:
        values = claim["values"] | {"article_id": new_id, "rating_id": rating_id(claim["values"]["rating_id"])}
        report.claims[claim["id"]] = _insert(session, Claim, values)
        for citation in claim["citations"]:
            report.citations[citation["id"]] = _insert(
                session, Citation, citation["values"] | {"claim_id": report.claims[claim["id"]]})
    for decision in article["suggestion_decisions"]:
        _insert(session, SuggestionDecision, decision | {
            "article_id": new_id, "claim_id": _mapped(report.claims, decision.get("claim_id"))})
        report.suggestion_decisions += 1
    maps = {"article": report.articles, "claim": report.claims, "verdict": report.claims,
            "citation": report.citations, "rating": report.ratings}
    for event in article["history"]:
        # Rating ids met only in the history still resolve through the backup's scale.
        for old in _ids_in(event["changes"].get("rating_id")):
            if old in ratings:
                rating_id(old)
        own = maps.get(event["entity"], {})
        changes = {key: _remap_change(key, value, own, maps) for key, value in event["changes"].items()}
        _insert(session, AuditEvent, event | {
            "entity_id": _mapped(own, event["entity_id"]),
            "article_id": _mapped(report.articles, event["article_id"]),
            "claim_id": _mapped(report.claims, event["claim_id"]), "changes": changes})
        report.history += 1


# Audit change fields that hold ids, and the kind of record they point at.
_ID_FIELDS = {"article_id": "article", "claim_id": "claim", "rating_id": "rating",
              "merged_into": "claim", "orphaned_claims": "claim"}


def _remap_change(key: str, value: Any, own: dict[int, int], maps: dict[str, dict[int, int]]) -> Any:
    mapping = own if key == "id" else maps.get(_ID_FIELDS.get(key, ""))
    if mapping is None:
        return value
    return _remap_ids(value, mapping)


def _remap_ids(value: Any, mapping: dict[int, int]) -> Any:
    if isinstance(value, list):
        return [_remap_ids(v, mapping) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return _mapped(mapping, value)
    return value


def _mapped(mapping: dict[int, int], old: int | None) -> int | None:
    """The new id of a record; a record absent from the backup (deleted) keeps its id negated."""
    if old is None or old <= 0:
        return old
    return mapping.get(old, -old)


def _insert(session: Session, model: type, values: dict[str, Any]) -> int:
    table = model.__table__
    row = {k: v for k, v in values.items() if k in table.c and k != "id"}
    return session.execute(insert(table).values(row).returning(table.c.id)).scalar_one()


# --- checking a backup before anything is written ------------------------------------------------

_ENUMS = {("claim", "status"): {s.value for s in ClaimStatus},
          ("claim", "claim_type"): {t.value for t in ClaimType},
          ("claim", "origin"): {o.value for o in Origin},
          ("citation", "stance"): {s.value for s in Stance},
          ("citation", "source_type"): {s.value for s in SourceType}}


def _refuse(problem: str) -> ImportRefused:
    return ImportRefused(f"The backup cannot be imported: {problem}. Nothing was imported.")


def _check_backup(data: Any) -> dict[str, Any]:
    """The backup's records as column values ready to insert; ImportRefused on the first problem."""
    if not isinstance(data, dict):
        raise _refuse("it is not a JSON object")
    if data.get("format") != BACKUP_FORMAT:
        raise _refuse(f"it is not a Claim Workbench backup (its format is {data.get('format')!r}, "
                      f"expected {BACKUP_FORMAT!r})")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(f"its format version {version!r} is not valid")
    if version > BACKUP_VERSION:
        raise _refuse(f"it was made by a newer workbench (format version {version}; this one reads "
                      f"up to {BACKUP_VERSION})")
    for key in ("articles", "ratings"):
        if not isinstance(data.get(key), list):
            raise _refuse(f"it has no list of {key} (the file may be truncated)")
    if not isinstance(data.get("counts"), dict):
        raise _refuse("its header has no counts (the file may be truncated)")
    ratings = {}
    for i, record in enumerate(data["ratings"]):
        where = f"rating {i + 1}"
        values = _values(Rating, record, where)
        ratings[_record_id(record, where)] = values
        if values["rating_value"] is not None and not 1 <= values["rating_value"] <= 5:
            raise _refuse(f"{where} ({values['label']!r}) has a value outside 1-5")
    articles = [_check_article(record, i, ratings) for i, record in enumerate(data["articles"])]
    for kind, ids in (("article", [a["id"] for a in articles]),
                      ("claim", [c["id"] for a in articles for c in a["claims"]]),
                      ("citation", [x["id"] for a in articles for c in a["claims"] for x in c["citations"]])):
        if len(set(ids)) != len(ids):
            raise _refuse(f"it holds the same {kind} twice (the file was edited)")
    found = _counts(data["articles"])
    for key, n in data["counts"].items():
        if key in found and n != found[key]:
            raise _refuse(f"its header promises {n} {key.replace('_', ' ')} but it holds "
                          f"{found[key]} (the file is incomplete or was edited)")
    return {"exported_at": data.get("exported_at"), "ratings": ratings, "articles": articles}


def _check_article(record: Any, index: int, ratings: dict[int, dict[str, Any]]) -> dict[str, Any]:
    where = f"article {index + 1}"
    values = _values(Article, record, where)
    article_id = _record_id(record, where)
    where = f"article #{article_id}"
    if not values["body"].strip():
        raise _refuse(f"{where} has an empty text")
    if values["body_sha256"] != body_sha256(values["body"]):
        raise _refuse(f"the text of {where} does not match its checksum (the file was damaged)")
    for key in ("revisions", "claims", "suggestion_decisions", "history"):
        if not isinstance(record.get(key), list):
            raise _refuse(f"{where} has no list of {key.replace('_', ' ')}")
    revisions = [_values(ArticleRevision, r, f"revision {i + 1} of {where}", skip=("article_id",))
                 for i, r in enumerate(record["revisions"])]
    for revision in revisions:
        if revision["body_sha256"] != body_sha256(revision["body"]):
            raise _refuse(f"revision {revision['revision']} of {where} does not match its checksum")
    claims = []
    for i, claim in enumerate(record["claims"]):
        claim_where = f"claim {i + 1} of {where}"
        claim_values = _values(Claim, claim, claim_where, skip=("article_id",))
        claim_id = _record_id(claim, claim_where)
        claim_where = f"claim #{claim_id} of {where}"
        if not 0 <= claim_values["start"] <= claim_values["end"] <= len(values["body"]) \
                and not claim_values["orphaned"]:
            raise _refuse(f"{claim_where} points outside the article text")
        if claim_values["rating_id"] is not None and claim_values["rating_id"] not in ratings:
            raise _refuse(f"{claim_where} has a verdict missing from the backup's rating scale")
        if not isinstance(claim.get("citations"), list):
            raise _refuse(f"{claim_where} has no list of citations")
        citations = [{"id": _record_id(c, f"citation {j + 1} of {claim_where}"),
                      "values": _values(Citation, c, f"citation {j + 1} of {claim_where}",
                                        skip=("claim_id",))}
                     for j, c in enumerate(claim["citations"])]
        claims.append({"id": claim_id, "values": claim_values, "citations": citations})
    decisions = [_values(SuggestionDecision, d, f"suggestion decision {i + 1} of {where}",
                         skip=("article_id",)) for i, d in enumerate(record["suggestion_decisions"])]
    history = [_values(AuditEvent, e, f"history event {i + 1} of {where}")
               for i, e in enumerate(record["history"])]
    return {"id": article_id, "values": values, "revisions": revisions, "claims": claims,
            "suggestion_decisions": decisions, "history": history}


def _record_id(record: dict[str, Any], where: str) -> int:
    value = record.get("id")
    if not isinstance(value, int) or isinstance(value, bool):
        raise _refuse(f"{where} has no id")
    return value


def _values(model: type, record: Any, where: str, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A record's column values, typed and checked against the table; the id is left out."""
    if not isinstance(record, dict):
        raise _refuse(f"{where} is not an object")
    table = model.__table__
    out: dict[str, Any] = {}
    for column in table.columns:
        name = column.key
        if name == "id" or name in skip:
            continue
        if name not in record:
            if column.nullable or column.default is not None:
                continue
            raise _refuse(f"{where} has no \u201c{name}\u201d")
        out[name] = _typed(column, record[name], f"{where}: \u201c{name}\u201d")
        allowed = _ENUMS.get((table.name, name))
        if allowed and out[name] not in allowed:
            raise _refuse(f"{where}: \u201c{name}\u201d is {out[name]!r}, not one of {sorted(allowed)}")
    return out


def _typed(column: Any, value: Any, where: str) -> Any:
    if value is None:
        if not column.nullable:
            raise _refuse(f"{where} is empty")
        return None
    kind = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    try:
        if isinstance(kind, DateTime):
            parsed = datetime.fromisoformat(value)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
        if isinstance(kind, Date):
            return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _refuse(f"{where} is not a date: {value!r}") from None
    expected: tuple[type, ...] = (
        (bool,) if isinstance(kind, Boolean) else (int,) if isinstance(kind, Integer)
        else (int, float) if isinstance(kind, Float) else (dict,) if isinstance(kind, JSON)
        else (str,))
    if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
        raise _refuse(f"{where} should be {expected[-1].__name__}, not {type(value).__name__}")
    return float(value) if isinstance(kind, Float) else value
