"""The export's downloads: the claims CSV and a citations CSV, ClaimReview JSON-LD and a JSON backup.

The files are built when a button is clicked (on Streamlit's download thread), not on every rerun:
a backup of the whole library can be large. The builders read the database without Streamlit."""
from __future__ import annotations

import json
from datetime import date

import streamlit as st

from workbench.database import read_session
from workbench.errors import WorkbenchError
from workbench.transfer import backup, claimreview, csv_export
from workbench.ui.text import inert


def download_boxes(filters: dict, claim_ids: list[int], n_claims: int, n_published: int,
                   article_id: int | None, desk: claimreview.DeskSettings | None) -> None:
    """CSV of the filtered claims (and of their citations), ClaimReview of the published ones among
    them with the desk's settings, and a JSON backup of the article filter's articles (all when None)."""
    today = date.today().isoformat()
    backup_ids = [article_id] if article_id is not None else None

    def csv_bytes() -> bytes:
        with read_session() as session:
            return csv_export.export_claims_csv(session, desk=desk, **filters)

    def citations_bytes() -> bytes:
        with read_session() as session:
            return csv_export.export_citations_csv(session, **filters)

    def backup_text() -> str:
        with read_session() as session:
            return json.dumps(backup.export_backup(session, article_ids=backup_ids), ensure_ascii=False,
                              indent=1)

    csv_box, claimreview_box, backup_box = st.columns(3, border=True)
    with csv_box:
        st.markdown("**Spreadsheet (CSV)**")
        st.caption(f"The claims of the preview ({n_claims:,}), one per row: article, claim, quote, "
                   "claimant, status, verdict, rationale, citation links, who gave the verdict and who "
                   "approved it, and when. "
                   "Cells a spreadsheet would run as a formula start with an apostrophe.")
        st.download_button("Download CSV", data=csv_bytes, file_name=f"claims-{today}.csv", mime="text/csv",
                           key="export.csv", on_click="ignore", width="stretch")
        st.download_button("Citations CSV", data=citations_bytes, file_name=f"citations-{today}.csv",
                           mime="text/csv", key="export.citations_csv", on_click="ignore", width="stretch",
                           help="One row per citation with its claim id: URL, title, stance, passage, archive.")
    with claimreview_box:
        st.markdown("**ClaimReview JSON-LD**")
        st.caption(f"schema.org markup for search engines and fact-check aggregators. Only checked and "
                   f"approved claims with a verdict are included: {n_published:,} of the preview.")
        text, refusal = None, "Fix the publishing settings above first." if desk is None else None
        if desk is not None and n_published:
            try:
                with read_session() as session:
                    text = claimreview.export_claimreview(session, desk=desk, claim_ids=claim_ids)
            except WorkbenchError as exc:
                refusal = str(exc)
        if refusal:
            st.warning(inert(refusal), icon=":material/link_off:")
        st.download_button("Download ClaimReview JSON-LD", data=text or "[]",
                           file_name=f"claimreview-{today}.json", mime="application/ld+json",
                           key="export.claimreview", width="stretch", on_click="ignore",
                           disabled=text is None)
    with backup_box:
        st.markdown("**JSON backup**")
        which = f"Article #{article_id}" if article_id is not None else "Every article"
        st.caption(f"{which} with its text, revisions, claims, citations and history, to restore here "
                   "or in another workbench. Only the article filter applies.")
        st.download_button("Download JSON backup", data=backup_text,
                           file_name=f"workbench-backup-{today}.json", mime="application/json",
                           key="export.backup", on_click="ignore", width="stretch")
