"""The Workspace view: read an article with its highlighted claims, make claims from selected
words, a sentence or a suggestion, and edit them."""
from __future__ import annotations

import streamlit as st

from workbench.ui import reads
from workbench.ui.navigation import ARTICLE_KEY, EDIT_KEY, choose_claim, select, selected_id
from workbench.ui.session import show_flash
from workbench.ui.text import inert, short
from workbench.ui.widgets.article_text import text_panel
from workbench.ui.widgets.assign_panel import assign_panel
from workbench.ui.widgets.claim_editor import claims_table, editor
from workbench.ui.widgets.new_claim import selection_panel, sentence_picker
from workbench.ui.widgets.suggestions_panel import suggestions_panel

show_flash()

# The article shown: from ?article=, session state, else the newest; with a picker.
choices = reads.article_labels()
if not choices:
    st.title("Workspace")
    st.info("There is no article yet. Import one on the Articles page, then open it here.",
            icon=":material/article:")
    st.stop()
article_id = selected_id(ARTICLE_KEY, "article")
if article_id is not None and article_id not in choices:  # newer or older than the list
    found = reads.article(article_id)
    if found is not None:
        choices = {article_id: f"#{article_id} \u00b7 {short(found['title'], 90)}", **choices}
if article_id not in choices:
    if article_id is not None:
        st.warning(f"Article #{article_id} does not exist any more; showing the newest article.")
    article_id = next(iter(choices))
    select(ARTICLE_KEY, "article", article_id)
if st.session_state.get("workspace.article_pick") != article_id:
    st.session_state["workspace.article_pick"] = article_id
st.sidebar.selectbox("Article", list(choices), key="workspace.article_pick",
                     format_func=choices.__getitem__,
                     on_change=lambda: select(ARTICLE_KEY, "article",
                                              st.session_state["workspace.article_pick"]))

article = reads.article(article_id)
if article is None:
    st.error(f"Article #{article_id} does not exist any more.")
    st.stop()
overview = reads.claims_overview(article_id)
ids = overview["ids"]
selected = st.session_state.get(EDIT_KEY)
if selected not in ids:
    selected = None

st.header(inert(article["title"]), anchor=False)
facts = [x for x in (article["publisher"], article["author"],
                     article["published"] and article["published"].isoformat()) if x]
counts = overview["counts"]
facts.append(f"{len(ids)} claim{'s' * (len(ids) != 1)}"
             + (" (" + ", ".join(f"{n} {s}" for s, n in counts.items()) + ")" if counts else ""))
st.caption(inert(" \u00b7 ".join(facts)))

left, right = st.columns([11, 10], gap="medium")
with left:
    text_panel(article, overview, selected)
with right:
    selection_panel(article)
    sentence_picker(article)
    st.subheader(f"Claims ({len(ids)})", anchor=False)
    if not ids:
        st.caption("No claims yet. Select words in the article to make the first one.")
    else:
        claims_table(article, overview, selected)
        assign_panel(article, ids)
        if selected is None:
            st.caption("Select a claim in the table or click a highlight to edit it.")
        else:
            claims = reads.article_claims(article_id)  # every claim: only with one open
            claim = next((c for c in claims if c["id"] == selected), None)
            if claim is not None:
                with st.container(border=True, key="workspace.editor"):
                    editor(article, claims, claim)
    suggestions_panel(article, overview["stamp"], choose_claim)
