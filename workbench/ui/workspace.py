"""The article workspace: read the article, make claims from selected words, a sentence or a
suggestion, edit them. workspace_page.py runs main(); the code lives here so it is imported
(compiled once), not re-read by every rerun of the page script."""
from __future__ import annotations

import html
import re

import streamlit as st

from db.engine import database_url
from workbench import claims as claims_svc
from workbench.ui import data
from workbench.ui.suggestions import suggestions_panel
from workbench.ui.actions import (ARTICLE_KEY, act, conflict_panel, go_review, keep_drafts, open_claim,
                                  select, selected_id, seen_version, show_flash)
from workbench.ui.highlight import legend
from workbench.ui.span_select import span_select
from workbench.ui.common import inert, short

EDIT_KEY = "workspace.claim_id"
SELECTION_KEY = "workspace.selection"
TYPES = claims_svc.CLAIM_TYPES
_WORD = re.compile(r"\S+")


def pick_article(url: str) -> int | None:
    """The article shown: from ?article=, session state, else the newest; with a picker."""
    choices = data.article_labels(url)
    if not choices:
        st.title("Workspace")
        st.info("There is no article yet. Import one on the Articles page, then open it here.",
                icon=":material/article:")
        return None
    article_id = selected_id(ARTICLE_KEY, "article")
    if article_id is not None and article_id not in choices:  # newer or older than the list
        found = data.article(url, article_id)
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
    return article_id


def header(article: dict, overview: dict) -> None:
    st.header(inert(article["title"]), anchor=False)
    facts = [x for x in (article["publisher"], article["author"],
                         article["published"] and article["published"].isoformat()) if x]
    counts, n = overview["counts"], len(overview["ids"])
    facts.append(f"{n} claim{'s' * (n != 1)}"
                 + (" (" + ", ".join(f"{n} {s}" for s, n in counts.items()) + ")" if counts else ""))
    st.caption(inert(" \u00b7 ".join(facts)))


def legend_html(mode: str, verdicts: tuple[str, ...]) -> str:
    chips = "".join(
        f'<span class="cw-chip"><span class="cw-swatch" style="background:{colour}"></span>'
        f"{html.escape(label)}</span>" for label, colour in legend(mode, verdicts))
    return (f'<div class="cw-legend">{chips}<span class="cw-chip"><span class="cw-swatch cw-multi">'
            "</span>overlapping claims</span></div>")


_PAGE_CSS = """<style>
.cw-legend{display:flex;flex-wrap:wrap;gap:.35rem 1rem;font-size:.85rem;margin:.1rem 0 .2rem}
.cw-chip{display:inline-flex;align-items:center;gap:.35rem;white-space:nowrap}
.cw-swatch{display:inline-block;width:.95rem;height:.95rem;border-radius:3px;border:1px solid rgba(0,0,0,.15)}
.cw-swatch.cw-multi{background:#f3f4f6;box-shadow:inset 0 -4px 0 rgba(30,41,59,.45)}
</style>"""


@st.fragment
def text_panel(article: dict, overview: dict, selected: int | None) -> None:
    """The article with its highlights; a drag, a sentence click or a highlight click is handled.

    A fragment: switching the colours reruns only the text; a selection or a click reruns the page."""
    st.markdown(_PAGE_CSS, unsafe_allow_html=True)
    mode = st.segmented_control("Colour by", ["status", "verdict"], default="status",
                                key="workspace.colour_by", format_func=str.capitalize,
                                label_visibility="collapsed",
                                help="Colour the highlights by workflow status or by verdict.") or "status"
    st.markdown(legend_html(mode, overview["verdicts"]), unsafe_allow_html=True)
    pending = st.session_state.get(SELECTION_KEY)
    span = ((pending["start"], pending["end"])
            if pending and pending["article_id"] == article["id"] else None)
    text = data.text_payload(database_url(), article["id"], overview["stamp"], mode, selected, span,
                             article["version"])
    with st.container(height=560, border=True, key="workspace.text_box"):
        result = span_select(text, key=f"workspace.text.{article['id']}")
    st.caption("Drag across words to select them, or click a sentence, then create the claim on "
               "the right. Click a highlight to open its claim.")
    chosen = result.selection
    if chosen and chosen.get("seq") != st.session_state.get("workspace.selection_seq"):
        st.session_state["workspace.selection_seq"] = chosen.get("seq")
        set_selection(article, int(chosen["start"]), int(chosen["end"]))
        st.rerun(scope="app")
    if result.claim is not None:
        choose_claim(int(result.claim))
        st.rerun(scope="app")


def set_selection(article: dict, start: int, end: int) -> None:
    """Remember the words the reviewer selected (trimmed of white space) for the create panel."""
    body = article["body"]
    start, end = max(0, start), min(len(body), end)
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start < end:
        st.session_state[SELECTION_KEY] = {"article_id": article["id"], "start": start, "end": end}


def choose_claim(claim_id: int | None) -> None:
    """Make a claim the one the editor shows."""
    st.session_state[EDIT_KEY] = claim_id
    open_claim(claim_id)


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
        done="Claim created", after=after, **fields)


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
    labels = data.sentence_labels(database_url(), article["id"], article["version"])
    with box:
        st.selectbox("Sentence", range(len(sentences)), index=None, key="workspace.sentence",
                     placeholder="Choose a sentence\u2026", on_change=use_sentence,
                     format_func=labels.__getitem__)
        st.caption("The sentence becomes your selection: check it, then create the claim.")


def claims_table(article: dict, overview: dict, selected: int | None) -> None:
    """Every claim in reading order; selecting a row opens it in the editor."""
    table = data.claims_table(database_url(), article["id"], overview["stamp"])
    ids = overview["ids"]
    default = {"selection": {"rows": [ids.index(selected)]}} if selected in ids else None
    key = f"workspace.claims_table.{selected}"

    def on_select():
        rows = st.session_state[key]["selection"]["rows"]
        if rows:
            choose_claim(ids[rows[0]])

    st.dataframe(table, hide_index=True, key=key, on_select=on_select, selection_mode="single-row",
                 selection_default=default, height=min(36 + 35 * len(ids), 320),
                 column_config={"#": st.column_config.NumberColumn(width=45, format="%d"),
                                "Status": st.column_config.TextColumn(width=80),
                                "Claim": st.column_config.TextColumn(width="medium"),
                                "Sources": st.column_config.NumberColumn(width=60)})


def _split_points(body: str, claim: dict) -> list[int]:
    return [claim["start"] + m.start() for m in _WORD.finditer(body[claim["start"]:claim["end"]])
            if m.start() > 0]


def editor(article: dict, claims: tuple[dict, ...], claim: dict) -> None:
    """Edit, split, merge, delete one claim."""
    cid = claim["id"]
    conflict_panel("workspace", cid)
    version = seen_version(claim)
    keys = {"text": f"workspace.edit.text.{cid}", "claimant": f"workspace.edit.claimant.{cid}",
            "claim_type": f"workspace.edit.type.{cid}"}
    st.session_state.setdefault(keys["text"], claim["text"])
    st.session_state.setdefault(keys["claimant"], claim["claimant"] or "")
    st.session_state.setdefault(keys["claim_type"], claim["claim_type"])
    locked = claim["status"] == "approved"
    verdict = f" \u00b7 {claim['verdict']}" if claim["verdict"] else ""
    st.markdown(f"**Claim #{cid}** \u00b7 {claim['status']}{inert(verdict)}"
                + (" \u00b7 :orange[quote no longer in the text]" if claim["orphaned"] else ""))
    st.caption(f"Quote: \u201c{inert(short(claim['quote'], 240))}\u201d")
    if locked:
        st.info("This claim is approved. Reopen it on the review page to change it.",
                icon=":material/lock:")
    with st.form(f"workspace.edit.{cid}", border=False):
        st.text_area("Wording", key=keys["text"], height=90, disabled=locked,
                     help="The claim as you would publish it; the quote stays as in the article.")
        left, right = st.columns(2)
        left.text_input("Claimant", key=keys["claimant"], disabled=locked, placeholder="Who says it?")
        right.selectbox("Type", TYPES, key=keys["claim_type"], disabled=locked)
        saved = st.form_submit_button("Save changes", type="primary", disabled=locked,
                                      icon=":material/save:")
    if saved:
        act(claims_svc.update_claim, claim_id=cid, expected_version=version,
            text=st.session_state[keys["text"]], claimant=st.session_state[keys["claimant"]],
            claim_type=st.session_state[keys["claim_type"]], done=f"Claim #{cid} saved",
            on_conflict=keep_drafts("workspace", cid, {keys["text"]: "wording",
                                                      keys["claimant"]: "claimant"}))
    ids = [c["id"] for c in claims]
    nxt = claims[ids.index(cid) + 1] if ids.index(cid) + 1 < len(ids) else None
    row = st.container(horizontal=True, gap="small", key="workspace.claim_actions")
    with row.popover("Split", icon=":material/call_split:", disabled=locked):
        points = _split_points(article["body"], claim)
        if points:
            at = st.selectbox("Second part starts at", points, key=f"workspace.split_at.{cid}",
                              format_func=lambda p: short(article["body"][p:claim["end"]], 50))
            if st.button("Split here", key=f"workspace.split.{cid}", type="primary"):
                act(claims_svc.split_claim, claim_id=cid, at=at, expected_version=version,
                    done=f"Claim #{cid} split in two")
        else:
            st.caption("A single word cannot be split.")
        if st.button("Split into sentences", key=f"workspace.split_sentences.{cid}"):
            act(claims_svc.split_claim_into_sentences, claim_id=cid, expected_version=version,
                done=f"Claim #{cid} split into sentences")
    merge_help = ("Join this claim with the next one in reading order." if nxt
                  else "This is the last claim: there is no next claim to merge with.")
    if row.button("Merge with next", key=f"workspace.merge.{cid}", icon=":material/merge:",
                  disabled=locked or nxt is None, help=merge_help):
        act(claims_svc.merge_claims, first_id=cid, first_version=version, second_id=nxt["id"],
            second_version=seen_version(nxt), done=f"Claims #{cid} and #{nxt['id']} merged")
    with row.popover("Delete", icon=":material/delete:", disabled=locked):
        st.caption("The claim and its citations are deleted; the history keeps them.")
        if st.button("Delete claim", key=f"workspace.delete.{cid}", type="primary"):
            act(claims_svc.delete_claim, claim_id=cid, expected_version=version,
                done=f"Claim #{cid} deleted")
    if row.button("Review", key=f"workspace.review.{cid}", icon=":material/arrow_forward:",
                  type="primary", help="Citations, verdict and sign-off for this claim."):
        go_review(cid, article["id"])


def main() -> None:
    show_flash()
    url = database_url()
    article_id = pick_article(url)
    if article_id is None:
        return
    article = data.article(url, article_id)
    if article is None:
        st.error(f"Article #{article_id} does not exist any more.")
        return
    overview = data.claims_overview(url, article_id)
    ids = overview["ids"]
    selected = st.session_state.get(EDIT_KEY)
    if selected not in ids:
        selected = None
    header(article, overview)
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
            if selected is None:
                st.caption("Select a claim in the table or click a highlight to edit it.")
            else:
                claims = data.article_claims(url, article_id)  # every claim: only with one open
                claim = next((c for c in claims if c["id"] == selected), None)
                if claim is not None:
                    with st.container(border=True, key="workspace.editor"):
                        editor(article, claims, claim)
        suggestions_panel(article, overview["stamp"], choose_claim)
