"""Search across every article's claims on the library page (words, claimant, status, verdict);
choosing a result opens the claim."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench.database import read_session
from workbench.search import search_claims
from workbench.ui.navigation import go_review
from workbench.ui.text import inert


def claim_search() -> None:
    """The search box and its results; a selected row opens that claim on the review page."""
    query = st.text_input("Search claims", key="articles.claim_search", icon=":material/manage_search:",
                          placeholder="Search claims in every article: words, claimant, status or verdict",
                          label_visibility="collapsed").strip()
    if not query:
        return
    with read_session() as s:
        hits = search_claims(s, query)
    if not hits:
        st.info(f"No claim matches \u201c{inert(query)}\u201d.", icon=":material/search_off:")
        return
    frame = pd.DataFrame({
        "#": [h.claim_id for h in hits],
        "Claim": [h.text + (" (orphaned)" if h.orphaned else "") for h in hits],
        "Claimant": [h.claimant or "" for h in hits],
        "Status": [h.status for h in hits],
        "Verdict": [h.verdict or "" for h in hits],
        "Article": [f"#{h.article_id} {h.article_title}" for h in hits],
    })
    st.caption(f"{len(hits)} claim{'s' * (len(hits) != 1)} found. Choose one to open it.")
    event = st.dataframe(frame, hide_index=True, key=f"articles.claim_results.{query}",
                         on_select="rerun", selection_mode="single-row",
                         width="stretch", height=min(38 + 35 * len(hits), 320),
                         column_config={"#": st.column_config.NumberColumn(width=45, format="%d"),
                                        "Claim": st.column_config.TextColumn(width="large"),
                                        "Status": st.column_config.TextColumn(width=80)})
    rows = event.selection.rows if event is not None else []
    if rows and rows[0] < len(hits):
        go_review(hits[rows[0]].claim_id, hits[rows[0]].article_id)
