"""Citations: the evidence attached to a claim."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from sqlmodel import Session, select

from db.tables import Citation, SourceType, Stance, utcnow
from workbench import audit, concurrency, lookup, text_rules, users
from workbench.claims import editable_claim, require_claim
from workbench.errors import InvalidInput, TransitionRefused

STANCES = [s.value for s in Stance]
SOURCE_TYPES = [s.value for s in SourceType]
_MULTI_LINE = ("quoted_passage", "note")
FIELDS = ("url", "title", "publisher", "author", "published", "accessed", "quoted_passage",
          "stance", "source_type", "note")


def validate_url(url: str | None) -> str:
    """Return the URL trimmed; only absolute http and https URLs are accepted."""
    url = text_rules.single_line(url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in url:
        raise InvalidInput(f"\u201c{text_rules.shown(url, 80)}\u201d is not a web address: a citation URL must start "
                           "with http:// or https:// and name a site.")
    if len(url) > 2000:
        raise InvalidInput("The citation URL is longer than 2,000 characters.")
    return url


def validate_fields(fields: dict) -> dict:
    """Citation fields checked and normalised (URL, stance, source type, dates); InvalidInput otherwise."""
    out = {}
    for key, value in fields.items():
        if key not in FIELDS:
            raise InvalidInput(f"A citation has no field \u201c{text_rules.shown(key)}\u201d.")
        if key == "url":
            value = validate_url(value)
        elif key == "stance":
            if value not in STANCES:
                raise InvalidInput(f"The stance must be one of: {', '.join(STANCES)}.")
        elif key == "source_type":
            if value not in SOURCE_TYPES:
                raise InvalidInput(f"The source type must be one of: {', '.join(SOURCE_TYPES)}.")
        elif key in ("published", "accessed"):
            if value is not None and not isinstance(value, date):
                try:
                    value = date.fromisoformat(str(value)) if str(value).strip() else None
                except ValueError:
                    raise InvalidInput(f"\u201c{text_rules.shown(value)}\u201d is not a date "
                                       "(use YYYY-MM-DD).") from None
            if value is not None and value > date.today():
                raise InvalidInput(f"The {key} date {value.isoformat()} is in the future.")
        elif isinstance(value, str):
            value = (text_rules.multi_line(value) if key in _MULTI_LINE
                     else text_rules.single_line(value)).strip() or None
        out[key] = value
    return out


def list_citations(session: Session, *, claim_id: int) -> list[Citation]:
    """The citations of a claim, in the order they were added."""
    if not lookup.in_range(claim_id):
        return []
    return list(session.exec(select(Citation).where(Citation.claim_id == claim_id).order_by(Citation.id)))


def require_citation(session: Session, citation_id: int) -> Citation:
    """The citation with this id; NotFound when it does not exist."""
    return lookup.require(session, Citation, citation_id,
                          f"Citation #{citation_id} does not exist (it may have been removed).")


def add_citation(session: Session, *, claim_id: int, actor: str, url: str, archive: bool | None = None,
                 **fields) -> Citation:
    """Attach a citation to a claim; the URL must be http or https.

    With archive (default: archive.archiving_enabled(), WORKBENCH_ARCHIVE_SOURCES) the cited page is
    fetched and archived in the same call (workbench.archive); a failed fetch is recorded and
    never stops the citation. The fetch comes before the writes, so no write lock waits on it."""
    actor = users.require(session, actor, "citation.add")
    claim = require_claim(session, claim_id)
    if claim.status == "approved":
        raise TransitionRefused(f"Claim #{claim.id} is approved; reopen it before changing its evidence.")
    values = validate_fields({"url": url, **fields})
    values.setdefault("accessed", date.today())
    from workbench import archive as archiving  # the HTTP client is loaded only when used

    snapshot = archiving.fetch_snapshot(values["url"]) if (
        archiving.archiving_enabled() if archive is None else archive) else None
    citation = Citation(claim_id=claim.id, created_by=actor, updated_by=actor, **values)
    session.add(citation)
    session.flush()
    audit.record(session, actor=actor, entity="citation", entity_id=citation.id, action="create",
                 article_id=claim.article_id, claim_id=claim.id, version=citation.version,
                 changes={k: [None, v] for k, v in audit.snapshot(citation).items()})
    if snapshot is not None:
        archiving.record_archive(session, citation_id=citation.id, snapshot=snapshot, actor=actor)
    return citation


def _stale(session: Session, citation: Citation, expected_version: int) -> None:
    concurrency.check_version(session, citation, expected_version, entity="citation",
                              label=f"Citation #{citation.id}")


def _flush(session: Session, citation_id: int) -> None:
    concurrency.flush(session, f"Citation #{citation_id}")


def update_citation(session: Session, *, citation_id: int, expected_version: int, actor: str,
                    **fields) -> Citation:
    """Edit a citation's fields."""
    actor = users.require(session, actor, "citation.edit")
    citation = require_citation(session, citation_id)
    _stale(session, citation, expected_version)
    claim = require_claim(session, citation.claim_id)
    if claim.status == "approved":
        raise TransitionRefused(f"Claim #{claim.id} is approved; reopen it before changing its evidence.")
    before = audit.snapshot(citation)
    for key, value in validate_fields(fields).items():
        setattr(citation, key, value)
    if audit.snapshot(citation) == before:
        return citation
    citation.updated_by, citation.updated_at = actor, utcnow()
    _flush(session, citation.id)
    changes = audit.diff(before, audit.snapshot(citation))
    for key in ("version", "updated_at", "updated_by"):
        changes.pop(key, None)
    audit.record(session, actor=actor, entity="citation", entity_id=citation.id, action="update",
                 article_id=claim.article_id, claim_id=claim.id, version=citation.version,
                 changes=changes)
    return citation


def remove_citation(session: Session, *, citation_id: int, actor: str,
                    expected_version: int | None = None) -> None:
    """Remove a citation from its claim."""
    actor = users.require(session, actor, "citation.remove")
    citation = require_citation(session, citation_id)
    if expected_version is not None:
        _stale(session, citation, expected_version)
    claim = require_claim(session, citation.claim_id)
    if claim.status == "approved":
        raise TransitionRefused(f"Claim #{claim.id} is approved; reopen it before changing its evidence.")
    audit.record(session, actor=actor, entity="citation", entity_id=citation.id, action="delete",
                 article_id=claim.article_id, claim_id=claim.id, version=citation.version,
                 changes={k: [v, None] for k, v in audit.snapshot(citation).items()})
    citation_id = citation.id
    session.delete(citation)
    _flush(session, citation_id)


__all__ = ["add_citation", "update_citation", "remove_citation", "list_citations", "validate_url",
           "editable_claim"]
