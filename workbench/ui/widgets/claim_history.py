"""A claim's history on the review page: who changed what and when, from the audit log."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench.ui.text import short

_QUIET_FIELDS = {"prefix", "suffix", "version", "updated_at", "updated_by", "created_at", "created_by",
                 "verdict_at", "approved_at", "id", "article_id", "claim_id"}


def _change_text(changes: dict) -> str:
    parts = []
    for key, value in changes.items():
        if key in _QUIET_FIELDS:
            continue
        if isinstance(value, list) and len(value) == 2:
            before, after = (short("\u2014" if v in (None, "") else str(v), 40) for v in value)
            parts.append(f"{key}: {before} \u2192 {after}")
        else:
            parts.append(f"{key}: {short(str(value), 60)}")
    return "; ".join(parts)


def history_panel(claim: dict) -> None:
    """Every audit event of the claim and its citations, oldest first, one line of changes each."""
    st.subheader("History", anchor=False)
    rows = claim["history"]
    frame = pd.DataFrame({
        "When": [e["at"].strftime("%Y-%m-%d %H:%M:%S") for e in rows],
        "Who": [e["actor"] for e in rows],
        "What": [f"{e['entity']} {e['action']}" for e in rows],
        "Changes": [_change_text(e["changes"]) for e in rows],
    })
    st.dataframe(frame, hide_index=True, key="review.history",
                 column_config={"When": st.column_config.TextColumn(width="small"),
                                "Changes": st.column_config.TextColumn(width="large")})
