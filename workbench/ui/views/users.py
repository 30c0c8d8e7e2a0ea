"""Users (admins): the desk's members with their roles; change a role, let someone in or stop
them, add a member by email. The services refuse all of it to anyone but an admin."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench import users
from workbench.database import read_session
from workbench.ui.session import act, can, show_flash
from workbench.ui.text import inert

show_flash()
st.title("Users", anchor=False)
if not can("users.manage"):
    st.info("Only an admin manages the desk's users.", icon=":material/lock:")
    st.stop()
with read_session() as session:
    people = [(users.user_key(u), u.name, u.email or "", u.role, u.active, u.subject is not None)
              for u in users.list_users(session)]
st.dataframe(pd.DataFrame(people, columns=["id", "Name", "Email", "Role", "Active", "Signed in"]),
             hide_index=True, width="stretch", key="users.table")

ROLES = [r.value for r in users.Role]
labels = {key: f"{name} <{email}>" if email else name for key, name, email, *_ in people}
roles = {key: role for key, _, _, role, *_ in people}
active = {key: on for key, *_, on, _ in people}


def picked() -> None:
    """The role box shows the role of the user just chosen."""
    st.session_state["users.role"] = roles.get(st.session_state["users.who"])


with st.container(border=True, key="users.change"):
    st.subheader("Change a role", anchor=False)
    who = st.selectbox("User", list(labels), format_func=labels.__getitem__, key="users.who",
                       on_change=picked)
    if who is not None:
        if st.session_state.get("users.role") not in ROLES:
            st.session_state["users.role"] = roles[who]
        left, right = st.columns(2, vertical_alignment="bottom")
        role = left.selectbox("New role", ROLES, key="users.role")
        if right.button("Save role", key="users.save_role", type="primary", disabled=role == roles[who]):
            act(users.set_role, user=who, role=role, done=f"{labels[who]} is now {role}")
        if active[who]:
            if st.button("Deactivate", key="users.deactivate", icon=":material/block:"):
                act(users.set_active, user=who, active=False, done=f"{labels[who]} is deactivated")
        elif st.button("Let in", key="users.activate", icon=":material/how_to_reg:"):
            act(users.set_active, user=who, active=True, done=f"{labels[who]} is active")
with st.container(border=True, key="users.add"):
    st.subheader("Add a member", anchor=False)
    email = st.text_input("Email", key="users.new.email", placeholder="name@newsroom.example")
    name = st.text_input("Name", key="users.new.name")
    role = st.selectbox("Role", ROLES, key="users.new.role")
    if st.button("Add", key="users.new.add", type="primary", disabled=not email.strip()):
        act(users.add_user, email=email, name=name, role=role, done=f"Added {inert(email)}")
