"""A claim's history on the review page: one sentence per change, oldest first, at the reviewer's
local time (the browser's time zone, named)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench.history import describe, local_time


def history_panel(claim: dict) -> None:
    """Every audit event of the claim and its citations, oldest first, in words."""
    st.subheader("History", anchor=False)
    rows = claim["history"]
    zone = st.context.timezone
    frame = pd.DataFrame({
        "When": [local_time(e["at"], zone) for e in rows],
        "What happened": [describe(e) for e in rows],
    })
    st.dataframe(frame, hide_index=True, key="review.history", width="stretch",
                 column_config={"When": st.column_config.TextColumn(width=150),
                                "What happened": st.column_config.TextColumn(width="large")})
