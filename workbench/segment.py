"""Sentence segmentation with offsets into the article body, paragraph by paragraph (pysbd)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# pysbd misses a sentence boundary when a quote is glued to the previous sentence: `re-emerge."For`.
_GLUED_QUOTE = re.compile(r'(?<=[.!?]["\u201d])(?=["\u201c]?[A-Z])')
# A line break inside a sentence, as in text pasted from a page with hard line breaks: pysbd ends a
# sentence at every newline, which cut "...in the year to March,\nup from 45,000 in 2019." in two.
# A break is soft when the line before it has no closing punctuation and either the next line goes on
# in lower case or the line before is long (a wrapped line, not a headline).
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_ENDS_SENTENCE = re.compile(r"[.!?:\"\u201d]\s*$")
_WRAPPED = 50
# A piece that starts with a lower-case word ("up from 45,000") continues the sentence before it.
_CONTINUES = re.compile(r"^[\"\u201c\u2018'(]?[a-z]{2}")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text and its [start, end) offsets in the body, in Python str indices."""

    start: int
    end: int
    text: str
    paragraph: int


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def paragraphs(body: str) -> list[tuple[int, int]]:
    """Return the [start, end) offsets of the non-blank paragraphs of a body."""
    spans, pos = [], 0
    for m in _PARAGRAPH_BREAK.finditer(body):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(body)))
    out = []
    for s, e in spans:
        chunk = body[s:e]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((s + lead, s + lead + len(stripped)))
    return out


def _split_glued(text: str, offset: int) -> list[tuple[int, int]]:
    cuts = [m.start() for m in _GLUED_QUOTE.finditer(text)]
    bounds = [0, *cuts, len(text)]
    return [(offset + a, offset + b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def _soften(para: str) -> str:
    """The paragraph with its soft line breaks turned into spaces (same length, so offsets hold)."""
    out, line_start = [], 0
    for m in _LINE_BREAK.finditer(para):
        line, rest = para[line_start:m.start()], para[m.end():m.end() + 2]
        soft = not _ENDS_SENTENCE.search(line) and (bool(_CONTINUES.match(rest + "xx")) or len(line) >= _WRAPPED)
        out.append((m.start(), m.end(), soft))
        line_start = m.end()
    chars = list(para)
    for a, b, soft in out:
        if soft:
            chars[a:b] = " " * (b - a)
    return "".join(chars)


def split_sentences(body: str) -> list[Sentence]:
    """Split a body into sentences with exact offsets, so body[s.start:s.end] == s.text."""
    seg = _segmenter()
    result: list[Sentence] = []
    for pno, (ps, pe) in enumerate(paragraphs(body)):
        para = body[ps:pe]
        cursor, first = 0, len(result)
        # same length, so offsets still hold: soft line breaks become spaces for the segmenter only
        flat = _soften(para)
        for piece in seg.segment(flat):
            stripped = piece.strip()
            if not stripped:
                continue
            found = flat.find(stripped, cursor)
            if found < 0:  # pysbd never rewrites with clean=False; guard anyway
                continue
            cursor = found + len(stripped)
            stripped = para[found:cursor]
            for s, e in _split_glued(stripped, ps + found):
                # trim whitespace inside each piece so offsets cover text only
                raw = body[s:e]
                lead = len(raw) - len(raw.lstrip())
                s2, e2 = s + lead, s + lead + len(raw.strip())
                if len(result) > first and _CONTINUES.match(body[s2:e2]):
                    s2 = result.pop().start  # a fragment: merge it back into its sentence
                result.append(Sentence(s2, e2, body[s2:e2], pno))
    return result
