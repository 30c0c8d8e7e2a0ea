"""Who is at the keyboard, in the sidebar: in desk mode the signed-in user with their role and a
Sign out button; in local mode the "Your name" field. And the desk-mode sign-in itself: the
provider's identity (st.user) becomes a user of the desk, once per session."""
from __future__ import annotations

import streamlit as st

from workbench import users
from workbench.database import unit_of_work
from workbench.ui.session import USER_KEY, acting
from workbench.ui.text import inert
from workbench.ui.widgets.reviewer_memory import name_field

_SUBJECT_KEY = "desk.subject"  # the provider's subject the user key was found for


def signed_in_user() -> users.Actor | None:
    """The desk's user for the provider's signed-in identity (made a user on first sign-in), or
    None when nobody is signed in. Remembered in the session; the role is read again each time."""
    if not st.user.is_logged_in:
        st.session_state.pop(USER_KEY, None)
        return None
    subject = str(st.user.get("sub") or "")
    if st.session_state.get(_SUBJECT_KEY) != subject or USER_KEY not in st.session_state:
        with unit_of_work() as session:
            user = users.sign_in(session, subject=subject, email=st.user.get("email"),
                                 name=st.user.get("name"))
            st.session_state[USER_KEY] = users.user_key(user)
        st.session_state[_SUBJECT_KEY] = subject
    return acting()


def identity_panel() -> None:
    """The sidebar's account panel (desk mode) or name field (local mode)."""
    if not users.desk_mode():
        name_field()
        return
    me = acting()
    with st.sidebar:
        if me is not None:
            st.markdown(f"Signed in as **{inert(me.name)}** ({me.role.value})")
        if st.button("Sign out", key="desk.sign_out", icon=":material/logout:"):
            st.session_state.pop(USER_KEY, None)
            st.logout()

