"""The Dashboard view: claims by status and by verdict, progress per article, and work per reviewer."""
from __future__ import annotations

import streamlit as st

from workbench.ui import reads
from workbench.ui.widgets.bar_chart import STATUS_COLOURS, bar_chart
from workbench.ui.widgets.status_columns import STATUS_COUNT_COLUMNS

data = reads.dashboard()
by_status, by_verdict, progress, reviewers = (data["status"], data["verdict"], data["progress"],
                                              data["reviewers"])
counts = dict(zip(by_status["status"], by_status["claims"]))
n_claims = int(by_status["claims"].sum())
n_done = counts["checked"] + counts["approved"]

st.title("Dashboard")
st.caption("Where the desk stands: claims by status and verdict, progress per article, and who did "
           "what (from the history).")

articles_box, claims_box, to_do_box, review_box, done_box = st.columns(5)
articles_box.metric("Articles", f"{len(progress):,}", border=True, height="stretch")
claims_box.metric("Claims", f"{n_claims:,}", border=True, height="stretch")
to_do_box.metric("To do", f"{counts['draft'] + counts['reopened']:,}", border=True, height="stretch",
                 help="Draft and reopened claims")
review_box.metric("In review", f"{counts['in review']:,}", border=True, height="stretch")
done_box.metric("Done", f"{n_done:,}", border=True, height="stretch", help="Checked or approved claims",
                delta=f"{n_done / n_claims:.0%} of claims" if n_claims else None, delta_color="off",
                delta_arrow="off")

if progress.empty:
    st.info("No articles yet — import one on the Articles page, then mark its claims in the workspace.",
            icon=":material/library_books:")
    st.stop()

status_box, verdict_box = st.columns(2, border=True)
with status_box:
    st.markdown("**Claims by status**")
    if n_claims:
        st.altair_chart(bar_chart(by_status, "status", "Status", STATUS_COLOURS), width="stretch")
    else:
        st.caption("No claims yet: open an article in the workspace to mark some.")
with verdict_box:
    st.markdown("**Claims by verdict**")
    if n_claims:
        # Claims without a verdict in grey, after the labels of the scale.
        colours = ["#4c8bf5"] * (len(by_verdict) - 1) + ["#9aa0a6"]
        st.altair_chart(bar_chart(by_verdict, "verdict", "Verdict", colours), width="stretch")
    else:
        st.caption("No verdicts yet.")

st.subheader("Progress per article")
progress["done"] = 100 * progress["done"]
st.dataframe(
    progress, key="dashboard.progress", hide_index=True, width="stretch",
    height=min(38 + 35 * len(progress), 390),
    column_order=["article_id", "title", "claims", "to_do", "in review", "checked", "approved", "done"],
    column_config={
        "article_id": st.column_config.NumberColumn("#", format="%d", width=40),
        "title": st.column_config.TextColumn("Article"),
        **STATUS_COUNT_COLUMNS,
        "done": st.column_config.ProgressColumn("Checked or approved", format="%.0f%%", min_value=0,
                                                max_value=100, width=150),
    },
)

st.subheader("Work per reviewer")
if reviewers.empty:
    st.caption("Nobody has changed anything yet.")
else:
    st.dataframe(
        reviewers, key="dashboard.reviewers", hide_index=True, width="stretch",
        column_config={
            "reviewer": st.column_config.TextColumn("Reviewer", width="medium"),
            "articles_imported": st.column_config.NumberColumn("Articles imported"),
            "claims_created": st.column_config.NumberColumn("Claims created"),
            "verdicts": st.column_config.NumberColumn("Verdicts given"),
            "approvals": st.column_config.NumberColumn("Approvals"),
            "citations_added": st.column_config.NumberColumn("Citations added"),
            "last_active": st.column_config.DatetimeColumn("Last change (UTC)", format="YYYY-MM-DD HH:mm"),
        },
    )
