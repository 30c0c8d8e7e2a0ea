"""When someone else saved a claim first: each field both changed, side by side (what you typed,
what they saved, what you both started from), "keep mine" or "take theirs" per field, one save.

keep_drafts() is the on_conflict for session.act(): it keeps what the reviewer typed and the
values the form started from; conflict_panel() shows the choice and saves it.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from workbench import claims as claims_svc
from workbench import review as review_svc
from workbench.ui import reads
from workbench.ui.session import act, open_claim, reviewer
from workbench.ui.text import inert

LABELS = {"text": "Wording", "claimant": "Claimant", "claim_type": "Type", "verdict": "Rating",
          "rationale": "Rationale"}
MINE, THEIRS = "Keep mine", "Take theirs"


def keep_drafts(scope: str, claim_id: int, kind: str, mine: Mapping, base: Mapping
                ) -> Callable[[str], None]:
    """An on_conflict for session.act(): keeps the fields the reviewer changed (`mine`) and the
    values their form started from (`base`). `kind` is "claim" (wording, claimant, type),
    "verdict" (rating, rationale) or "move" (a status change: nothing typed)."""
    def on_conflict(message: str) -> None:
        st.session_state[f"{scope}.conflict"] = {
            "claim_id": claim_id, "kind": kind, "message": message,
            "fields": {f: {"mine": v, "base": base.get(f)} for f, v in mine.items()}}
        st.cache_data.clear()  # the panel compares with what is saved now
        open_claim(claim_id)
    return on_conflict


def _shown(value) -> str:
    return "(empty)" if value in (None, "") else str(value)


def _current(claim: dict, field: str):
    return claim["verdict"] if field == "verdict" else claim.get(field)


def _save(kind: str, claim: dict, chosen: dict, scope: str) -> None:
    def done(_):
        st.session_state.pop(f"{scope}.conflict", None)
    if kind == "claim":
        act(claims_svc.update_claim, claim_id=claim["id"], expected_version=claim["version"],
            done=f"Claim #{claim['id']} saved", after=done, remember_claims=True, **chosen)
    else:
        act(review_svc.set_verdict, claim_id=claim["id"], expected_version=claim["version"],
            rating=chosen.get("verdict", claim["verdict"]),
            rationale=chosen.get("rationale", claim["rationale"] or ""),
            done="Verdict saved", after=done, remember_claims=True)


def conflict_panel(scope: str, claim_id: int) -> None:
    """The conflict on this claim, if any: the message, each field side by side, and one save."""
    conflict = st.session_state.get(f"{scope}.conflict")
    if not conflict or conflict["claim_id"] != claim_id:
        return
    claim = reads.claim_bundle(claim_id, reviewer())
    if claim is None:
        st.session_state.pop(f"{scope}.conflict")
        return
    with st.container(border=True, key=f"{scope}.conflict_panel"):
        st.error(inert(conflict["message"]), icon=":material/sync_problem:")
        fields = {f: d for f, d in conflict["fields"].items()
                  if _shown(d["mine"]).strip() != _shown(_current(claim, f)).strip()}
        chosen = {}
        for field, d in fields.items():
            st.markdown(f"**{LABELS.get(field, field)}**")
            mine, theirs, base = st.columns(3)
            for column, title, value in ((mine, "What you typed", d["mine"]),
                                         (theirs, f"What {inert(claim['updated_by'] or 'they')} saved",
                                          _current(claim, field)),
                                         (base, "What you both started from", d["base"])):
                column.caption(title)
                column.code(_shown(value), language=None, wrap_lines=True)
            pick = st.radio(f"{LABELS.get(field, field)}: keep which?", [MINE, THEIRS],
                            key=f"{scope}.conflict.pick.{field}", horizontal=True,
                            label_visibility="collapsed")
            if pick == MINE:
                chosen[field] = d["mine"]
        if not fields:
            st.caption("Their save leaves nothing of yours to choose: the form shows the claim as saved now.")
        row = st.container(horizontal=True, gap="small")
        if fields and row.button("Save my choices", key=f"{scope}.conflict.save", type="primary",
                                 icon=":material/save:"):
            if chosen:
                _save(conflict["kind"], claim, chosen, scope)
            else:
                st.session_state.pop(f"{scope}.conflict")
                st.rerun()
        if row.button("Dismiss", key=f"{scope}.conflict.dismiss",
                      help="Forget what you typed; the form shows the claim as saved now."):
            st.session_state.pop(f"{scope}.conflict")
            st.rerun()
