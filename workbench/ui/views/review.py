"""The Claim review view: the claim in context, claims checked before that say the same, its
citations, the verdict, sign-off, and its history."""
from __future__ import annotations

import streamlit as st

from workbench.ui import reads
from workbench.ui.navigation import ARTICLE_KEY, CLAIM_KEY, go_workspace, select, selected_id
from workbench.ui.session import open_claim, reviewer, seen_version, show_flash
from workbench.ui.text import short
from workbench.ui.widgets.checked_before import checked_before_panel
from workbench.ui.widgets.citation_editor import citations_panel
from workbench.ui.widgets.claim_context import claim_panel
from workbench.ui.widgets.claim_desk import assignee_panel, notes_panel, presence_line
from workbench.ui.widgets.claim_history import history_panel
from workbench.ui.widgets.conflict_panel import conflict_panel
from workbench.ui.widgets.sign_off import verdict_panel, workflow_panel

show_flash()

# The claim shown: from ?claim=, session state, or a picker over the article's claims.
claim_id = selected_id(CLAIM_KEY, "claim")
claim = reads.claim_bundle(claim_id, reviewer()) if claim_id is not None else None
if claim_id is not None and claim is None:
    st.warning(f"Claim #{claim_id} does not exist any more (deleted or merged).")
    select(CLAIM_KEY, "claim", None)
article_id = claim["article_id"] if claim else st.session_state.get(ARTICLE_KEY)
if article_id is None:
    newest = reads.article_choices()
    article_id = newest[0][0] if newest else None
options = reads.article_claims(article_id) if article_id is not None else ()
if not options:
    st.title("Claim review")
    st.info("No claims to review yet. Open an article in the Workspace and select the words "
            "of a claim.", icon=":material/edit_note:")
    st.stop()
if claim is not None and claim["id"] not in {c["id"] for c in options}:  # made elsewhere
    reads.article_claims.clear()
    options = reads.article_claims(article_id)
texts = {c["id"]: c["text"] for c in options}
if claim is not None and st.session_state.get("review.pick") != claim["id"]:
    st.session_state["review.pick"] = claim["id"]


def picked() -> None:
    chosen = st.session_state["review.pick"]
    select(CLAIM_KEY, "claim", chosen)
    open_claim(chosen)


st.selectbox("Claim", list(texts), key="review.pick", index=None, on_change=picked,
             placeholder="Choose a claim of this article\u2026",
             format_func=lambda i: f"#{i} \u00b7 {short(texts[i], 100)}")
if claim is None:
    st.stop()

article = reads.article(claim["article_id"])
version = seen_version(claim)
title, back = st.columns([5, 1], vertical_alignment="bottom")
title.title(f"Claim #{claim['id']}", anchor=False)
if back.button("Workspace", key="review.back", icon=":material/arrow_back:", width="stretch"):
    go_workspace(claim["article_id"])
presence_line(claim)
conflict_panel("review", claim["id"])
locked = claim["status"] == "approved"
left, right = st.columns([7, 5], gap="large")
with left:
    claim_panel(claim, article)
    checked_before_panel(claim)
    citations_panel(claim, locked)
with right:
    with st.container(border=True, key="review.verdict_box"):
        verdict_panel(claim, reads.rating_labels(), version)
    with st.container(border=True, key="review.workflow_box"):
        workflow_panel(claim, version)
        assignee_panel(claim, version)
    notes_panel(claim)
history_panel(claim)
