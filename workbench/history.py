"""A claim's history in words: "Rita gave the verdict Unproven", one sentence per audit event,
with times in the reader's own time zone."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_FIELDS = {"text": "the wording", "claimant": "the claimant", "claim_type": "the type",
           "assignee": "the assignee", "rationale": "the rationale", "url": "the URL",
           "stance": "the stance", "source_type": "the source type", "title": "the title",
           "publisher": "the publisher", "published": "the publication date",
           "quoted_passage": "the quoted passage"}
_MOVES = {"submit": "sent the claim for review", "check": "marked the claim checked",
          "approve": "approved the claim", "reopen": "reopened the claim"}


def _q(value) -> str:
    return "nothing" if value in (None, "") else f"\u201c{value}\u201d"


def _field_changes(changes: dict) -> list[str]:
    out = []
    for key, label in _FIELDS.items():
        if key not in changes or not isinstance(changes[key], list):
            continue
        before, after = changes[key]
        if before in (None, ""):
            out.append(f"set {label} to {_q(after)}")
        elif after in (None, ""):
            out.append(f"cleared {label} (was {_q(before)})")
        else:
            out.append(f"changed {label} from {_q(before)} to {_q(after)}")
    return out


def _after(changes: dict, key: str):
    value = changes.get(key)
    return value[1] if isinstance(value, list) and len(value) == 2 else value


def describe(event: dict) -> str:
    """One audit event ({actor, entity, action, changes}) as a sentence a reviewer reads."""
    who, entity, action = event["actor"], event["entity"], event["action"]
    changes = event.get("changes") or {}
    if entity == "citation":
        url = _after(changes, "url") or (changes.get("url") or [None])[0]
        if action == "create":
            stance = _after(changes, "stance")
            return f"{who} added a citation: {url}" + (f" ({stance})" if stance else "")
        if action == "delete":
            return f"{who} removed the citation {changes.get('url', [None])[0] or ''}".rstrip()
        if "claim_id" in changes:
            return f"{who} moved a citation to this claim from claim #{changes['claim_id'][0]}"
        edits = _field_changes(changes)
        return f"{who} edited the citation: " + "; ".join(edits) if edits else f"{who} edited a citation"
    if entity == "verdict" or action == "verdict":
        verdict = changes.get("verdict")
        parts = []
        if verdict and verdict[0]:
            parts.append(f"changed the verdict from {verdict[0]} to {verdict[1]}")
        elif verdict:
            parts.append(f"gave the verdict {verdict[1]}")
        if "rationale" in changes:
            parts.append(f"wrote the rationale {_q(changes['rationale'][1])}" if not verdict
                         else f"with the rationale {_q(changes['rationale'][1])}")
        if not parts:
            parts.append("saved the verdict again, unchanged")
        return f"{who} " + " ".join(parts) if verdict else f"{who} " + "; ".join(parts)
    if action in _MOVES:
        return f"{who} {_MOVES[action]}"
    if action == "create":
        return f"{who} made the claim from the words {_q(_after(changes, 'quote'))}"
    if action == "delete":
        into = changes.get("merged_into")
        return f"{who} merged the claim into claim #{into[1]}" if into else f"{who} deleted the claim"
    if action == "split":
        return f"{who} split the claim; this part now quotes {_q(_after(changes, 'quote'))}"
    if action == "merge":
        return f"{who} merged the next claim into this one; it now quotes {_q(_after(changes, 'quote'))}"
    if action == "reanchor":
        if _after(changes, "orphaned"):
            return f"{who} corrected the article text, and this claim's quote is no longer in it"
        return f"{who} corrected the article text; the quote now reads {_q(_after(changes, 'quote'))}"
    if action == "reattach":
        return f"{who} re-attached the claim to the words {_q(_after(changes, 'quote'))}"
    edits = _field_changes(changes)
    return f"{who} " + "; ".join(edits) if edits else f"{who} changed the claim ({action})"


def local_time(at: datetime, zone: str | None) -> str:
    """A stored time (UTC) in the reader's time zone (an IANA name; UTC when unknown), with the zone."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    try:
        tz = ZoneInfo(zone) if zone else timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        tz = timezone.utc
    here = at.astimezone(tz)
    return f"{here:%Y-%m-%d %H:%M} {here.tzname() or zone}"
