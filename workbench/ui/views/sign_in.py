"""The only view a visitor who is not signed in sees in desk mode (and a signed-in user whom an
admin has not let in yet): what the workbench is, and Sign in."""
from __future__ import annotations

import streamlit as st

st.title("Claim Workbench", anchor=False)
if st.user.is_logged_in:
    st.info("Your account waits for an admin of the desk to let you in. Ask them, then reload.",
            icon=":material/hourglass_top:")
    if st.button("Sign out", key="desk.waiting_sign_out", icon=":material/logout:"):
        st.logout()
    st.stop()
st.write("The desk's fact-checking workbench. Sign in with your newsroom account to see the "
         "articles and claims you work on.")
if st.button("Sign in", key="desk.sign_in", type="primary", icon=":material/login:"):
    st.login()
