"""Text for the pages: markdown made inert (shown literally) and text cut short to one line.

Pure functions, no Streamlit: article titles, quotes and reviewers' words are never markup."""
from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark


def inert(text: object) -> str:
    """Text escaped for st.markdown: links, HTML, emphasis, LaTeX and colour directives stay literal."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", "  \n")


def short(text: str | None, limit: int = 80) -> str:
    """Text on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def claims_phrase(n: int) -> str:
    """"1 claim", "2 claims", "1,234 claims"."""
    return f"{n} claim" if n == 1 else f"{n:,} claims"


_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


def quoted(text: str | None) -> str:
    """Text in curly quotes, as inert markdown; quote marks it already starts or ends with are
    dropped, so a quote never shows doubled marks (“"For about…”)."""
    return f"\u201c{inert((text or '').strip().strip(_QUOTE_MARKS))}\u201d"
