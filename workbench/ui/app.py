"""Entry script of the browser app: page set-up, the reviewer's name, and navigation."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

if __package__ in (None, ""):  # `streamlit run workbench/ui/app.py` runs this file as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from workbench.ui.common import REVIEWER_KEY  # noqa: E402
from workbench.ui.reviewer_memory import remember_reviewer  # noqa: E402

UI = Path(__file__).resolve().parent

st.set_page_config(page_title="Claim Workbench", page_icon=":material/fact_check:", layout="wide")

_PAGES = [
    ("articles_page.py", "Articles", ":material/library_books:", "articles"),
    ("workspace_page.py", "Workspace", ":material/edit_note:", "workspace"),
    ("review_page.py", "Claim review", ":material/fact_check:", "review"),
    ("export_page.py", "Export", ":material/download:", "export"),
    ("dashboard_page.py", "Dashboard", ":material/monitoring:", "dashboard"),
]
pages = [st.Page(UI / file, title=title, icon=icon, url_path=url_path)
         for file, title, icon, url_path in _PAGES]
page = st.navigation(pages)

# The name survives reloads and new tabs in this browser: fills an empty name before the field
# exists. After st.navigation, so the browser knows the page before the memory can ask for a rerun
# (a rerun asked for earlier lands on the default page).
remember_reviewer()

# Less empty space above the page title, so the article and its claims fit a laptop screen.
st.markdown("<style>[data-testid=\"stMainBlockContainer\"]{padding-top:2.2rem}</style>", unsafe_allow_html=True)

with st.sidebar:
    st.text_input("Your name", key=REVIEWER_KEY, placeholder="e.g. Rita Alvarez",
                  help="Every change you make carries this name.")
    if not (st.session_state.get(REVIEWER_KEY) or "").strip():
        st.caption("Type your name to make changes; reading needs no name.")

page.run()
