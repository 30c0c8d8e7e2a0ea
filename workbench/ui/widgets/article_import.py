"""Importing an article on the library page: paste text, upload a file or give a web address; the
document is read, then stored by articles.import_document, which refuses a text already there."""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from workbench import articles, ingest
from workbench.errors import DuplicateArticle, ImportRefused
from workbench.ui import reads
from workbench.ui.session import NAME_FIRST, reviewer, write
from workbench.ui.text import inert
from workbench.ui.widgets.library_notice import forget_notice, notify

CLEAR_INPUTS = "articles.clear_inputs"  # after an import: empty the fields on the next run
PICKED = "articles.selected"  # the library's Article picker
_INPUTS = ("articles.paste_title", "articles.paste_text", "articles.url")


def import_document(read: Callable[[], ingest.ImportedDocument], busy: str) -> None:
    """Read a document, refuse it with a message or note a duplicate, else store it as an article."""
    forget_notice()
    if reviewer() is None:
        st.error(NAME_FIRST)
        return
    try:
        with st.spinner(busy):
            doc = read()
    except ImportRefused as exc:
        st.error(inert(exc), icon=":material/block:")
        return
    outcome = write(articles.import_document, doc=doc)
    if isinstance(outcome.error, DuplicateArticle):
        existing = reads.article(outcome.error.article_id)
        notify("duplicate", outcome.error.article_id, existing["title"] if existing else "")
    elif not outcome.ok:
        st.error(outcome.message)
    else:
        article = outcome.value
        notify("imported", article.id, article.title, chars=len(article.body))
        st.session_state[CLEAR_INPUTS] = True
        st.session_state[PICKED] = article.id  # the library's Article picker shows the new one
        st.rerun()


def import_panel(expanded: bool) -> None:
    """"Import an article": one tab per way in (paste, upload, web address)."""
    if st.session_state.pop(CLEAR_INPUTS, False):
        for key in _INPUTS:
            st.session_state[key] = ""
    with st.expander("Import an article", expanded=expanded, icon=":material/add_circle:"):
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
                                           f"up to {ingest.MAX_FILE_BYTES // 1_000_000} MB a file and "
                                           f"{ingest.MAX_TEXT_CHARS:,} characters of text.")
            if st.button("Import file", key="articles.import_file", type="primary",
                         icon=":material/upload_file:", disabled=upload is None):
                import_document(lambda: ingest.from_file(upload.name, upload.getvalue()),
                                f"Reading {upload.name}…")
        with url_tab:
            url = st.text_input("Web address", key="articles.url",
                                placeholder="https://www.example.org/news/story",
                                help="The page is fetched once; its main text becomes the article.")
            if st.button("Fetch and import", key="articles.import_url", type="primary",
                         icon=":material/language:"):
                import_document(lambda: ingest.from_url(url), "Fetching the page…")
