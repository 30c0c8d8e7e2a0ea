"""The workspace's suggested claims: one table, one action bar for the selected suggestion (Accept,
Edit… in a dialog, Dismiss), and Undo for the last dismissal.

Decisions are persisted by workbench.suggest.decisions (a dismissal survives a reopen); the table is a
fragment, so choosing a row reruns only this panel.
"""
from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from workbench.claims import CLAIM_TYPES
from workbench.suggest import decisions as suggestions_svc
from workbench.ui import reads
from workbench.ui.session import act
from workbench.ui.text import inert, quoted, short

EDITING_KEY = "workspace.suggest.editing"
LAST_DISMISSED_KEY = "workspace.suggest.last_dismissed"
# Harm first, then Claimant and Why before the long quote, so they show in the half-width pane.
_COLUMNS = ["Harm", "Score", "Claimant", "Why", "Quote", "Type"]
_HARMS = ["high", "medium", "low"]


def _type(kind: str | None) -> str:
    return kind if kind in CLAIM_TYPES else "other"


def accept(article_id: int, s: dict, on_claim: Callable[[int], None], **edited) -> None:
    """Make a suggestion a claim (recorded as accepted) and open it in the editor."""
    fields = {"claimant": s["claimant"] or None, "claim_type": _type(s["type"])} | edited

    def after(claim) -> None:
        st.session_state.pop(EDITING_KEY, None)
        on_claim(claim.id)

    act(suggestions_svc.accept_suggestion, article_id=article_id, start=s["start"], end=s["end"],
        score=s["score"], done="Suggestion accepted as a claim", after=after, remember_claims=True,
        **fields)


def dismiss(article_id: int, s: dict) -> None:
    """Dismiss a suggestion for good, remembering it for Undo."""
    def after(_) -> None:
        st.session_state[LAST_DISMISSED_KEY] = {"article_id": article_id, "start": s["start"],
                                                "end": s["end"], "quote": s["quote"]}

    act(suggestions_svc.dismiss_suggestion, article_id=article_id, start=s["start"], end=s["end"],
        quote=s["quote"], done="Suggestion dismissed", after=after)


def undo_bar(article_id: int) -> None:
    """"Dismissed \u201c\u2026\u201d \u00b7 Undo" for the reviewer's last dismissal in this article."""
    last = st.session_state.get(LAST_DISMISSED_KEY)
    if not last or last["article_id"] != article_id:
        return
    row = st.container(horizontal=True, gap="small", vertical_alignment="center",
                       key="workspace.suggest.undo_bar")

    def forget(_) -> None:
        st.session_state.pop(LAST_DISMISSED_KEY, None)

    if row.button("Undo", key="workspace.suggest.undo", icon=":material/undo:", type="tertiary",
                  help="Suggest it again."):
        act(suggestions_svc.undo_dismissal, article_id=article_id, start=last["start"],
            end=last["end"], done="Suggestion restored", after=forget)
    row.caption(f"Dismissed {quoted(short(last['quote'], 36))}", width="content")


@st.dialog("Edit, then accept", width="medium", on_dismiss=lambda: st.session_state.pop(EDITING_KEY, None))
def edit_dialog(article_id: int, on_claim: Callable[[int], None]) -> None:
    """Change the wording, claimant or type of a suggestion before it becomes a claim."""
    s = st.session_state.get(EDITING_KEY)
    if not s:
        return
    st.caption(f"Quote in the article: {quoted(short(s['quote'], 300))}")
    wording = st.text_area("Wording", value=" ".join(s["quote"].split()), height=110,
                           key="workspace.suggest.edit.text",
                           help="The claim as you would publish it; the quote stays as in the article.")
    left, right = st.columns(2)
    claimant = left.text_input("Claimant", value=s["claimant"] or "", placeholder="Who says it?",
                               key="workspace.suggest.edit.claimant")
    kind = right.selectbox("Type", CLAIM_TYPES, index=CLAIM_TYPES.index(_type(s["type"])),
                           key="workspace.suggest.edit.type")
    row = st.container(horizontal=True, gap="small")
    if row.button("Accept as edited", key="workspace.suggest.edit.accept", type="primary",
                  icon=":material/check:"):
        accept(article_id, s, on_claim, text=wording, claimant=claimant or None, claim_type=kind)
    if row.button("Cancel", key="workspace.suggest.edit.cancel"):
        st.session_state.pop(EDITING_KEY, None)
        st.rerun()


@st.fragment
def suggestions_panel(article: dict, stamp: tuple[int, int], on_claim: Callable[[int], None]) -> None:
    """Suggested claims, best first, in one table; Accept, Edit or Dismiss the selected one."""
    table = reads.pending_suggestions(article["id"], article["version"], stamp)
    n = table.num_rows
    st.subheader(f"Suggested claims ({n})", anchor=False)
    undo_bar(article["id"])
    if not n:
        st.caption("No suggestions left for this article.")
        return
    st.caption("Sentences worth checking, what could hurt someone if it were wrong first, underlined "
               "(dotted) in the text. Choose one, then accept or dismiss it.")
    kinds = sorted({t for t in table.column("Type").to_pylist() if t})
    left, right = st.columns(2)
    harms = left.multiselect("Harm", _HARMS, key="workspace.suggest.harm", placeholder="Any harm")
    types = right.multiselect("Type", kinds, key="workspace.suggest.type", placeholder="Any type")
    if harms:
        table = table.filter(pc.is_in(table.column("Harm"), value_set=pa.array(harms)))
    if types:
        table = table.filter(pc.is_in(table.column("Type"), value_set=pa.array(types)))
    n = table.num_rows
    if not n:
        st.caption("No suggestion of that harm and type.")
        return
    # The key changes with the list, so a stale row number never points at another suggestion.
    key = f"workspace.suggest.table.{article['id']}.{n}.{stamp[0]}.{','.join(harms)}.{','.join(types)}"
    event = st.dataframe(
        table, hide_index=True, key=key, on_select="rerun", selection_mode="single-row",
        selection_default={"selection": {"rows": [0]}}, column_order=_COLUMNS,
        height=min(38 + 35 * n, 246),
        column_config={
            "Harm": st.column_config.TextColumn(width=62, help="What could hurt someone if the claim were "
                                                              "wrong: dosage, safety, efficacy, outcome figures"),
            "Score": st.column_config.ProgressColumn(width=72, min_value=0.0, max_value=1.0,
                                                     format="%.2f",
                                                     help="How check-worthy the model finds it"),
            "Claimant": st.column_config.TextColumn(width=100),
            "Why": st.column_config.TextColumn(width=190, help="What the model noticed"),
            "Quote": st.column_config.TextColumn(width="large", help="The words in the article"),
            "Type": st.column_config.TextColumn(width=85),
        })
    rows = event.selection.rows if event is not None else []
    if not rows or rows[0] >= n:
        st.caption("Choose a suggestion in the table to accept or dismiss it.")
        return
    [chosen] = table.slice(rows[0], 1).to_pylist()
    s = {"start": chosen["start"], "end": chosen["end"], "quote": chosen["quote"],
         "score": chosen["Score"], "type": chosen["Type"] or None,
         "claimant": chosen["Claimant"] or None}
    with st.container(border=True, key="workspace.suggest.actions"):
        harm = chosen["Harm"] and f"{chosen['Harm']} harm" + (f" ({chosen['Harm reason']})" if chosen["Harm reason"] else "")
        facts = " \u00b7 ".join(x for x in (harm, f"score {s['score']:.2f}", s["type"],
                                            s["claimant"] and f"claimant: {s['claimant']}") if x)
        why = f"  \n:gray[{inert(chosen['Why'])}]" if chosen["Why"] else ""
        st.markdown(f"{quoted(short(s['quote'], 300))}  \n:gray[{inert(facts)}]{why}")
        bar = st.container(horizontal=True, gap="small")
        if bar.button("Accept", key="workspace.suggest.accept", type="primary",
                      icon=":material/check:", help="Make it a claim as suggested."):
            accept(article["id"], s, on_claim)
        if bar.button("Edit\u2026", key="workspace.suggest.edit", icon=":material/edit:",
                      help="Change the wording, claimant or type, then accept."):
            st.session_state[EDITING_KEY] = s
        if bar.button("Dismiss", key="workspace.suggest.dismiss", icon=":material/close:",
                      help="Not worth checking: it will not be suggested again for this article."):
            dismiss(article["id"], s)
    if st.session_state.get(EDITING_KEY):
        edit_dialog(article["id"], on_claim)
