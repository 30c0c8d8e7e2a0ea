"""The Export view: filter the claims, preview them, download CSV, ClaimReview JSON-LD or a JSON
backup; the desk's publishing settings, an article's fact-check report, re-checking sources,
other desks' fact checks, and restoring a backup."""
from __future__ import annotations

from datetime import date

import streamlit as st

from workbench import review, stats
from workbench.ui import reads
from workbench.ui.widgets.backup_restore import restore_panel, show_restored
from workbench.ui.widgets.downloads import download_boxes
from workbench.ui.widgets.publishing import desk_settings_panel, external_panel, recheck_panel, report_panel

STATUSES = stats.STATUSES
PUBLISHED = list(review.PUBLISHED_STATUSES)
PREVIEW_COLUMNS = ["claim_id", "article_title", "claim", "claimant", "status", "verdict", "citation_count",
                   "rationale", "reviewer", "reviewed_at", "approver", "approved_at"]

titles, labels = reads.export_choices()

st.title("Export")
st.caption("Choose claims with the filters, check them in the preview, then download them. "
           "The CSV and ClaimReview files hold exactly the claims of the preview.")
show_restored()

with st.container(border=True):
    st.markdown("**Filters**")
    left, middle, right = st.columns([2, 2, 2])
    article_id = left.selectbox("Article", [None, *titles], key="export.article",
                                format_func=lambda i: "All articles" if i is None else f"#{i} · {titles[i]}")
    statuses = middle.multiselect("Status", STATUSES, default=PUBLISHED, key="export.statuses",
                                  placeholder="Any status",
                                  help="Leave empty for claims in any status.")
    verdicts = right.multiselect("Verdict", labels, key="export.verdicts", placeholder="Any verdict",
                                 help="Leave empty for claims with any verdict or none.")
    left, middle, right = st.columns([2, 1, 1])
    claimant = left.text_input("Claimant", key="export.claimant", placeholder="Part of a name, any case")
    date_from = middle.date_input("Reviewed from", value=None, key="export.date_from", format="YYYY-MM-DD",
                                  help="The day of approval, else of the verdict (UTC).")
    date_to = right.date_input("Reviewed until", value=None, key="export.date_to", format="YYYY-MM-DD")

filters: dict = {"article_id": article_id, "claimant": claimant.strip() or None,
                 "date_from": date_from, "date_to": date_to}
if statuses:
    filters["statuses"] = list(statuses)
else:
    filters["include_all"] = True
if verdicts:
    filters["verdicts"] = list(verdicts)

if isinstance(date_from, date) and isinstance(date_to, date) and date_from > date_to:
    st.warning("“Reviewed from” is after “Reviewed until”: no claim can match. Swap the dates.",
               icon=":material/event_busy:")

frame = reads.claims_preview(filters)
claim_ids = frame["claim_id"].dropna().astype(int).tolist()
n_published = int((frame["status"].isin(PUBLISHED) & frame["verdict"].notna()).sum())

st.subheader("Preview")
if frame.empty:
    if not titles:
        st.info("No articles yet — import one on the Articles page, then mark and check its claims.",
                icon=":material/library_books:")
    elif statuses == PUBLISHED and not verdicts and article_id is None and not filters["claimant"] \
            and date_from is None and date_to is None:
        st.info("No claim is checked or approved yet. Choose other statuses above to export work in "
                "progress.", icon=":material/filter_alt:")
    else:
        st.info("No claim matches these filters.", icon=":material/filter_alt_off:")
else:
    st.caption(f"{len(frame):,} {'claim matches' if len(frame) == 1 else 'claims match'} the filters.")
    st.dataframe(
        frame, key="export.preview", hide_index=True, width="stretch",
        height=min(38 + 35 * len(frame), 390),
        column_order=PREVIEW_COLUMNS,
        column_config={
            "claim_id": st.column_config.NumberColumn("#", format="%d", width=40),
            "article_title": st.column_config.TextColumn("Article", width=150),
            "claim": st.column_config.TextColumn("Claim", width=280),
            "claimant": st.column_config.TextColumn("Claimant", width=100),
            "status": st.column_config.TextColumn("Status", width=80),
            "verdict": st.column_config.TextColumn("Verdict", width=95),
            "citation_count": st.column_config.NumberColumn("Citations", width=70),
            "rationale": st.column_config.TextColumn("Rationale", width="medium"),
            "reviewer": st.column_config.TextColumn("Verdict by", width="small"),
            "reviewed_at": st.column_config.DatetimeColumn("Verdict at", format="YYYY-MM-DD HH:mm",
                                                           width="small"),
            "approver": st.column_config.TextColumn("Approved by", width="small"),
            "approved_at": st.column_config.DatetimeColumn("Approved at", format="YYYY-MM-DD HH:mm",
                                                           width="small"),
        },
    )

desk = desk_settings_panel(article_id)
st.subheader("Download")
download_boxes(filters, claim_ids, len(frame), n_published, article_id, desk)
report_panel(article_id, desk)
recheck_panel(article_id)
external_panel()
restore_panel()
