"""My queue: the claims assigned to the signed-in reviewer, by status, with what each waits for;
for editors also every claim awaiting approval, oldest first."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench import desk
from workbench.database import read_session
from workbench.ui.navigation import go_review
from workbench.ui.session import acting, reviewer, show_flash
from workbench.ui.text import short

show_flash()
st.title("My queue", anchor=False)
me = acting()
if me is None:
    st.info("Type your name in the sidebar to see the claims assigned to you.", icon=":material/person:")
    st.stop()
with read_session() as session:
    queue = desk.my_queue(session, reviewer())
if not any(queue.values()):
    st.info(f"Nothing waits on {me.name}. Editors assign claims from the workspace and the review page.",
            icon=":material/inbox:")
    st.stop()

ORDER = ["awaiting approval", "draft", "reopened", "in review", "checked", "approved"]
for status in sorted(queue, key=lambda s: ORDER.index(s) if s in ORDER else len(ORDER)):
    items = queue[status]
    if not items:
        continue
    mine = status != "awaiting approval"
    st.subheader(f"{'Assigned to you, ' if mine else ''}{status} ({len(items)})", anchor=False)
    frame = pd.DataFrame({"#": [i.claim_id for i in items],
                          "Claim": [short(i.text, 120) for i in items],
                          "Article": [short(i.article_title, 60) for i in items],
                          "Waits for": [i.waiting_for for i in items],
                          "Assignee": [i.assignee or "" for i in items],
                          "Since": [i.updated_at for i in items]})
    key = f"queue.{status}"
    event = st.dataframe(frame, key=key, hide_index=True, on_select="rerun", selection_mode="single-row",
                         width="stretch", column_config={
                             "#": st.column_config.NumberColumn(width=50),
                             "Since": st.column_config.DatetimeColumn(format="distance")})
    rows = event.selection.rows if event else []
    if rows:
        chosen = items[rows[0]]
        go_review(chosen.claim_id, chosen.article_id)
