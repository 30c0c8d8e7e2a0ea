"""Claim suggestions in the workspace, when workbench.suggest provides suggest_claims()."""
from __future__ import annotations

import importlib
from collections.abc import Callable

import streamlit as st

from workbench.ui.data import TTL


def suggester() -> Callable | None:
    """workbench.suggest.suggest_claims, or None while it is not installed."""
    try:
        module = importlib.import_module("workbench.suggest")
    except ImportError:
        return None
    return getattr(module, "suggest_claims", None)


@st.cache_data(ttl=TTL, show_spinner="Finding sentences worth checking\u2026")
def suggestions(url: str, article_id: int, body: str) -> tuple[dict, ...]:
    """The suggestions for an article's body, best first, as plain dicts."""
    suggest = suggester()
    if suggest is None:
        return ()
    out = []
    for s in suggest(body):
        out.append({"start": s.start, "end": s.end, "quote": s.quote, "score": s.score,
                    "type": s.type, "claimant": s.claimant, "reasons": tuple(s.reasons or ()),
                    "checkworthy": bool(s.checkworthy)})
    return tuple(sorted(out, key=lambda s: -(s["score"] or 0)))


def dismissed(article_id: int) -> set[tuple[int, int]]:
    """The (start, end) of suggestions dismissed in this article.

    Kept in session state for now; the one place to switch to persisted decisions."""
    return st.session_state.setdefault("workspace.dismissed", {}).setdefault(article_id, set())
