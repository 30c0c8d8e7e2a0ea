"""Anchors of claims in a body: W3C TextQuoteSelector-style quote, prefix and suffix, and re-finding them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from workbench.errors import AmbiguousQuote, InvalidInput, QuoteNotFound

CONTEXT_CHARS = 32
FUZZY_MIN_SCORE = 90.0
_QUOTE_CHARS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                              "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "`": "'"})


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a claim stands in a body: [start, end) and the selector that finds it again."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def anchor_span(body: str, start: int, end: int) -> Anchor:
    """Anchor [start, end) of a body, trimmed of surrounding white space."""
    if not (0 <= start < end <= len(body)):
        raise InvalidInput(f"The span {start}-{end} is outside the article text (0-{len(body)}).")
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise InvalidInput("The selected span holds only white space; select some words.")
    return Anchor(start, end, body[start:end], body[max(0, start - CONTEXT_CHARS):start],
                  body[end:end + CONTEXT_CHARS])


def _normalise(text: str) -> tuple[str, list[int]]:
    """Fold case, quote marks and runs of white space; return the folded text and, per folded
    character, its index in the original."""
    out: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(text.translate(_QUOTE_CHARS)):
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        for folded in ch.casefold():
            out.append(folded)
            index.append(i)
    return "".join(out), index


def _all_exact(body: str, quote: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(quote), body)]


def find_quote(body: str, quote: str) -> tuple[int, int]:
    """Find a quote in a body: exactly, else tolerating white space, quote marks and case.

    Raises AmbiguousQuote when it stands in several places, QuoteNotFound when nowhere."""
    quote = quote.strip()
    if not quote:
        raise InvalidInput("The quote is empty.")
    hits = [(s, s + len(quote)) for s in _all_exact(body, quote)]
    if not hits:
        hits = _normalised_hits(body, quote)
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise QuoteNotFound(f"The quote \u201c{_short(quote)}\u201d is not in the article text, "
                            "not even allowing for spacing, quote marks or case.")
    places = ", ".join(f"{s}-{e} (\u201c{_short(_oneline(body[max(0, s - 20):s]), 20)}\u2026\u201d before)"
                       for s, e in hits[:5])
    raise AmbiguousQuote(f"The quote \u201c{_short(quote)}\u201d appears {len(hits)} times: {places}. "
                         "Select the words in the text, or quote more of the sentence.", hits)


def _normalised_hits(body: str, quote: str) -> list[tuple[int, int]]:
    nbody, index = _normalise(body)
    nquote, _ = _normalise(quote)
    nquote = nquote.strip()
    if not nquote:
        return []
    return [(index[s], index[s + len(nquote) - 1] + 1) for s in _all_exact(nbody, nquote)]


def _oneline(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def reanchor(new_body: str, *, quote: str, prefix: str, suffix: str,
             old_start: int) -> tuple[int, int] | None:
    """Find a claim again in a corrected body: exact quote (using prefix/suffix to choose among
    several), then tolerant of spacing/quotes/case, then fuzzy. None when it is gone."""
    starts = _all_exact(new_body, quote)
    if len(starts) == 1:
        return starts[0], starts[0] + len(quote)
    if starts:
        def fit(s: int) -> tuple[int, int, int]:
            before = new_body[max(0, s - len(prefix)):s]
            after = new_body[s + len(quote):s + len(quote) + len(suffix)]
            return (-(before == prefix) - (after == suffix),
                    -int(fuzz.ratio(before, prefix) + fuzz.ratio(after, suffix)), abs(s - old_start))
        best = min(starts, key=fit)
        return best, best + len(quote)
    hits = _normalised_hits(new_body, quote)
    if hits:
        return min(hits, key=lambda h: abs(h[0] - old_start))
    if not quote.strip():
        return None
    alignment = fuzz.partial_ratio_alignment(quote, new_body, score_cutoff=FUZZY_MIN_SCORE)
    if alignment is None:
        return None
    return alignment.dest_start, alignment.dest_end
