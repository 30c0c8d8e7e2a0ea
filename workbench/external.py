"""Other desks' fact checks: ClaimReview items imported from a JSON-LD file or an HTML page that
carries them (read with extruct), stored so that claim matching can show what another desk
concluded, with a link to its review."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session, select

from db.tables import ExternalReview, utcnow
from workbench import users
from workbench.errors import ImportRefused

MAX_ITEMS = 10_000


@dataclass
class ExternalImport:
    """What import_claimreviews did: reviews added, updated (same url and claim), and items skipped."""

    added: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One or two sentences for the reviewer."""
        text = f"Imported {self.added} new fact check(s) from other desks; {self.updated} updated."
        if self.skipped:
            text += f" Skipped {len(self.skipped)}: " + "; ".join(self.skipped[:5]) + "."
        return text


def items_from_document(data: bytes, *, base_url: str | None = None) -> list[dict[str, Any]]:
    """The ClaimReview items of a JSON-LD document or of an HTML page's JSON-LD scripts (extruct).

    Items may come alone, in a list, in an @graph, or as the mainEntity / review of a page."""
    text = data.decode("utf-8-sig", errors="replace")
    if text.lstrip()[:1] in ("[", "{"):
        try:
            documents = [json.loads(text)]
        except json.JSONDecodeError as exc:
            raise ImportRefused(f"The file is not valid JSON-LD (line {exc.lineno}: {exc.msg}).") from None
    else:
        import extruct

        documents = extruct.extract(text, base_url=base_url, syntaxes=["json-ld"])["json-ld"]
    found: list[dict[str, Any]] = []
    _collect(documents, found)
    if not found:
        raise ImportRefused("No ClaimReview items were found: the file or page carries no JSON-LD of "
                            "type ClaimReview.")
    return found[:MAX_ITEMS]


def _collect(node: Any, found: list[dict[str, Any]]) -> None:
    if isinstance(node, list):
        for child in node:
            _collect(child, found)
    elif isinstance(node, dict):
        kinds = node.get("@type")
        if "ClaimReview" in (kinds if isinstance(kinds, list) else [kinds]):
            found.append(node)
            return
        for key in ("@graph", "mainEntity", "review", "hasPart", "itemListElement", "item"):
            if key in node:
                _collect(node[key], found)


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _text(value: Any, limit: int) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if value is None or isinstance(value, (dict, list)):
        return None
    return " ".join(str(value).split())[:limit] or None


def _web(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    url = _text(value, 2000)
    return url if url and urlsplit(url).scheme.lower() in ("http", "https") and urlsplit(url).netloc else None


def _number(value: Any) -> float | None:
    try:
        return float(_first(value)) if _first(value) not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> date | None:
    value = _text(value, 40)
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None


def review_values(item: dict[str, Any]) -> dict[str, Any]:
    """An item's stored values; ImportRefused naming what is missing (a url and the claim reviewed)."""
    url, claim = _web(item.get("url")), _text(item.get("claimReviewed"), 5000)
    if not url or not claim:
        missing = " and ".join(n for n, v in (("a url", url), ("claimReviewed", claim)) if not v)
        raise ImportRefused(f"a ClaimReview without {missing}")
    rating = _first(item.get("reviewRating")) or {}
    reviewed = _first(item.get("itemReviewed")) or {}
    reviewed = reviewed if isinstance(reviewed, dict) else {}
    rating = rating if isinstance(rating, dict) else {}
    author = _first(item.get("author")) or {}
    appearance = _first(reviewed.get("appearance")) or _first(reviewed.get("firstAppearance"))
    return {"url": url, "claim_reviewed": claim,
            "digest": hashlib.sha256(f"{url}\n{claim}".encode()).hexdigest(),
            "publisher": _text(author, 300) or _text(item.get("publisher"), 300),
            "publisher_url": _web(author) if isinstance(author, dict) else None,
            "rating": _text(rating.get("alternateName"), 300) or _text(rating.get("name"), 300),
            "rating_value": _number(rating.get("ratingValue")), "best_rating": _number(rating.get("bestRating")),
            "worst_rating": _number(rating.get("worstRating")), "date_published": _date(item.get("datePublished")),
            "claimant": _text(reviewed.get("author"), 300), "appearance_url": _web(appearance)}


def import_claimreviews(session: Session, *, items: list[dict[str, Any]], source: str,
                        actor: str) -> ExternalImport:
    """Store ClaimReview items of other desks; the same review (url and claim) imported again is updated."""
    actor = users.require(session, actor, "external.import")
    report = ExternalImport()
    for n, item in enumerate(items, start=1):
        try:
            values = review_values(item)
        except ImportRefused as refused:
            report.skipped.append(f"item {n}: {refused}")
            continue
        existing = session.exec(select(ExternalReview).where(ExternalReview.digest == values["digest"])).first()
        if existing is None:
            session.add(ExternalReview(**values, imported_from=source[:2000], imported_by=actor))
            report.added += 1
        else:
            for key, value in values.items():
                setattr(existing, key, value)
            existing.imported_from, existing.imported_by = source[:2000], actor
            existing.imported_at = utcnow()
            report.updated += 1
        session.flush()
    return report


def import_from_source(session: Session, *, source: str, data: bytes | None = None, actor: str) -> ExternalImport:
    """Import the ClaimReview items of a file's bytes (data) or of the page at an http(s) URL,
    fetched through import's guarded client."""
    if data is None:
        from workbench.ingest import FETCH_MAX_BYTES, FETCH_TIMEOUT
        from workbench.ingest import fetch as http

        parts = urlsplit(source)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise ImportRefused(f"{source} is neither a file nor an http(s) address.")
        guard = not http.private_urls_allowed(None)
        if guard:
            http.vetted_addresses(parts.hostname)
        data = http.fetch_page(source, timeout=FETCH_TIMEOUT, max_bytes=FETCH_MAX_BYTES, guard=guard).data
    return import_claimreviews(session, items=items_from_document(data, base_url=source), source=source,
                               actor=actor)
