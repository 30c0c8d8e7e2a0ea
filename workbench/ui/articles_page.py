"""The library page: every article with its claims by status; import by paste, upload or web
address; open an article in the workspace; delete one after a confirmation."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlmodel import Session

from db.engine import database_url
from workbench import articles, ingest, stats
from workbench.errors import ImportRefused
from workbench.ui.common import STATUS_COUNT_COLUMNS, inert, read_session, reviewer, write

WORKSPACE_PAGE = Path(__file__).with_name("workspace_page.py")
NOTICE = "articles.notice"        # {"kind": "imported" | "duplicate" | "deleted", "id", "title", ...}
DELETE_ID = "articles.delete_id"  # the article whose deletion is being confirmed (the dialog is open)
CLEAR_INPUTS = "articles.clear_inputs"
NAME_FIRST = "Type your name in the sidebar first: every change carries the reviewer's name."
LIBRARY_SIZE = 500  # the newest articles the library lists; search reaches the rest


def claims_phrase(n: int) -> str:
    return f"{n} claim" if n == 1 else f"{n:,} claims"


@st.cache_data(ttl=30, show_spinner=False)
def library(db_url: str, search: str) -> pd.DataFrame:
    """The library table for a database and a search term (both only key the cache)."""
    with read_session() as session:
        frame = stats.article_progress(session, search=search or None, limit=LIBRARY_SIZE)
    frame["done"] = 100 * frame["done"]
    return frame.rename(columns={"article_id": "id"})


def open_in_workspace(article_id: int) -> None:
    st.session_state["workspace.article_id"] = int(article_id)
    st.switch_page(WORKSPACE_PAGE)


def import_document(read: Callable[[], ingest.ImportedDocument], busy: str) -> None:
    """Read a document, refuse it with a message or note a duplicate, else store it as an article."""
    st.session_state.pop(NOTICE, None)
    if reviewer() is None:
        st.error(NAME_FIRST)
        return
    try:
        with st.spinner(busy):
            doc = read()
    except ImportRefused as exc:
        st.error(inert(exc), icon=":material/block:")
        return
    with read_session() as session:
        existing = articles.find_by_body(session, doc.body)
    if existing is not None:
        st.session_state[NOTICE] = {"kind": "duplicate", "id": existing.id, "title": existing.title}
        return
    article = write(articles.import_document, doc=doc)
    if article is not None:
        st.session_state[NOTICE] = {"kind": "imported", "id": article.id, "title": article.title,
                                    "chars": len(article.body)}
        st.session_state[CLEAR_INPUTS] = True
        st.rerun()


def delete_article(session: Session, *, article_id: int, actor: str) -> bool:
    articles.delete_article(session, article_id=article_id, actor=actor)
    return True


def ask_delete(article_id: int) -> None:
    st.session_state[DELETE_ID] = article_id


def close_delete() -> None:
    st.session_state.pop(DELETE_ID, None)


@st.dialog("Delete article", on_dismiss=close_delete)
def confirm_delete(article_id: int, title: str, n_claims: int) -> None:
    if n_claims:
        st.markdown(f"Delete **{inert(title)}** (article #{article_id}) with its "
                    f"**{claims_phrase(n_claims)}** and their citations?")
    else:
        st.markdown(f"Delete **{inert(title)}** (article #{article_id})? It has no claims.")
    st.caption("The article leaves the library for everyone. The history keeps a record of what "
               "it was and who deleted it.")
    cancel, confirm = st.columns(2)
    if cancel.button("Cancel", key="articles.delete_cancel", width="stretch"):
        close_delete()
        st.rerun()
    if confirm.button("Delete", key="articles.delete_confirm", type="primary", icon=":material/delete:",
                      width="stretch"):
        if write(delete_article, article_id=article_id):
            close_delete()
            st.session_state[NOTICE] = {"kind": "deleted", "id": article_id, "title": title,
                                        "claims": n_claims}
            st.rerun()


def show_notice() -> None:
    notice = st.session_state.get(NOTICE)
    if not notice:
        return
    kind, article_id, title = notice["kind"], notice["id"], inert(notice["title"])
    with st.container(border=True, horizontal=True, vertical_alignment="center"):
        if kind == "imported":
            st.success(f"{title} · {notice['chars']:,} characters", title=f"Imported as article #{article_id}",
                       icon=":material/check_circle:", width="stretch")
        elif kind == "duplicate":
            st.warning(f"Article #{article_id}: {title}", icon=":material/content_copy:", width="stretch",
                       title="This text is already in the library; nothing was imported.")
        else:
            st.info(title, title=f"Deleted article #{article_id} with its {claims_phrase(notice['claims'])}",
                    icon=":material/delete:", width="stretch")
        if kind != "deleted" and st.button("Open in workspace", key="articles.notice_open",
                                           icon=":material/open_in_new:", type="primary"):
            st.session_state.pop(NOTICE, None)
            open_in_workspace(article_id)
        if st.button("Dismiss", key="articles.notice_dismiss", type="tertiary"):
            st.session_state.pop(NOTICE, None)
            st.rerun()


# --- the page ------------------------------------------------------------------------------------

if st.session_state.pop(CLEAR_INPUTS, False):
    for key in ("articles.paste_title", "articles.paste_text", "articles.url"):
        st.session_state[key] = ""

st.title("Articles")
st.caption("The library: every article with its claims by status. Import an article, then open it "
           "in the workspace to mark and check its claims.")

has_articles = not library(database_url(), "").empty
with st.expander("Import an article", expanded=not has_articles, icon=":material/add_circle:"):
    paste_tab, file_tab, url_tab = st.tabs(["Paste text", "Upload a file", "From a web address"])
    with paste_tab:
        title = st.text_input("Title (optional)", key="articles.paste_title",
                              placeholder="Defaults to the first line of the text")
        text = st.text_area("Article text", key="articles.paste_text", height=150,
                            placeholder="Paste the full text of the article here")
        if st.button("Import text", key="articles.import_text", type="primary", icon=":material/input:"):
            import_document(lambda: ingest.from_text(text, title=title), "Importing the text…")
    with file_tab:
        upload = st.file_uploader("Article file", key="articles.upload_file",
                                  type=[e.removeprefix(".") for e in ingest.ACCEPTED_EXTENSIONS],
                                  help="Plain text, Markdown, a saved web page or a Word document, "
                                       f"up to {ingest.MAX_FILE_BYTES // 1_000_000} MB.")
        if st.button("Import file", key="articles.import_file", type="primary", icon=":material/upload_file:",
                     disabled=upload is None):
            import_document(lambda: ingest.from_file(upload.name, upload.getvalue()),
                            f"Reading {upload.name}…")
    with url_tab:
        url = st.text_input("Web address", key="articles.url", placeholder="https://www.example.org/news/story",
                            help="The page is fetched once; its main text becomes the article.")
        if st.button("Fetch and import", key="articles.import_url", type="primary", icon=":material/language:"):
            import_document(lambda: ingest.from_url(url), "Fetching the page…")

show_notice()

st.subheader("Library")
search = st.text_input("Search titles and text", key="articles.search", icon=":material/search:",
                       placeholder="Search titles and text", label_visibility="collapsed")
frame = library(database_url(), search.strip())

if frame.empty:
    if search.strip():
        st.info(f"No article contains \u201c{inert(search.strip())}\u201d in its title or text.",
                icon=":material/search_off:")
    else:
        st.info("No articles yet — paste one above.", icon=":material/library_books:")
    st.stop()

st.caption(f"{len(frame):,} {'article' if len(frame) == 1 else 'articles'}"
           f"{' found' if search.strip() else ''} · {claims_phrase(int(frame['claims'].sum()))}")
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
        open_in_workspace(chosen)
    st.button("Delete…", key="articles.delete", icon=":material/delete:", on_click=ask_delete,
              args=(chosen,))

pending = st.session_state.get(DELETE_ID)
if pending is not None:
    if pending in titles:
        confirm_delete(pending, titles[pending], int(totals[pending]))
    else:  # deleted meanwhile, or hidden by the search
        close_delete()
