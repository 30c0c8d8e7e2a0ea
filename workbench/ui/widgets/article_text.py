"""The workspace's article text: highlights coloured by status or verdict with their legend, and
what a drag, a sentence click or a highlight click does (a selection, or a claim to edit)."""
from __future__ import annotations

import html

import streamlit as st

from workbench.ui import reads
from workbench.ui.navigation import choose_claim
from workbench.ui.widgets.highlight import legend
from workbench.ui.widgets.span_select import span_select

SELECTION_KEY = "workspace.selection"  # {"article_id", "start", "end"}: words chosen for a new claim

_PAGE_CSS = """<style>
.cw-legend{display:flex;flex-wrap:wrap;gap:.35rem 1rem;font-size:.85rem;margin:.1rem 0 .2rem}
.cw-chip{display:inline-flex;align-items:center;gap:.35rem;white-space:nowrap}
.cw-swatch{display:inline-block;width:.95rem;height:.95rem;border-radius:3px;border:1px solid rgba(0,0,0,.15)}
.cw-swatch.cw-multi{background:#f3f4f6;box-shadow:inset 0 -4px 0 rgba(30,41,59,.45)}
.st-key-workspace-text_box{height:calc(100vh - 13rem)!important;min-height:18rem;overscroll-behavior:contain}
[data-testid="stColumn"]:has(.st-key-workspace-text_box){position:sticky;top:3.75rem;align-self:flex-start}
</style>"""


def legend_html(mode: str, verdicts: tuple[str, ...]) -> str:
    chips = "".join(
        f'<span class="cw-chip"><span class="cw-swatch" style="background:{colour}"></span>'
        f"{html.escape(label)}</span>" for label, colour in legend(mode, verdicts))
    return (f'<div class="cw-legend">{chips}<span class="cw-chip"><span class="cw-swatch cw-multi">'
            "</span>overlapping claims</span></div>")


def set_selection(article: dict, start: int, end: int) -> None:
    """Remember the words the reviewer selected (trimmed of white space) for the create panel."""
    body = article["body"]
    start, end = max(0, start), min(len(body), end)
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start < end:
        st.session_state[SELECTION_KEY] = {"article_id": article["id"], "start": start, "end": end}


APP_RERUN_KEY = "workspace.text_rerun_app"  # set by a callback: the page, not the text, must rerun


def _selected(article: dict, chosen: dict) -> None:
    if chosen.get("seq") != st.session_state.get("workspace.selection_seq"):
        st.session_state["workspace.selection_seq"] = chosen.get("seq")
        set_selection(article, int(chosen["start"]), int(chosen["end"]))
        st.session_state[APP_RERUN_KEY] = True


def _clicked(claim_id: int) -> None:
    choose_claim(claim_id)
    st.session_state[APP_RERUN_KEY] = True


@st.fragment
def text_panel(article: dict, overview: dict, selected: int | None) -> None:
    """The article with its highlights; a drag, a sentence click or a highlight click is handled.

    A fragment: switching the colours reruns only the text. A selection or a click is handled in
    the component's callbacks, then the page reruns at once, before the text is built and sent
    again (a 1,000-claim article's text is about 280 KB)."""
    if st.session_state.pop(APP_RERUN_KEY, False):
        st.rerun(scope="app")
    st.markdown(_PAGE_CSS, unsafe_allow_html=True)
    mode = st.segmented_control("Colour by", ["status", "verdict"], default="status",
                                key="workspace.colour_by", format_func=str.capitalize,
                                label_visibility="collapsed",
                                help="Colour the highlights by workflow status or by verdict.") or "status"
    st.markdown(legend_html(mode, overview["verdicts"]), unsafe_allow_html=True)
    pending = st.session_state.get(SELECTION_KEY)
    span = ((pending["start"], pending["end"])
            if pending and pending["article_id"] == article["id"] else None)
    text = reads.text_payload(article["id"], overview["stamp"], mode, article["version"])
    sel = None if selected is None else reads.claim_span(article["id"], overview["stamp"], selected)
    with st.container(height=560, border=True, key="workspace.text_box"):
        span_select(text, key=f"workspace.text.{article['id']}", selected=sel, pending=span,
                    on_selection=lambda chosen: _selected(article, chosen), on_claim=_clicked)
    st.caption("Drag across words to select them, or click a sentence, then create the claim on "
               "the right. Click a highlight to open its claim.")
