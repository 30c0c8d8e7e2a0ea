"""The export page: filter the claims, preview them, download CSV, ClaimReview JSON-LD or a JSON
backup, and restore a backup."""
from __future__ import annotations

import json
import os
from datetime import date

import pandas as pd
import streamlit as st
from sqlmodel import Session

from db.engine import database_url
from db.tables import ClaimStatus
from workbench import articles, review
from workbench.transfer import backup, claimreview, csv_export
from workbench.ui.common import engine, inert, read_session, write

STATUSES = [s.value for s in ClaimStatus]
PUBLISHED = list(review.PUBLISHED_STATUSES)
RESTORED = "export.restored"  # what the last restore did, shown once
PREVIEW_COLUMNS = ["claim_id", "article_title", "claim", "claimant", "status", "verdict", "citation_count",
                   "rationale", "reviewer", "reviewed_at", "approver", "approved_at"]


@st.cache_data(ttl=30, show_spinner=False)
def choices(db_url: str) -> tuple[dict[int, str], list[str]]:
    """The articles (id -> title, newest first) and the rating labels, for the filter widgets."""
    with read_session() as session:
        titles = {a.id: a.title for a in articles.list_articles(session, limit=10_000)}
        labels = [r.label for r in review.rating_scale(session)]
    return titles, labels


@st.cache_data(ttl=30, show_spinner=False)
def preview(db_url: str, filters: dict) -> pd.DataFrame:
    """The claims the filters select (the same rows the CSV holds)."""
    with read_session() as session:
        return csv_export.claims_frame(session, **filters)


def restore(session: Session, *, data: dict, actor: str) -> str:
    return backup.import_backup(session, data, actor=actor).summary()


titles, labels = choices(database_url())

st.title("Export")
st.caption("Choose claims with the filters, check them in the preview, then download them. "
           "The CSV and ClaimReview files hold exactly the claims of the preview.")
if restored := st.session_state.pop(RESTORED, None):
    st.success(inert(restored), title="Backup restored", icon=":material/check_circle:")

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

frame = preview(database_url(), filters)
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

# The files are built when a button is clicked (on Streamlit's download thread), not on every
# rerun: a backup of the whole library can be large. They use the engine, not Streamlit.
db_engine = engine()
today = date.today().isoformat()
desk_default = os.environ.get(claimreview.DESK_NAME_ENV, "").strip() or claimreview.DEFAULT_DESK_NAME
backup_ids = [article_id] if article_id is not None else None


def csv_bytes() -> bytes:
    with Session(db_engine) as session:
        return csv_export.export_claims_csv(session, **filters)


def claimreview_text(desk_name: str) -> str:
    with Session(db_engine) as session:
        return claimreview.export_claimreview(session, desk_name=desk_name, claim_ids=claim_ids)


def backup_text() -> str:
    with Session(db_engine) as session:
        return json.dumps(backup.export_backup(session, article_ids=backup_ids), ensure_ascii=False,
                          indent=1)


st.subheader("Download")
csv_box, claimreview_box, backup_box = st.columns(3, border=True)
with csv_box:
    st.markdown("**Spreadsheet (CSV)**")
    st.caption(f"The claims of the preview ({len(frame):,}), one per row: article, claim, quote, "
               "claimant, status, verdict, rationale, citation links, who gave the verdict and who "
               "approved it, and when. "
               "Cells a spreadsheet would run as a formula start with an apostrophe.")
    st.download_button("Download CSV", data=csv_bytes, file_name=f"claims-{today}.csv", mime="text/csv",
                       key="export.csv", on_click="ignore", width="stretch")
with claimreview_box:
    st.markdown("**ClaimReview JSON-LD**")
    st.caption(f"schema.org markup for search engines and fact-check aggregators. Only checked and "
               f"approved claims with a verdict are included: {n_published:,} of the preview.")
    desk_name = st.text_input("Desk name (the review's author)", value=desk_default,
                              key="export.desk_name").strip() or desk_default
    st.download_button("Download ClaimReview JSON-LD", data=lambda: claimreview_text(desk_name),
                       file_name=f"claimreview-{today}.json", mime="application/ld+json",
                       key="export.claimreview", on_click="ignore", width="stretch")
with backup_box:
    st.markdown("**JSON backup**")
    which = f"Article #{article_id}" if article_id is not None else "Every article"
    st.caption(f"{which} with its text, revisions, claims, citations and history, to restore here "
               "or in another workbench. Only the article filter applies.")
    st.download_button("Download JSON backup", data=backup_text, file_name=f"workbench-backup-{today}.json",
                       mime="application/json", key="export.backup", on_click="ignore", width="stretch")

with st.expander("Restore a JSON backup", icon=":material/settings_backup_restore:"):
    st.caption("Adds the articles of a backup written by “Download JSON backup” to this workbench, "
               "with their claims, citations and history.")
    upload = st.file_uploader("Backup file", type=["json"], key="export.restore_file")
    if st.button("Restore backup", key="export.restore", type="primary", disabled=upload is None):
        try:
            data = json.loads(upload.getvalue().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            st.error(f"{inert(upload.name)} is not a JSON backup ({inert(exc)}). Choose a file written by "
                     "“Download JSON backup”.")
        else:
            summary = write(restore, data=data)
            if summary is not None:  # show it after a rerun, so the preview includes what came in
                st.session_state[RESTORED] = summary
                st.rerun()
