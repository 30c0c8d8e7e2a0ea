"""The JSON backup file: its header, parsing it, and checking every record before a restore writes
anything (a damaged or invalid file raises ImportRefused)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, TypeDecorator

from db.tables import (Article, ArticleRevision, AuditEvent, Citation, Claim, ClaimNote, ClaimStatus, ClaimType,
                       ExternalReview, Origin, Rating, SourceArchive, SourceType, Stance, SuggestionDecision)
from workbench import lookup, text_rules
from workbench.anchoring import anchor_span
from workbench.articles import body_sha256, check_body
from workbench.citations import FIELDS as CITATION_FIELDS
from workbench.citations import validate_fields, validate_url
from workbench.claims import clean_text, validate_claimant_kind
from workbench.errors import ImportRefused, InvalidInput, TransitionRefused
from workbench.transfer.bulk import ArticleRows
from workbench.transfer.bulk_input import check_approver

BACKUP_FORMAT = "claim-workbench-backup"
BACKUP_VERSION = 1


def counts(articles: list[dict[str, Any]]) -> dict[str, int]:
    return {"articles": len(articles),
            "revisions": sum(len(a["revisions"]) for a in articles),
            "claims": sum(len(a["claims"]) for a in articles),
            "citations": sum(len(c["citations"]) for a in articles for c in a["claims"]),
            "suggestion_decisions": sum(len(a["suggestion_decisions"]) for a in articles),
            "history": sum(len(a["history"]) for a in articles),
            "source_archives": sum(len(x.get("archives", [])) for a in articles for c in a["claims"]
                                   for x in c["citations"]),
            "notes": sum(len(c.get("notes", [])) for a in articles for c in a["claims"])}


def ids_in(value: Any) -> list[int]:
    """The record ids in an audit change value: an int, or lists of them (bools are not ids)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return [i for v in value for i in ids_in(v)]
    return []


MAX_BACKUP_BYTES = 500_000_000  # about 100 articles of the 5,000,000-character limit, with their history


def load_backup(raw: bytes | str) -> dict[str, Any]:
    """Parse a backup file's contents; ImportRefused when it is too large, not JSON (damaged or
    truncated) or nested deeper than any backup is (a hostile file), before anything is read."""
    if len(raw) > MAX_BACKUP_BYTES:
        raise ImportRefused(f"The backup file has {len(raw):,} bytes; the limit is {MAX_BACKUP_BYTES:,}. "
                            "Export fewer articles at a time.")
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
    except RecursionError:
        raise ImportRefused("The backup file is nested far deeper than a workbench backup is; it is "
                            "not one.") from None
    if not isinstance(data, dict):
        raise ImportRefused("The backup file does not hold a workbench backup (expected a JSON object).")
    return data


# --- checking a backup before anything is written ------------------------------------------------

_ENUMS = {("claim", "status"): {s.value for s in ClaimStatus},
          ("claim", "claim_type"): {t.value for t in ClaimType},
          ("claim", "origin"): {o.value for o in Origin},
          ("citation", "stance"): {s.value for s in Stance},
          ("citation", "source_type"): {s.value for s in SourceType}}


def _refuse(problem: str) -> ImportRefused:
    refusal = ImportRefused(f"The backup cannot be imported: {problem}. Nothing was imported.")
    refusal.problem = problem
    return refusal


@dataclass(frozen=True)
class RefusedArticle:
    """An article of the backup that was not restored, and why (the rest of the file was)."""

    index: int
    title: str
    reason: str


def check_backup(data: Any) -> dict[str, Any]:
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
    articles, refused = [], []
    for i, record in enumerate(data["articles"]):
        try:
            articles.append(_check_article(record, i, ratings))
        except ImportRefused as exc:  # this article is refused and reported; the others are restored
            title = record.get("title") if isinstance(record, dict) else None
            refused.append(RefusedArticle(i + 1, text_rules.shown(title or f"article {i + 1}", 80),
                                          getattr(exc, "problem", str(exc))))
    for kind, ids in (("article", [a.key for a in articles]),
                      ("claim", [c["id"] for a in articles for c in a.claims]),
                      ("citation", [x["id"] for a in articles for xs in a.citations for x in xs])):
        if len(set(ids)) != len(ids):
            raise _refuse(f"it holds the same {kind} twice (the file was edited)")
    external = data.get("external_reviews", [])
    if not isinstance(external, list):
        raise _refuse("its external reviews are not a list")
    reviews = [_values(ExternalReview, r, f"external review {i + 1}") for i, r in enumerate(external)]
    found = counts(data["articles"]) | {"external_reviews": len(external)}
    for key, n in data["counts"].items():
        if key in found and n != found[key]:
            raise _refuse(f"its header promises {n} {key.replace('_', ' ')} but it holds "
                          f"{found[key]} (the file is incomplete or was edited)")
    return {"exported_at": data.get("exported_at"), "ratings": ratings, "articles": articles,
            "refused": refused, "external_reviews": reviews}


def _check_article(record: Any, index: int, ratings: dict[int, dict[str, Any]]) -> ArticleRows:
    """An article of the backup as rows for the bulk writer, checked as the services check a write."""
    where = f"article {index + 1}"
    values = _values(Article, record, where)
    article_id = _record_id(record, where)
    where = f"article #{article_id}"
    if not values["body"].strip():
        raise _refuse(f"{where} has an empty text")
    if values["body_sha256"] != body_sha256(values["body"]):
        raise _refuse(f"the text of {where} does not match its checksum (the file was damaged)")
    with _validated(where):
        check_body(values["body"])
        for key in ("source_url", "factcheck_url"):
            if values.get(key):
                values[key] = validate_url(values[key])
    for key in ("revisions", "claims", "suggestion_decisions", "history"):
        if not isinstance(record.get(key), list):
            raise _refuse(f"{where} has no list of {key.replace('_', ' ')}")
    revisions = [_values(ArticleRevision, r, f"revision {i + 1} of {where}", skip=("article_id",))
                 for i, r in enumerate(record["revisions"])]
    for revision in revisions:
        if revision["body_sha256"] != body_sha256(revision["body"]):
            raise _refuse(f"revision {revision['revision']} of {where} does not match its checksum")
    claims = [_check_claim(claim, f"claim {i + 1} of {where}", where, values["body"], ratings)
              for i, claim in enumerate(record["claims"])]
    decisions = [_values(SuggestionDecision, d, f"suggestion decision {i + 1} of {where}",
                         skip=("article_id",)) for i, d in enumerate(record["suggestion_decisions"])]
    history = [_values(AuditEvent, e, f"history event {i + 1} of {where}")
               for i, e in enumerate(record["history"])]
    return ArticleRows(article_id, values, [row for row, *_ in claims], [rows for _, rows, *_ in claims],
                       revisions, decisions, history, [a for _, _, archives, _ in claims for a in archives],
                       [n for *_, notes in claims for n in notes])


def _check_claim(claim: Any, where: str, article: str, body: str, ratings: dict[int, dict[str, Any]],
                 ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """A claim's row (with its backup id), its citations' rows, their archived pages' rows and its
    notes' rows, checked."""
    values = _values(Claim, claim, where, skip=("article_id",))
    values["id"] = _record_id(claim, where)
    where = f"claim #{values['id']} of {article}"
    if not values["orphaned"]:  # an orphaned claim's offsets are those of an older text
        if not 0 <= values["start"] <= values["end"] <= len(body):
            raise _refuse(f"{where} points outside the article text")
        with _validated(where):
            anchor_span(body, values["start"], values["end"])
    if values["rating_id"] is not None and values["rating_id"] not in ratings:
        raise _refuse(f"{where} has a verdict missing from the backup's rating scale")
    with _validated(where):
        values["claimant"], values["assignee"] = clean_text(values.get("claimant")), clean_text(values.get("assignee"))
        values["claimant_kind"] = validate_claimant_kind(values.get("claimant_kind"))
        if values["status"] == ClaimStatus.approved.value:
            check_approver(values.get("approved_by"), values.get("verdict_by"))
    if not isinstance(claim.get("citations"), list):
        raise _refuse(f"{where} has no list of citations")
    citations, archives = [], []
    for j, citation in enumerate(claim["citations"]):
        citation_where = f"citation {j + 1} of {where}"
        row = _values(Citation, citation, citation_where, skip=("claim_id",))
        with _validated(citation_where):
            row |= validate_fields({name: row[name] for name in CITATION_FIELDS if name in row})
        row_id = _record_id(citation, citation_where)
        citations.append(row | {"id": row_id})
        fetches = citation.get("archives", [])
        if not isinstance(fetches, list):
            raise _refuse(f"the archives of {citation_where} are not a list")
        archives += [_values(SourceArchive, a, f"archived page {k + 1} of {citation_where}", skip=("citation_id",))
                     | {"citation_id": row_id} for k, a in enumerate(fetches)]
    thread = claim.get("notes", [])  # backups written before notes existed have none
    if not isinstance(thread, list):
        raise _refuse(f"the notes of {where} are not a list")
    notes = []
    for k, note in enumerate(thread):
        row = _values(ClaimNote, note, f"note {k + 1} of {where}", skip=("claim_id",))
        if not (row.get("body") or "").strip():
            raise _refuse(f"note {k + 1} of {where} is empty")
        notes.append(row | {"claim_id": values["id"]})
    return values, citations, archives, notes


@contextmanager
def _validated(where: str) -> Iterator[None]:
    """Turn a service validator's refusal into the refusal of the whole backup."""
    try:
        yield
    except (InvalidInput, ImportRefused, TransitionRefused) as exc:
        raise _refuse(f"{where}: {exc}".rstrip(".")) from None


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
    if isinstance(kind, Integer) and not lookup.in_range(value):
        raise _refuse(f"{where} is {value}, out of range (the limit is {lookup.MAX_INT:,})")
    if isinstance(value, str):
        table = column.table
        value = (text_rules.multi_line(value) if text_rules.is_multi_line(table.name, column)
                 else text_rules.single_line(value))
        with _validated(where):
            text_rules.check_length(table.name, column.name, value, getattr(column.type, "length", None))
    return float(value) if isinstance(kind, Float) else value
