"""Making a claim in the workspace: the panel that creates one from the pending selection (words
or a sentence), and the sentence picker, a second way to choose a sentence."""
from __future__ import annotations

import streamlit as st

from workbench import claims as claims_svc
from workbench.ui import reads
from workbench.ui.navigation import choose_claim
from workbench.ui.session import act
from workbench.ui.text import inert
from workbench.ui.widgets.article_text import SELECTION_KEY, set_selection

TYPES = claims_svc.CLAIM_TYPES


def selection_panel(article: dict) -> None:
    """Create a claim from the pending selection (words or a sentence)."""
    pending = st.session_state.get(SELECTION_KEY)
    if not pending or pending["article_id"] != article["id"]:
        return
    start, end = pending["start"], pending["end"]
    with st.container(border=True, key="workspace.new_panel"):
        st.markdown(f"**New claim** \u00b7 characters {start}\u2013{end}")
        st.markdown(f"> {inert(article['body'][start:end])}")
        left, right = st.columns(2)
        claimant = left.text_input("Claimant", key="workspace.new.claimant",
                                   placeholder="Who says it?")
        claim_type = right.selectbox("Type", TYPES, key="workspace.new.type",
                                     index=TYPES.index("other"))
        row = st.container(horizontal=True, gap="small")
        if row.button("Create claim", key="workspace.new.create", type="primary",
                      icon=":material/add_comment:"):
            create(article, start, end, claimant=claimant, claim_type=claim_type)
        if row.button("Clear selection", key="workspace.new.clear"):
            st.session_state.pop(SELECTION_KEY, None)
            st.rerun()


def create(article: dict, start: int, end: int, **fields) -> None:
    """Create a claim from [start, end), then open it in the editor."""
    def after(claim) -> None:
        st.session_state.pop(SELECTION_KEY, None)
        for key in ("workspace.new.claimant", "workspace.new.type"):
            st.session_state.pop(key, None)
        choose_claim(claim.id)

    act(claims_svc.create_claim, article_id=article["id"], start=start, end=end,
        done="Claim created", after=after, remember_claims=True, **fields)


def sentence_picker(article: dict) -> None:
    """A second way to make a claim: choose a sentence from a list (built only while it is open)."""
    sentences = article["sentences"]
    if not sentences:
        return

    def use_sentence():
        index = st.session_state.get("workspace.sentence")
        if index is not None:
            s, e = sentences[index]
            set_selection(article, s, e)

    box = st.expander("Make a claim from a sentence", icon=":material/short_text:",
                      key="workspace.sentence_box", on_change="rerun")
    if not box.open:
        return
    labels = reads.sentence_labels(article["id"], article["version"])
    with box:
        st.selectbox("Sentence", range(len(sentences)), index=None, key="workspace.sentence",
                     placeholder="Choose a sentence\u2026", on_change=use_sentence,
                     format_func=labels.__getitem__)
        st.caption("The sentence becomes your selection: check it, then create the claim.")
