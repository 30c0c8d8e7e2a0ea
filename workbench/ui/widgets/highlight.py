"""Highlighting an article: cut the body into segments, each with the claims covering it, and colour them.

Pure functions (no Streamlit), so overlaps, edges, non-ASCII and emoji are unit-tested directly.
Offsets are Python str indices (code points), the same the services store.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

STATUS_COLOURS: dict[str, str] = {
    "draft": "#fde68a",
    "in review": "#bfdbfe",
    "checked": "#bbf7d0",
    "approved": "#86efac",
    "reopened": "#fbcfe8",
}
VERDICT_COLOURS: dict[str, str] = {
    "True": "#86efac",
    "Mostly true": "#d9f99d",
    "Half true": "#fef08a",
    "Mostly false": "#fed7aa",
    "False": "#fca5a5",
    "Misleading": "#e9d5ff",
    "Unproven": "#e5e7eb",
}
NO_VERDICT = "no verdict yet"
NO_VERDICT_COLOUR = "#fde68a"
OTHER_COLOUR = "#d1d5db"
SELECTION_ID = 0  # claim ids start at 1: 0 marks the reviewer's pending selection


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch [start, end) of the body and the ids of the claims covering it (reading order)."""

    start: int
    end: int
    claim_ids: tuple[int, ...] = ()


def segments(length: int, spans: Iterable[tuple[int, int, int]]) -> list[Segment]:
    """Cut [0, length) at every span edge; each segment carries the ids of the spans covering it.

    Spans are (start, end, id); they are clamped to the body, empty ones are ignored, and
    neighbouring segments with the same ids are joined, so the segments tile the body exactly."""
    clean = []
    for start, end, ident in spans:
        start, end = max(0, start), min(length, end)
        if start < end:
            clean.append((start, end, ident))
    cuts = sorted({0, length, *(s for s, _, _ in clean), *(e for _, e, _ in clean)})
    order = {ident: n for n, (_, _, ident) in enumerate(sorted(clean))}
    starting: dict[int, list[int]] = {}
    ending: dict[int, list[int]] = {}
    for start, end, ident in clean:
        starting.setdefault(start, []).append(ident)
        ending.setdefault(end, []).append(ident)
    active: set[int] = set()
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        active.difference_update(ending.get(a, ()))
        active.update(starting.get(a, ()))
        ids = tuple(sorted(active, key=order.__getitem__))
        if out and out[-1].claim_ids == ids and out[-1].end == a:
            out[-1] = Segment(out[-1].start, b, ids)
        else:
            out.append(Segment(a, b, ids))
    return out


def claim_colour(claim: Mapping, mode: str) -> str:
    """The highlight colour of a claim, by its status (mode "status") or its verdict (mode "verdict")."""
    if mode == "verdict":
        verdict = claim.get("verdict")
        if not verdict:
            return NO_VERDICT_COLOUR
        return VERDICT_COLOURS.get(verdict, OTHER_COLOUR)
    return STATUS_COLOURS.get(claim.get("status", ""), OTHER_COLOUR)


def legend(mode: str, verdicts: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(label, colour) pairs explaining the colours of a mode; custom verdict labels get grey."""
    if mode == "verdict":
        pairs = [(NO_VERDICT, NO_VERDICT_COLOUR), *VERDICT_COLOURS.items()]
        pairs += [(v, OTHER_COLOUR) for v in verdicts if v not in VERDICT_COLOURS]
        return pairs
    return list(STATUS_COLOURS.items())


def describe(claim: Mapping) -> str:
    """A one-line tooltip for a claim: id, status, verdict and wording."""
    verdict = f" \u00b7 {claim['verdict']}" if claim.get("verdict") else ""
    words = " ".join(str(claim.get("text", "")).split())
    if len(words) > 90:
        words = words[:89] + "\u2026"
    return f"#{claim['id']} \u00b7 {claim.get('status', '')}{verdict}: {words}"


def render_segments(length: int, claims: Iterable[Mapping], *, mode: str = "status",
                    selected: int | None = None,
                    pending: tuple[int, int] | None = None,
                    suggested: Iterable[tuple[int, int]] = ()) -> list[list]:
    """Segments ready for the span selector: [start, end, colour, tooltip, claim id, n, flags].

    The colour is that of the narrowest claim covering the segment (the one a click opens);
    n counts the covering claims; flags is "sel" when the selected claim covers it, "pending"
    for the reviewer's not-yet-saved selection, "suggested" for an unclaimed stretch inside a
    suggested span (start, end). Unclaimed stretches have colour and id None."""
    by_id = {c["id"]: c for c in claims}
    spans = [(c["start"], c["end"], c["id"]) for c in by_id.values()]
    if pending is not None:
        spans.append((pending[0], pending[1], SELECTION_ID))
    # Suggested spans get negative ids, so they never clash with claims (ids from 1) or the selection.
    spans.extend((start, end, -n) for n, (start, end) in enumerate(suggested, 1))
    rows: list[list] = []
    for seg in segments(length, spans):
        real = [by_id[i] for i in seg.claim_ids if i > SELECTION_ID]
        flags = []
        if SELECTION_ID in seg.claim_ids:
            flags.append("pending")
        if not real:
            tip = "Your selection" if flags else None
            if any(i < SELECTION_ID for i in seg.claim_ids):
                flags.append("suggested")
                tip = tip or "Suggested claim: see Suggested claims"
            rows.append([seg.start, seg.end, None, tip, None, 0, " ".join(flags)])
            continue
        inner = min(real, key=lambda c: (c["end"] - c["start"], c["start"], c["id"]))
        if selected is not None and any(c["id"] == selected for c in real):
            flags.append("sel")
        tooltip = "\n".join(describe(c) for c in real)
        rows.append([seg.start, seg.end, claim_colour(inner, mode), tooltip, inner["id"], len(real),
                     " ".join(flags)])
    return rows
