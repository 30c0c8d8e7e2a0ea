"""The review's decisions on a claim: the verdict (rating and rationale) and the sign-off moves
(mark checked, approve, reopen), each refused move with its reason."""
from __future__ import annotations

import streamlit as st

from workbench import review as review_svc
from workbench.ui import drafts
from workbench.ui.session import act, reviewer
from workbench.ui.text import inert
from workbench.ui.widgets.conflict_panel import keep_drafts

# No "Submit": saving a verdict sends a draft claim to review (see README, "Workflow rules").
MOVES = {"check": ("Mark checked", ":material/task_alt:"),
         "approve": ("Approve", ":material/verified:"),
         "reopen": ("Reopen", ":material/lock_open:")}


def verdict_panel(claim: dict, scale: tuple[dict, ...], version: int) -> None:
    """The rating and rationale form; refused while the claim is checked or approved."""
    cid = claim["id"]
    st.subheader("Verdict", anchor=False)
    labels = [r["label"] for r in scale]
    descriptions = {r["label"]: r["description"] for r in scale}
    keys = drafts.form_keys("review", cid, version, ("verdict", "rationale"))
    verdict_key, rationale_key = keys["verdict"], keys["rationale"]
    base = drafts.start(keys, {"verdict": claim["verdict"], "rationale": claim["rationale"] or ""})
    refused = {"checked": "The claim is marked checked: reopen it to change the verdict.",
               "approved": "The claim is approved: reopen it to change the verdict."}.get(claim["status"])
    with st.form(f"review.verdict_form.{cid}", border=False):
        st.selectbox("Rating", labels, key=verdict_key, placeholder="Choose a rating\u2026",
                     disabled=refused is not None,
                     help="  \n".join(f"**{inert(k)}**: {inert(v or '')}" for k, v in descriptions.items()))
        st.text_area("Rationale", key=rationale_key, height=130, disabled=refused is not None,
                     placeholder="Why this rating: what the sources show.")
        saved = st.form_submit_button("Save verdict", type="primary", disabled=refused is not None,
                                      icon=":material/gavel:")
    chosen = st.session_state.get(verdict_key)
    if chosen and descriptions.get(chosen):
        st.caption(inert(f"{chosen}: {descriptions[chosen]}"))
    if refused:
        st.caption(refused)
    if claim["verdict_by"]:
        st.caption(inert(f"Verdict by {claim['verdict_by']}"))
    if saved:
        if not st.session_state.get(verdict_key):
            st.error("Choose a rating first.")
            return
        changed = drafts.changed(drafts.typed(keys), base)
        if not changed:
            st.toast("Nothing to save: you changed nothing.", icon=":material/info:")
            return
        act(review_svc.set_verdict, claim_id=cid, rating=st.session_state[verdict_key],
            rationale=st.session_state[rationale_key], expected_version=version,
            done="Verdict saved", remember_claims=True,
            on_conflict=keep_drafts("review", cid, "verdict", changed, base))


def workflow_panel(claim: dict, version: int) -> None:
    """The status and one button per move, disabled with its reason when the move is refused."""
    cid = claim["id"]
    st.subheader("Sign-off", anchor=False)
    st.markdown(f"Status: **{claim['status']}**"
                + (inert(f" \u00b7 approved by {claim['approved_by']}") if claim["approved_by"] else ""))
    moves = dict(claim["moves"])
    who = reviewer()
    columns = st.columns(len(MOVES))
    reasons = []
    for n, (action, (label, icon)) in enumerate(MOVES.items()):
        refused = moves.get(action)
        if refused is None and who is None:
            refused = "type your name in the sidebar first"
        if refused:
            reasons.append(f"**{label}**: not now \u2014 {inert(refused)}.")
        if columns[n].button(label, key=f"review.move.{action}", icon=icon,
                                 type="primary" if refused is None else "secondary",
                                 disabled=refused is not None, width="stretch",
                                 help=f"Not now: {refused}." if refused else None):
            act(review_svc.transition, claim_id=cid, action=action, expected_version=version,
                done=f"{label}: done", remember_claims=True,
                on_conflict=keep_drafts("review", cid, "move", {}, {}))
    if reasons:
        st.caption("  \n".join(reasons))
