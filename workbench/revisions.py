"""An article's revisions compared word by word: what a body correction removed and added."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sqlmodel import Session, select

from db.tables import ArticleRevision
from workbench.errors import NotFound

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class DiffPart:
    """A run of text that is the same in both revisions ("same"), only in the older ("removed")
    or only in the newer ("added")."""

    kind: str
    text: str


def word_diff(old: str, new: str) -> list[DiffPart]:
    """The words of `new` compared with `old`: same, removed and added runs, in reading order.

    White space is kept with the words, so joining the "same" and "added" parts gives `new` and
    joining the "same" and "removed" parts gives `old`."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    parts: list[DiffPart] = []

    def put(kind: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if parts and parts[-1].kind == kind:
            parts[-1] = DiffPart(kind, parts[-1].text + text)
        else:
            parts.append(DiffPart(kind, text))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            put("same", a[i1:i2])
        else:
            put("removed", a[i1:i2])
            put("added", b[j1:j2])
    return parts


def compare_revisions(session: Session, *, article_id: int, older: int, newer: int) -> list[DiffPart]:
    """The word-level difference between two revisions of an article's body."""
    found = {r.revision: r.body for r in session.exec(
        select(ArticleRevision).where(ArticleRevision.article_id == article_id,
                                      ArticleRevision.revision.in_((older, newer))))}
    for n in (older, newer):
        if n not in found:
            raise NotFound(f"Article #{article_id} has no revision {n}.")
    return word_diff(found[older], found[newer])
