"""The workspace's claims: the table in reading order (a row opens its claim) and the editor of
the open claim (wording, claimant and type; split, merge, delete; on to review)."""
from __future__ import annotations

import re

import streamlit as st

from workbench import claims as claims_svc
from workbench.ui import drafts, reads
from workbench.ui.navigation import choose_claim, go_review
from workbench.ui.session import act, refused, seen_version
from workbench.ui.text import inert, quoted, short
from workbench.ui.widgets.conflict_panel import conflict_panel, keep_drafts
from workbench.ui.widgets.span_select import payload, span_select

TYPES = claims_svc.CLAIM_TYPES
_WORD = re.compile(r"\S+")
_ROW = 64  # px: three lines of a wrapped claim


def claims_table(article: dict, overview: dict, selected: int | None) -> None:
    """Every claim in reading order; selecting a row opens it in the editor."""
    table = reads.claims_table(article["id"], overview["stamp"])
    ids = overview["ids"]
    default = {"selection": {"rows": [ids.index(selected)]}} if selected in ids else None
    key = f"workspace.claims_table.{selected}"

    def on_select():
        rows = st.session_state[key]["selection"]["rows"]
        if rows:
            choose_claim(ids[rows[0]])

    # Tall rows: a whole claim wraps over up to three lines instead of being cut.
    st.dataframe(table, hide_index=True, key=key, on_select=on_select, selection_mode="single-row",
                 selection_default=default, height=min(38 + _ROW * len(ids), 360), row_height=_ROW,
                 column_config={"#": st.column_config.NumberColumn(width=45, format="%d"),
                                "Status": st.column_config.TextColumn(width=80),
                                "Claim": st.column_config.TextColumn(width="large"),
                                "Sources": st.column_config.NumberColumn(width=60)})


def split_picker(article: dict, claim: dict, version: int) -> None:
    """The claim's words: click the word the second part starts with (or select from there),
    then split there."""
    cid, start = claim["id"], claim["start"]
    words = article["body"][start:claim["end"]]
    spans = [(m.start(), m.end()) for m in _WORD.finditer(words)]
    if len(spans) < 2:
        st.caption("A single word cannot be split.")
        return
    st.caption("Click the word the second part starts with, or select from there.")
    # Each word is a "sentence" of the component, so a click selects that word.
    data = payload(words, [[0, len(words), None, "", None, 0, ""]], spans)
    chosen = span_select(data, key=f"workspace.split_text.{cid}.v{version}").selection
    at = start + int(chosen["start"]) if chosen else None
    if at is None:
        return
    at = next((start + s for s, e in spans if start + e > at), at)  # the start of that word
    if not start < at < claim["end"]:
        st.caption("That is the first word: the second part must start later.")
        return
    st.markdown(f"{quoted(article['body'][start:at])} \u2702 {quoted(article['body'][at:claim['end']])}")
    if st.button("Split here", key=f"workspace.split.{cid}", type="primary"):
        act(claims_svc.split_claim, claim_id=cid, at=at, expected_version=version,
            done=f"Claim #{cid} split in two", remember_claims=True)


def editor(article: dict, claims: tuple[dict, ...], claim: dict) -> None:
    """Edit, split, merge, delete one claim."""
    cid = claim["id"]
    conflict_panel("workspace", cid)
    version = seen_version(claim)
    keys = drafts.form_keys("workspace.edit", cid, version, ("text", "claimant", "claimant_kind", "claim_type"))
    base = drafts.start(keys, {"text": claim["text"], "claimant": claim["claimant"] or "",
                               "claimant_kind": claim.get("claimant_kind"), "claim_type": claim["claim_type"]})
    locked = claim["status"] == "approved"
    verdict = f" \u00b7 {claim['verdict']}" if claim["verdict"] else ""
    st.markdown(f"**Claim #{cid}** \u00b7 {claim['status']}{inert(verdict)}"
                + (" \u00b7 :orange[quote no longer in the text]" if claim["orphaned"] else ""))
    st.caption(f"Quote: {quoted(short(claim['quote'], 240))}")
    if locked:
        st.info("This claim is approved. Reopen it on the review page to change it.",
                icon=":material/lock:")
    with st.form(f"workspace.edit.{cid}", border=False):
        st.text_area("Wording", key=keys["text"], height=90, disabled=locked,
                     help="The claim as you would publish it; the quote stays as in the article.")
        left, middle, right = st.columns([4, 3, 3])
        left.text_input("Claimant", key=keys["claimant"], disabled=locked, placeholder="Who says it?")
        middle.selectbox("Claimant is", [None, *claims_svc.CLAIMANT_KINDS], key=keys["claimant_kind"],
                         disabled=locked, format_func=lambda k: "guess from the name" if k is None else
                         f"a {k.lower()}" if k == "Person" else f"an {k.lower()}",
                         help="How ClaimReview types the claimant; left to guess, the name decides.")
        right.selectbox("Type", TYPES, key=keys["claim_type"], disabled=locked)
        saved = st.form_submit_button("Save changes", type="primary", disabled=locked,
                                      icon=":material/save:")
    if saved:
        changed = drafts.changed(drafts.typed(keys), base)
        if not changed:
            st.toast("Nothing to save: you changed nothing.", icon=":material/info:")
        else:
            act(claims_svc.update_claim, claim_id=cid, expected_version=version, **changed,
                done=f"Claim #{cid} saved", remember_claims=True,
                on_conflict=keep_drafts("workspace", cid, "claim", changed, base))
    ids = [c["id"] for c in claims]
    nxt = claims[ids.index(cid) + 1] if ids.index(cid) + 1 < len(ids) else None
    row = st.container(horizontal=True, gap="small", key="workspace.claim_actions")
    # Keyed to the version: after a split the claim has a new version, so the popover closes.
    with row.popover("Split", icon=":material/call_split:", disabled=locked,
                     key=f"workspace.split_box.{cid}.v{version}"):
        split_picker(article, claim, version)
        if st.button("Split into sentences", key=f"workspace.split_sentences.{cid}"):
            act(claims_svc.split_claim_into_sentences, claim_id=cid, expected_version=version,
                done=f"Claim #{cid} split into sentences", remember_claims=True)
    merge_help = ("Join this claim with the next one in reading order." if nxt
                  else "This is the last claim: there is no next claim to merge with.")
    if row.button("Merge with next", key=f"workspace.merge.{cid}", icon=":material/merge:",
                  disabled=locked or nxt is None, help=merge_help):
        act(claims_svc.merge_claims, first_id=cid, first_version=version, second_id=nxt["id"],
            second_version=seen_version(nxt), done=f"Claims #{cid} and #{nxt['id']} merged",
            remember_claims=True)
    why_not = refused("claim.delete")  # an editor's job in desk mode
    with row.popover("Delete", icon=":material/delete:", disabled=locked or why_not is not None,
                     help=why_not):
        st.caption("The claim and its citations are deleted; the history keeps them.")
        if st.button("Delete claim", key=f"workspace.delete.{cid}", type="primary"):
            act(claims_svc.delete_claim, claim_id=cid, expected_version=version,
                done=f"Claim #{cid} deleted")
    if row.button("Review", key=f"workspace.review.{cid}", icon=":material/arrow_forward:",
                  type="primary", help="Citations, verdict and sign-off for this claim."):
        go_review(cid, article["id"])
