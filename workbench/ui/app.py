"""Entry script of the browser app: page set-up, navigation between the views, and who is at the
keyboard: in local mode the reviewer's name in the sidebar (remembered in this browser); in desk
mode (WORKBENCH_AUTH=oidc) the signed-in user, and nothing but the sign-in view for anyone else."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

if __package__ in (None, ""):  # `streamlit run workbench/ui/app.py` runs this file as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from workbench import users  # noqa: E402
from workbench.ui import navigation as nav  # noqa: E402
from workbench.ui import warm  # noqa: E402
from workbench.ui.widgets.identity import identity_panel, signed_in_user  # noqa: E402
from workbench.ui.widgets.reviewer_memory import remember_reviewer  # noqa: E402

if st.runtime.exists():  # a server (not AppTest): the model loads while the first page is read
    warm.start()
# A local icon: a ":material/...:" page icon makes every browser fetch it from fonts.gstatic.com.
st.set_page_config(page_title="Claim Workbench", page_icon=str(nav.FAVICON), layout="wide")

me = None
if users.desk_mode():
    me = signed_in_user()
    if me is None:  # not signed in, or waiting to be let in: no other view exists for them
        # The sign-in view also answers the other views' addresses, so a deep link shows it
        # rather than Streamlit's "Page not found" over it.
        st.navigation([st.Page(nav.SIGN_IN_VIEW, title="Sign in", icon=":material/login:", url_path=path,
                               default=path == "sign-in")
                       for path in ("sign-in", *nav.URL_PATHS)], position="hidden").run()
        st.stop()

views = [
    st.Page(nav.ARTICLES_VIEW, title="Articles", icon=":material/library_books:", url_path="articles"),
    st.Page(nav.WORKSPACE_VIEW, title="Workspace", icon=":material/edit_note:", url_path="workspace"),
    st.Page(nav.REVIEW_VIEW, title="Claim review", icon=":material/fact_check:", url_path="review"),
    st.Page(nav.EXPORT_VIEW, title="Export", icon=":material/download:", url_path="export"),
    st.Page(nav.DASHBOARD_VIEW, title="Dashboard", icon=":material/monitoring:", url_path="dashboard"),
    st.Page(nav.QUEUE_VIEW, title="My queue", icon=":material/inbox:", url_path="queue"),
]
if me is not None and me.can("users.manage"):
    views.append(st.Page(nav.USERS_VIEW, title="Users", icon=":material/group:", url_path="users"))
page = st.navigation(views)

# The name survives reloads and new tabs in this browser: fills an empty name before the field
# exists. After st.navigation, so the browser knows the page before the memory can ask for a rerun
# (a rerun asked for earlier lands on the default page).
if me is None:
    remember_reviewer()

# Less empty space above the page title, so the article and its claims fit a laptop screen.
st.markdown("<style>[data-testid=\"stMainBlockContainer\"]{padding-top:2.2rem}</style>", unsafe_allow_html=True)

identity_panel()
page.run()
