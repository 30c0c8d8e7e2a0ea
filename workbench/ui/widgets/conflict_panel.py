"""When someone else saved a claim first: keep what the reviewer typed (keep_drafts, an on_conflict
for session.act), then show the conflict with Reload, the reviewer's unsaved text, and Put back."""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from workbench.ui.session import open_claim
from workbench.ui.text import inert


def keep_drafts(scope: str, claim_id: int, fields: dict[str, str]) -> Callable[[str], None]:
    """An on_conflict for session.act(): keeps what the reviewer typed in these widget keys (key -> label)."""
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
