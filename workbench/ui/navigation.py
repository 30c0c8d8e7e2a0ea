"""Where the reviewer is: the view scripts, the selected article and claim (session state and the
URL's ?article= and ?claim=), the claim the workspace edits, and going to the workspace or review."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench.ui.session import open_claim

VIEWS = Path(__file__).resolve().parent / "views"
ARTICLES_VIEW = VIEWS / "articles.py"
WORKSPACE_VIEW = VIEWS / "workspace.py"
REVIEW_VIEW = VIEWS / "review.py"
EXPORT_VIEW = VIEWS / "export.py"
DASHBOARD_VIEW = VIEWS / "dashboard.py"
QUEUE_VIEW = VIEWS / "queue.py"
URL_PATHS = ("articles", "workspace", "review", "export", "dashboard", "queue", "users")  # as app.py names them
USERS_VIEW = VIEWS / "users.py"
SIGN_IN_VIEW = VIEWS / "sign_in.py"
FAVICON = Path(__file__).resolve().parent / "favicon.png"
ARTICLE_KEY = "workspace.article_id"
CLAIM_KEY = "review.claim_id"
EDIT_KEY = "workspace.claim_id"  # the claim the workspace editor shows


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def selected_id(key: str, param: str) -> int | None:
    """The selected article or claim: from the query param (links) first, else session state."""
    from_url = _int(st.query_params.get(param))
    if from_url is not None and from_url != st.session_state.get(key):
        st.session_state[key] = from_url
        if key == CLAIM_KEY:
            open_claim(from_url)
    return _int(st.session_state.get(key))


def select(key: str, param: str, value: int | None) -> None:
    """Remember a selected article or claim in session state and the URL."""
    if value is None:
        st.session_state.pop(key, None)
        st.query_params.pop(param, None)
    else:
        st.session_state[key] = value
        st.query_params[param] = str(value)


def go_review(claim_id: int, article_id: int) -> None:
    """Open a claim on the review page."""
    st.session_state[CLAIM_KEY] = claim_id
    st.session_state[ARTICLE_KEY] = article_id
    open_claim(claim_id)
    st.switch_page(REVIEW_VIEW, query_params={"claim": str(claim_id)})


def go_workspace(article_id: int) -> None:
    """Open an article in the workspace."""
    st.session_state[ARTICLE_KEY] = int(article_id)
    st.switch_page(WORKSPACE_VIEW, query_params={"article": str(article_id)})


def choose_claim(claim_id: int | None) -> None:
    """Make a claim the one the workspace's editor shows (None: no claim)."""
    st.session_state[EDIT_KEY] = claim_id
    open_claim(claim_id)
