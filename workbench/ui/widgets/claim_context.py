"""The claim under review as the reviewer reads it: its wording and facts, then the quote in its
article with the sentence before and after."""
from __future__ import annotations

import streamlit as st

from workbench.ui.text import inert, short


def context(body: str, sentences: tuple, start: int, end: int) -> tuple[str, str, str]:
    """The sentence before the quote's sentence(s), the quote with its sentence, and the one after."""
    inside = [i for i, (s, e) in enumerate(sentences) if s < end and e > start]
    if not inside:
        return "", body[start:end], ""
    first, last = inside[0], inside[-1]
    lo = sentences[first - 1][0] if first > 0 else sentences[first][0]
    hi = sentences[last + 1][1] if last + 1 < len(sentences) else sentences[last][1]
    return body[lo:start], body[start:end], body[end:hi]


def claim_panel(claim: dict, article: dict | None) -> None:
    """The claim's wording, claimant, type and origin; the quote in context when the article exists."""
    st.markdown(f"#### {inert(claim['text'])}")
    facts = [f"Claimant: {claim['claimant'] or 'not recorded'}", f"Type: {claim['claim_type']}",
             "suggested by the model" if claim["origin"] == "suggested" else "chosen by a reviewer"]
    st.caption(inert(" \u00b7 ".join(facts)))
    if article is None:
        return
    with st.container(border=True, key="review.context"):
        st.caption(f"In context \u00b7 {inert(short(article['title'], 80))}")
        if claim["orphaned"]:
            st.warning("The article text was corrected and this quote is no longer in it.")
        before, quote, after = context(article["body"], article["sentences"], claim["start"],
                                       claim["end"])
        st.markdown(f"{inert(before)}**:blue-background[{inert(quote)}]**{inert(after)}")
