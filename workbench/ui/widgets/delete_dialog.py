"""Deleting an article from the library: the "Delete…" button (admins) opens a dialog that names
the article and its claims; only "Delete" there moves it to the trash, as it was when the dialog
opened (someone's later change makes it a conflict). The trash can be restored from the CLI."""
from __future__ import annotations

import streamlit as st

from workbench import articles
from workbench.ui import reads
from workbench.ui.session import refused, write
from workbench.ui.text import claims_phrase, inert
from workbench.ui.widgets.library_notice import notify

DELETE_ID = "articles.delete_id"  # the article whose deletion is being confirmed (the dialog is open)
DELETE_VERSION = "articles.delete_version"  # its version when the dialog opened


def ask_delete(article_id: int) -> None:
    st.session_state[DELETE_ID] = article_id
    found = reads.article(article_id)
    st.session_state[DELETE_VERSION] = found["version"] if found else None


def close_delete() -> None:
    st.session_state.pop(DELETE_ID, None)
    st.session_state.pop(DELETE_VERSION, None)


@st.dialog("Delete article", on_dismiss=close_delete)
def confirm_delete(article_id: int, title: str, n_claims: int) -> None:
    if n_claims:
        st.markdown(f"Delete **{inert(title)}** (article #{article_id}) with its "
                    f"**{claims_phrase(n_claims)}** and their citations?")
    else:
        st.markdown(f"Delete **{inert(title)}** (article #{article_id})? It has no claims.")
    st.caption("The article leaves the library for everyone and goes to the trash "
               "(`workbench trash restore` brings it back). The history records who deleted it.")
    cancel, confirm = st.columns(2)
    if cancel.button("Cancel", key="articles.delete_cancel", width="stretch"):
        close_delete()
        st.rerun()
    if confirm.button("Delete", key="articles.delete_confirm", type="primary", icon=":material/delete:",
                      width="stretch"):
        outcome = write(articles.delete_article, article_id=article_id,
                        expected_version=st.session_state.get(DELETE_VERSION) or 0)
        if not outcome.ok:
            st.error(outcome.message)
            return
        close_delete()
        notify("deleted", article_id, title, claims=n_claims)
        st.rerun()


def delete_button(article_id: int) -> None:
    """"Delete…" for the chosen article: opens the dialog."""
    why_not = refused("article.delete")
    st.button("Delete…", key="articles.delete", icon=":material/delete:", on_click=ask_delete,
              args=(article_id,), disabled=why_not is not None, help=why_not)


def open_dialog(titles: dict[int, str], totals: dict[int, int]) -> None:
    """The dialog, while one is open and its article is listed (titles and claim totals by id)."""
    pending = st.session_state.get(DELETE_ID)
    if pending is not None:
        if pending in titles:
            confirm_delete(pending, titles[pending], int(totals[pending]))
        else:  # deleted meanwhile, or hidden by the search
            close_delete()
