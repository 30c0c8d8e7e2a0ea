"""The Articles view (the library): every article with its claims by status; import by paste,
upload or web address; open an article in the workspace; delete one after a confirmation."""
from __future__ import annotations

import streamlit as st

from workbench.ui import reads
from workbench.ui.navigation import go_workspace
from workbench.ui.text import claims_phrase, inert
from workbench.ui.widgets import delete_dialog
from workbench.ui.widgets.article_corrections import corrections_panel
from workbench.ui.widgets.article_import import import_panel
from workbench.ui.widgets.claim_search import claim_search
from workbench.ui.widgets.library_notice import show_notice
from workbench.ui.widgets.status_columns import STATUS_COUNT_COLUMNS

st.title("Articles")
st.caption("The library: every article with its claims by status. Import an article, then open it "
           "in the workspace to mark and check its claims.")

import_panel(expanded=reads.library("").empty)
show_notice()

st.subheader("Claims")
claim_search()

st.subheader("Library")
search = st.text_input("Search titles and text", key="articles.search", icon=":material/search:",
                       placeholder="Search titles and text", label_visibility="collapsed").strip()
frame = reads.library(search)

if frame.empty:
    if search:
        st.info(f"No article contains \u201c{inert(search)}\u201d in its title or text.",
                icon=":material/search_off:")
    else:
        st.info("No articles yet — paste one above.", icon=":material/library_books:")
    st.stop()

st.caption(f"{len(frame):,} {'article' if len(frame) == 1 else 'articles'}"
           f"{' found' if search else ''} · {claims_phrase(int(frame['claims'].sum()))}")
st.dataframe(
    frame,
    key="articles.table",
    hide_index=True,
    width="stretch",
    column_order=["id", "title", "claims", "to_do", "in review", "checked", "approved", "done",
                  "created_at"],
    column_config={
        "id": st.column_config.NumberColumn("#", format="%d", width=40),
        "title": st.column_config.TextColumn("Title"),
        **STATUS_COUNT_COLUMNS,
        "done": st.column_config.ProgressColumn("Done", format="%.0f%%", min_value=0, max_value=100,
                                                width=100,
                                                help="Share of the article's claims that are checked or approved"),
        "created_at": st.column_config.DatetimeColumn("Imported", format="D MMM YYYY", width=96),
    },
)

titles = dict(zip(frame["id"].tolist(), frame["title"].tolist()))
totals = dict(zip(frame["id"].tolist(), frame["claims"].tolist()))
with st.container(horizontal=True, vertical_alignment="bottom"):
    chosen = st.selectbox("Article", list(titles), key="articles.selected", width=520,
                          format_func=lambda i: f"#{i} · {titles[i]} · {claims_phrase(totals[i])}")
    if st.button("Open in workspace", key="articles.open", type="primary", icon=":material/open_in_new:"):
        go_workspace(chosen)
    delete_dialog.delete_button(chosen)
delete_dialog.open_dialog(titles, totals)
corrections_panel(chosen)
