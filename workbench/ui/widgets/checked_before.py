"""Checked claims, in any article, and other desks' published fact checks that say the same as
the claim under review; choosing one of ours opens it for review, another desk's has its link."""
from __future__ import annotations

import streamlit as st

from workbench.ui import reads
from workbench.ui.navigation import CLAIM_KEY, select
from workbench.ui.session import open_claim


def checked_before_panel(claim: dict) -> None:
    """Checked claims, in any article, that say the same as this one; choosing one opens it."""
    table = reads.checked_before(claim["id"], claim["version"])
    st.subheader("Checked before", anchor=False)
    if not table.num_rows:
        st.caption("No checked claim elsewhere says the same.")
        return
    st.caption("Checked claims, and other desks' fact checks (with a link), that say the same, most "
               "similar first. Choose one of ours to open it.")
    ids = table.column("claim_id").to_pylist()
    event = st.dataframe(table, hide_index=True, key=f"review.matches.{claim['id']}", on_select="rerun",
                         selection_mode="single-row",
                         column_order=["Verdict", "Similarity", "Claim", "Article", "Link"],
                         height=min(38 + 35 * table.num_rows, 220),
                         column_config={
                             "Verdict": st.column_config.TextColumn(width=95),
                             "Similarity": st.column_config.ProgressColumn(
                                 width=80, min_value=0, max_value=100, format="%.0f",
                                 help="Shared words and figures, 0\u2013100"),
                             "Claim": st.column_config.TextColumn(width=230),
                             "Article": st.column_config.TextColumn("Article or desk", width="medium"),
                             "Link": st.column_config.LinkColumn(width="small", display_text="open")})
    rows = event.selection.rows
    if rows and rows[0] < len(ids) and ids[rows[0]] is not None:
        select(CLAIM_KEY, "claim", ids[rows[0]])
        open_claim(ids[rows[0]])
        st.rerun()
