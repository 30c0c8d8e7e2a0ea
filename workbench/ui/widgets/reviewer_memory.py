"""The reviewer's name: the sidebar field, and its memory in this browser (localStorage) across
reloads and new tabs.

The memory is an invisible st.components.v2 component (no iframe, no npm) mounted by the entry
script before the "Your name" field. What Python passes as `data` says what it knows:
- a non-empty string: the current name; the browser stores it;
- "": the reviewer cleared the field in this session; the browser forgets the name;
- None: this session has had no name yet; on mount, the browser reports a stored name (once) as
  the state value `name`, and `remember_reviewer()` puts it into the field's session state.
So a fresh session with a remembered name costs one rerun; once the name is known, none.
The name is only ever read and written with localStorage.getItem/setItem, never put into HTML.
"""
from __future__ import annotations

import streamlit as st

from workbench.ui.session import REVIEWER_KEY

STORAGE_KEY = "claimWorkbench.reviewer"  # the localStorage key (also in _JS)
COMPONENT_KEY = "reviewer_memory"  # its element carries the class st-key-reviewer_memory
_HAD_NAME = "reviewer_memory.had_name"  # session flag: this session has had a name
# A copy of the field's value outside the widget: Streamlit drops the field's state when a page
# switches to another (st.switch_page from a button), while the browser still shows the name.
_KEPT = "reviewer_memory.kept"
_MAX_LEN = 200

_JS = r"""
export default function (component) {
  const { data, setStateValue, parentElement } = component;
  const KEY = 'claimWorkbench.reviewer';
  const first = !parentElement.cwReviewerMemory;  // the function runs again whenever data changes
  parentElement.cwReviewerMemory = true;
  let store;
  try { store = window.localStorage; } catch (e) { return; }  // storage disabled: remember nothing
  try {
    if (typeof data === 'string') {
      if (!data) store.removeItem(KEY);
      else if (store.getItem(KEY) !== data) store.setItem(KEY, data);
    } else if (first) {
      const stored = store.getItem(KEY);
      if (stored && stored.trim()) setStateValue('name', stored);
    }
  } catch (e) { /* quota or privacy mode: the reviewer types the name as before */ }
}
"""

# Renders nothing; hide its element container so it takes no gap in the layout.
_CSS = f".st-key-{COMPONENT_KEY} {{ display: none; }}"

_component = st.components.v2.component("workbench.reviewer_memory", js=_JS, css=_CSS,
                                        isolate_styles=False)


def _no_callback() -> None:
    """A state value needs an on_<name>_change callback to reach Python."""


def remember_reviewer() -> None:
    """Keep the reviewer's name in this browser, and fill an empty name from it.

    Call it in the entry script before the `REVIEWER_KEY` text_input is created (it may set that
    key's session state)."""
    state = st.session_state
    if not (state.get(REVIEWER_KEY) or "").strip() and state.get(_KEPT):  # lost, not cleared
        state[REVIEWER_KEY] = state[_KEPT]
    name = (state.get(REVIEWER_KEY) or "").strip()
    if name:
        state[_HAD_NAME] = True
    had_name = state.get(_HAD_NAME, False)
    result = _component(data=name if name else ("" if had_name else None), key=COMPONENT_KEY,
                        on_name_change=_no_callback)
    if name or had_name:
        return
    stored = result.get("name")
    if isinstance(stored, str) and stored.strip():
        state[REVIEWER_KEY] = state[_KEPT] = stored.strip()[:_MAX_LEN]
        state[_HAD_NAME] = True


def _keep() -> None:
    st.session_state[_KEPT] = st.session_state.get(REVIEWER_KEY) or ""


def name_field() -> None:
    """The sidebar's "Your name" field (after remember_reviewer()), with a hint while it is empty."""
    with st.sidebar:
        st.text_input("Your name", key=REVIEWER_KEY, placeholder="e.g. Rita Alvarez",
                      help="Every change you make carries this name.", on_change=_keep)
        if not (st.session_state.get(REVIEWER_KEY) or "").strip():
            st.caption("Type your name to make changes; reading needs no name.")
