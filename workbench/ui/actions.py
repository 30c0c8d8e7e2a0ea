"""What the workspace and review pages share: running a change, remembering the version a reviewer
saw, the selected article and claim (session state and query params), and inert markdown."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from workbench.ui.common import inert, write

ARTICLE_KEY = "workspace.article_id"
CLAIM_KEY = "review.claim_id"
FLASH_KEY = "ui.flash"
CONFLICT_KEY = "conflict.message"  # set by common.write()
SEEN_KEY = "ui.seen_versions"
UI_DIR = Path(__file__).resolve().parent
WORKSPACE_PAGE = UI_DIR / "workspace_page.py"
REVIEW_PAGE = UI_DIR / "review_page.py"


def act(fn: Callable, /, *args, done: str, on_conflict: Callable[[str], None] | None = None,
        after: Callable[[object], None] | None = None, **kwargs) -> bool:
    """Run a change through write(); on success rerun with `done` as a toast.

    On a conflict, `on_conflict(message)` keeps what the reviewer typed, then the page reruns to
    show the conflict panel; `after(result)` runs after a success. Other refusals are shown where the action was taken. Returns False
    when the change was refused (success never returns: it reruns)."""
    ok: list[object] = []

    def run(session, *a, actor, **kw):
        ok.append(fn(session, *a, actor=actor, **kw))
        return ok[-1]

    write(run, *args, **kwargs)
    if ok:
        st.session_state[FLASH_KEY] = done
        result = ok[-1]
        for claim in result if isinstance(result, (list, tuple)) else [result]:
            if hasattr(claim, "version") and type(claim).__name__ == "Claim":
                seen_versions()[claim.id] = claim.version
        if after is not None:
            after(result)
        st.rerun()
    message = st.session_state.pop(CONFLICT_KEY, None)
    if message is not None and on_conflict is not None:
        on_conflict(message)
        st.rerun()
    return False


def show_flash() -> None:
    """Show the toast of the change made just before this rerun, once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")


def seen_versions() -> dict[int, int]:
    """claim id -> the version the reviewer has been looking at (for optimistic concurrency)."""
    return st.session_state.setdefault(SEEN_KEY, {})


def seen_version(claim: dict) -> int:
    """The version of this claim the reviewer saw first (since opening it or their last save)."""
    return seen_versions().setdefault(claim["id"], claim["version"])


def open_claim(claim_id: int | None) -> None:
    """Forget the version seen of a claim, so the next render shows and expects the current one."""
    if claim_id is not None:
        seen_versions().pop(claim_id, None)


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
    st.switch_page(REVIEW_PAGE, query_params={"claim": str(claim_id)})


def go_workspace(article_id: int) -> None:
    """Open an article in the workspace."""
    st.session_state[ARTICLE_KEY] = article_id
    st.switch_page(WORKSPACE_PAGE, query_params={"article": str(article_id)})


def keep_drafts(scope: str, claim_id: int, fields: dict[str, str]) -> Callable[[str], None]:
    """An on_conflict for act(): keeps what the reviewer typed in these widget keys (key -> label)."""
    def on_conflict(message: str) -> None:
        st.session_state[f"{scope}.conflict"] = {
            "claim_id": claim_id, "message": message, "reloaded": False,
            "drafts": {k: (label, st.session_state.get(k)) for k, label in fields.items()}}
    return on_conflict


def conflict_panel(scope: str, claim_id: int) -> None:
    """When someone else saved this claim first: what they changed, Reload, and the reviewer's text."""
    conflict = st.session_state.get(f"{scope}.conflict")
    if not conflict or conflict["claim_id"] != claim_id:
        return
    drafts = {k: v for k, v in conflict["drafts"].items() if v[1] not in (None, "")}
    with st.container(border=True, key=f"{scope}.conflict_panel"):
        if not conflict["reloaded"]:
            st.error(inert(conflict["message"]), icon=":material/sync_problem:")
            if st.button("Reload", key=f"{scope}.conflict.reload", type="primary",
                         icon=":material/refresh:",
                         help="Show the claim as it is saved now. What you typed is kept below."):
                open_claim(claim_id)
                for key in conflict["drafts"]:
                    st.session_state.pop(key, None)
                conflict["reloaded"] = True
                st.cache_data.clear()
                st.rerun()
        else:
            st.info("Reloaded: the form now shows the claim as saved, with their changes. "
                    "What you typed is below; put it back to save it again.",
                    icon=":material/info:")
        for key, (label, value) in drafts.items():
            st.caption(f"Your unsaved {label}")
            st.code(str(value), language=None, wrap_lines=True)
        left, right = st.columns(2)
        if conflict["reloaded"] and drafts and left.button(
                "Put my text back", key=f"{scope}.conflict.reapply", icon=":material/undo:"):
            for key, (_, value) in drafts.items():
                st.session_state[key] = value
            st.session_state.pop(f"{scope}.conflict")
            st.rerun()
        if right.button("Dismiss", key=f"{scope}.conflict.dismiss"):
            st.session_state.pop(f"{scope}.conflict")
            st.rerun()
