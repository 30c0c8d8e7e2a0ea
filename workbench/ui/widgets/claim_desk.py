"""The desk around one claim on the review page: who else has it open, who it is assigned to
(editors change that), and its thread of notes."""
from __future__ import annotations

from datetime import datetime, timezone

import streamlit as st

from workbench import desk, users
from workbench.database import read_session, unit_of_work
from workbench.ui.session import act, can, only_for, reviewer
from workbench.ui.text import inert

_MARKED = "desk.present_marked"  # claim id -> when this session last said it has the claim open
_LONG_AGO = datetime(2000, 1, 1, tzinfo=timezone.utc)


def presence_line(claim: dict) -> None:
    """Say who else opened this claim in the last few minutes, and note that this reviewer has."""
    me = reviewer()
    if me is None:
        return
    marked = st.session_state.setdefault(_MARKED, {})
    now = datetime.now(timezone.utc)
    if (now - marked.get(claim["id"], _LONG_AGO)).total_seconds() > 60:  # one write a minute at most
        with unit_of_work() as session:
            desk.mark_present(session, claim_id=claim["id"], actor=me)
        marked[claim["id"]] = now
    with read_session() as session:
        others = [(p.name, p.seen_at) for p in desk.others_present(session, claim_id=claim["id"], actor=me)]
    if others:
        shown = ", ".join(f"{inert(name)} ({_ago(now, seen)})" for name, seen in others)
        st.caption(f":material/group: Also here: {shown}. Saves stay safe: a second save of the same "
                   "version is refused and explained.")


def _ago(now: datetime, then: datetime) -> str:
    if then.tzinfo is None:
        then = then.replace(tzinfo=timezone.utc)
    minutes = int((now - then).total_seconds() // 60)
    return "just now" if minutes < 1 else f"{minutes} min ago"


def assignee_panel(claim: dict, version: int) -> None:
    """Who checks this claim; an editor can change it."""
    with read_session() as session:
        current = users.display_name(session, claim.get("assignee"))
        people = {users.user_key(u): u.name for u in users.list_users(session) if u.active} \
            if users.desk_mode() else {}
    allowed = can("claim.assign")
    if not users.desk_mode():
        value = st.text_input("Assigned to", value=current or "", key=f"review.assignee.{claim['id']}.{version}",
                              disabled=not allowed, help=None if allowed else only_for("claim.assign"))
        chosen = value.strip() or None
        changed = chosen != (current or None)
    else:
        options = [None, *people]
        index = options.index(claim.get("assignee")) if claim.get("assignee") in options else 0
        chosen = st.selectbox("Assigned to", options, index=index, key=f"review.assignee.{claim['id']}.{version}",
                              format_func=lambda k: "nobody" if k is None else people[k],
                              disabled=not allowed, help=None if allowed else only_for("claim.assign"))
        changed = chosen != claim.get("assignee")
    if allowed and changed and st.button("Assign", key=f"review.assign.{claim['id']}", icon=":material/assignment_ind:"):
        act(desk.assign_claims, claim_ids=[claim["id"]], assignee=chosen, versions={claim["id"]: version},
            remember_claims=True, done=f"Claim #{claim['id']} assigned")


def notes_panel(claim: dict) -> None:
    """The claim's thread of notes, and a box to add one."""
    with read_session() as session:
        thread = [(n.author, n.created_at, n.body) for n in desk.notes(session, claim["id"])]
    st.subheader(f"Notes ({len(thread)})", anchor=False)
    for author, at, body in thread:
        with st.container(border=True):
            st.caption(f"{inert(author)} \u00b7 {at:%Y-%m-%d %H:%M} UTC")
            st.markdown(inert(body))
    text = st.text_area("Add a note", key=f"review.note.{claim['id']}", height=80,
                        placeholder="For the desk: what you asked whom, what is still open\u2026",
                        disabled=not can("note.add"))
    if st.button("Post note", key=f"review.note.post.{claim['id']}", disabled=not text.strip()):
        st.session_state.pop(f"review.note.{claim['id']}", None)
        act(desk.add_note, claim_id=claim["id"], body=text, done="Note posted")
