"""Split a sentence that clearly holds two claims (two quoted sentences, or two full clauses joined).

Each part must be a clause of its own: a verbless aside ("up from 45,000 in 2019", "the lowest level
since 1970") stays with its figure, since scored alone it ranked first while checking nothing."""
from __future__ import annotations

import re

_MIN_WORDS = 5
# "that's it. They never..." inside one quotation that the segmenter kept whole
_INNER_STOP = re.compile(r"(?<=[a-z0-9%][.!?])\s+(?=[A-Z])")
_JOIN = re.compile(r"(?:,\s+and|;)\s+")
_NOT_CLAUSE_START = {"which", "who", "whom", "whose", "that", "also", "then", "so", "as", "to", "of", "in",
                     "on", "for", "with", "by", "from", "especially", "including", "such", "not", "even"}
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|does|do|did|rose|fell|grew|"
    r"went|came|made|got|took|gave|saw|said|cut|put|hit|lost|won|paid|spent|left|kept|found|became|began|"
    r"ran|shed|led|\w+ed|\w{3,}s)\b|'s\b|'re\b|n't\b", re.IGNORECASE)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _inside_quote(text: str, pos: int) -> bool:
    return sum(text[:pos].count(c) for c in "\"\u201c\u201d") % 2 == 1


def _is_clause(text: str) -> bool:
    """A stretch that does not start like a relative clause and has a finite verb in its first words."""
    words = text.split()
    return bool(words) and words[0].lower().strip("\"\u201c") not in _NOT_CLAUSE_START \
        and bool(_FINITE.search(" ".join(words[1:6])))


def split_claims(text: str) -> list[tuple[int, int]]:
    """Return [start, end) spans (relative to text) of the claims in a sentence; one span if not clear."""
    whole = [(0, len(text))]
    for m in _INNER_STOP.finditer(text):
        if _inside_quote(text, m.start()) and _words(text[:m.start()]) >= _MIN_WORDS \
                and _words(text[m.end():]) >= 3:
            return _trim(text, [(0, m.start()), (m.end(), len(text))])
    cuts = [m for m in _JOIN.finditer(text)
            if _words(text[:m.start()]) >= _MIN_WORDS and _words(text[m.end():]) >= _MIN_WORDS
            and _is_clause(text[m.end():]) and _has_verb(text[:m.start()])]
    if len(cuts) != 1:  # several joins: not clear which ones separate claims
        return whole
    m = cuts[0]
    return _trim(text, [(0, m.start()), (m.end(), len(text))])


def _has_verb(text: str) -> bool:
    return bool(_FINITE.search(text))


def _trim(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop a leading quote mark and surrounding spaces from each part."""
    out = []
    for a, b in spans:
        while a < b and (text[a].isspace() or (text[a] in "\"\u201c" and a == 0)):
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b))
    return out
