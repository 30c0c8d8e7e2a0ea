"""Column settings for claim counts by status, as the library and the dashboard show them
(to_do = draft + reopened)."""
from __future__ import annotations

import streamlit as st

STATUS_COUNT_COLUMNS = {
    "claims": st.column_config.NumberColumn("Claims", width=62),
    "to_do": st.column_config.NumberColumn("To do", width=58, help="Draft or reopened claims"),
    "in review": st.column_config.NumberColumn("In review", width=78),
    "checked": st.column_config.NumberColumn("Checked", width=72),
    "approved": st.column_config.NumberColumn("Approved", width=78),
}
