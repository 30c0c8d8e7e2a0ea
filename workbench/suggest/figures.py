"""Figures of speech: analogies that are not claims of fact ("it's as if...", "think of them like...")."""
from __future__ import annotations

import re

# The figure opens the sentence (after a quote mark): the sentence is the analogy.
_OPENS = re.compile(
    r"^[\"\u201c\u2018']?\s*(?:it['\u2019]s|it is|that['\u2019]s|this is)\s+(?:just\s+|almost\s+|a bit\s+)?"
    r"(?:as if|as though|like)\b|^[\"\u201c\u2018']?\s*(?:think of|imagine|picture|consider)\b[^.;]{0,60}\b(?:like|as)\b",
    re.IGNORECASE)
# Something checkable besides the figure: a number, a percentage or a quantity word.
_CHECKABLE = re.compile(r"\d|\b(?:percent|per cent|half|third|quarter|doubled|tripled|halved)\b", re.I)


def figure_of_speech(text: str) -> str | None:
    """Why a sentence is an analogy rather than a claim of fact, or None when it is not one."""
    m = _OPENS.search(text)
    if m is None or _CHECKABLE.search(text):
        return None
    opening = " ".join(m.group(0).strip("\"\u201c\u2018' ").split()).lower()
    return f"figure of speech ('{opening}\u2026'), not a claim of fact"
