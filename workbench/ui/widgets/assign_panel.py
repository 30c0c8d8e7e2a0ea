"""Assigning the workspace's claims (editors): several claims of the article, or all its open
ones, to one reviewer at once."""
from __future__ import annotations

import streamlit as st

from workbench import desk, users
from workbench.database import read_session
from workbench.ui.session import act, can


def assign_panel(article: dict, claim_ids: tuple[int, ...]) -> None:
    """An "Assign claims" popover under the claims table (whose # column gives the ids); shown to
    those who may assign."""
    if not claim_ids or not can("claim.assign"):
        return
    with read_session() as session:
        people = {users.user_key(u): u.name for u in users.list_users(session) if u.active} \
            if users.desk_mode() else {}
    with st.popover("Assign claims", icon=":material/assignment_ind:"):
        chosen = st.multiselect("Claims", list(claim_ids), key="workspace.assign.claims",
                                format_func=lambda i: f"#{i}",
                                placeholder="Claims by # in the table, or assign all open ones")
        if people:
            to = st.selectbox("To", [None, *people], key="workspace.assign.to",
                              format_func=lambda k: "nobody (unassign)" if k is None else people[k])
        else:
            to = st.text_input("To", key="workspace.assign.to", placeholder="a reviewer's name").strip() or None
        left, right = st.columns(2)
        if left.button("Assign chosen", key="workspace.assign.chosen", disabled=not chosen, width="stretch"):
            act(desk.assign_claims, claim_ids=chosen, assignee=to, remember_claims=True,
                done=f"{len(chosen)} claim(s) assigned")
        if right.button("Assign all open", key="workspace.assign.all", width="stretch",
                        help="Every claim of this article not yet checked or approved"):
            act(desk.assign_article, article_id=article["id"], assignee=to, remember_claims=True,
                done="The article's open claims are assigned")
