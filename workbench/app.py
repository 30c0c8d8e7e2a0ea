"""Entry script of the browser app: page set-up, the reviewer's name, and navigation."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

if __package__ in (None, ""):  # `streamlit run workbench/app.py` runs this file as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.ui.common import REVIEWER_KEY, read_session  # noqa: E402
from workbench import articles  # noqa: E402

st.set_page_config(page_title="Claim Workbench", page_icon=":material/fact_check:", layout="wide")

with st.sidebar:
    st.text_input("Your name", key=REVIEWER_KEY, placeholder="e.g. Rita Alvarez",
                  help="Every change you make carries this name.")


def library() -> None:
    st.title("Articles")
    with read_session() as s:
        for row in articles.list_articles(s):
            st.write(f"#{row.id} {row.title}")


page = st.navigation([st.Page(library, title="Articles", icon=":material/article:")])
page.run()
