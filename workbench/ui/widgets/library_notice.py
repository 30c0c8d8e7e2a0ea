"""The library's notice of what just happened to an article (imported, already there, deleted),
with "Open in workspace" and Dismiss; it stays until dismissed or replaced."""
from __future__ import annotations

import streamlit as st

from workbench.ui.navigation import go_workspace
from workbench.ui.text import claims_phrase, inert

NOTICE = "articles.notice"  # {"kind": "imported" | "duplicate" | "deleted", "id", "title", ...}


def notify(kind: str, article_id: int, title: str, **facts) -> None:
    """Show this notice from now on (facts: "chars" for imported, "claims" for deleted)."""
    st.session_state[NOTICE] = {"kind": kind, "id": article_id, "title": title, **facts}


def forget_notice() -> None:
    st.session_state.pop(NOTICE, None)


def show_notice() -> None:
    """The current notice, if any."""
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
            forget_notice()
            go_workspace(article_id)
        if st.button("Dismiss", key="articles.notice_dismiss", type="tertiary"):
            forget_notice()
            st.rerun()
