"""The article text as a selectable, highlighted component (st.components.v2: no iframe, no npm).

Text is built with createTextNode/textContent only, never innerHTML, so article text stays inert.
Offsets are counted in code points (`[...text]` in JavaScript), equal to Python str indices.
A drag reports the selected words; a click on plain text selects its sentence; a click on a
highlight reports that claim's id. Suggested claims are underlined (dotted) and behave like plain text.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import streamlit as st

_JS = r"""
export default function (component) {
  const { setStateValue, setTriggerValue, parentElement } = component;
  // The payload comes as one JSON string (see payload() in span_select.py).
  const data = typeof component.data === 'string' ? JSON.parse(component.data) : component.data;
  let box = parentElement.querySelector('.cw-text');
  if (!box) {
    box = document.createElement('div');
    box.className = 'cw-text';
    box.setAttribute('data-testid', 'span-select');
    box.setAttribute('role', 'document');
    box.setAttribute('aria-label', 'Article text');
    parentElement.appendChild(box);
  }
  const chars = Array.from(data.text);
  const sub = (a, b) => chars.slice(a, b).join('');
  // A rerun that changes nothing here hands over the same string: keep the nodes (a 1,000-claim
  // article has about 2,000 of them) and the reviewer's selection.
  if (box.cwShown !== component.data) { box.cwShown = component.data; render(); }
  function render() {
    const parts = [];
    for (const [s, e, colour, title, cid, n, flags] of data.segments) {
      const piece = sub(s, e);
      if (cid === null && !flags) { parts.push(document.createTextNode(piece)); continue; }
      const m = document.createElement('mark');
      m.textContent = piece;
      if (title) m.title = title;
      if (cid !== null) {
        m.dataset.claim = String(cid); m.style.backgroundColor = colour; m.dataset.s = s; m.dataset.e = e;
      }
      if (n > 1) m.classList.add('cw-multi');
      for (const f of (flags || '').split(' ')) if (f) m.classList.add('cw-' + f);
      parts.push(m);
    }
    box.replaceChildren(...parts);
  }

  // The overlay (span_overlay, a separate tiny element): the selected claim's segments get an
  // outline; the reviewer's selection is painted with the CSS Custom Highlight API.
  box.cwApply = () => {
    const { sel, pending } = window.cwOverlay || {};
    for (const m of box.querySelectorAll('mark.cw-sel')) m.classList.remove('cw-sel');
    if (sel) for (const m of box.querySelectorAll('mark[data-claim]'))
      if (+m.dataset.s >= sel[0] && +m.dataset.e <= sel[1]) m.classList.add('cw-sel');
    if (!window.CSS || !CSS.highlights) return;
    if (!pending) { CSS.highlights.delete('cw-pending'); return; }
    const [sn, so] = domAt(pending[0]), [en, eo] = domAt(pending[1]);
    const r = document.createRange();
    r.setStart(sn, so); r.setEnd(en, eo);
    CSS.highlights.set('cw-pending', new Highlight(r));
  };

  // code points of the body before (node, offset)
  const cpAt = (node, offset) => {
    const r = document.createRange();
    r.selectNodeContents(box);
    r.setEnd(node, offset);
    return Array.from(r.toString()).length;
  };
  // the DOM position of a code point offset, for showing a sentence as selected
  const domAt = (cp) => {
    const w = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    let seen = 0, n;
    while ((n = w.nextNode())) {
      const cps = Array.from(n.data);
      if (cp <= seen + cps.length) return [n, cps.slice(0, cp - seen).join('').length];
      seen += cps.length;
    }
    return [box, box.childNodes.length];
  };
  const report = (start, end, how) => {
    if (end <= start) return;
    setStateValue('selection', { start, end, text: sub(start, end), how, seq: Date.now() });
  };
  const onUp = (ev) => {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0) return;
    const r = sel.getRangeAt(0);
    if (!box.contains(r.startContainer) || !box.contains(r.endContainer)) return;
    if (!sel.isCollapsed) {
      report(cpAt(r.startContainer, r.startOffset), cpAt(r.endContainer, r.endOffset), 'drag');
      return;
    }
    const mark = ev.target && ev.target.closest ? ev.target.closest('mark[data-claim]') : null;
    if (mark) { setTriggerValue('claim', Number(mark.dataset.claim)); return; }
    const at = cpAt(r.startContainer, r.startOffset);
    const hit = data.sentences.find(([a, b]) => a <= at && at < b);
    if (!hit) return;
    const [sn, so] = domAt(hit[0]), [en, eo] = domAt(hit[1]);
    const shown = document.createRange();
    shown.setStart(sn, so); shown.setEnd(en, eo);
    sel.removeAllRanges(); sel.addRange(shown);
    report(hit[0], hit[1], 'sentence');
  };
  box.cwApply();
  box.addEventListener('mouseup', onUp);
  return () => box.removeEventListener('mouseup', onUp);
}
"""

_CSS = """
.cw-text {
  font-family: "Source Serif 4", "Source Serif Pro", Georgia, "Times New Roman", serif;
  font-size: 1.075rem; line-height: 1.8; white-space: pre-wrap; overflow-wrap: anywhere;
  max-width: 46rem; color: inherit; user-select: text; cursor: text; padding: 0.25rem 0.1rem;
}
.cw-text mark { color: inherit; border-radius: 3px; padding: 0.1em 0; cursor: pointer; }
.cw-text mark.cw-multi { box-shadow: inset 0 -0.22em 0 rgba(30, 41, 59, 0.45); }
.cw-text mark.cw-sel { outline: 2px solid #2563eb; outline-offset: 1px; }
.cw-text mark.cw-suggested:not([data-claim]) { background: transparent; cursor: text;
  text-decoration: underline dotted rgba(124, 58, 237, 0.55) 1.5px; text-underline-offset: 0.3em; }
::highlight(cw-pending) { background-color: #dbeafe; text-decoration: underline dashed #2563eb; }
.cw-text ::selection { background: #93c5fd; }
"""

_OVERLAY_JS = r"""
export default function (component) {
  window.cwOverlay = JSON.parse(component.data);
  const box = document.querySelector('.cw-text');
  if (box && box.cwApply) box.cwApply();
}
"""

_component = st.components.v2.component("workbench.span_select", js=_JS, css=_CSS,
                                        isolate_styles=False)
_overlay = st.components.v2.component("workbench.span_overlay", js=_OVERLAY_JS)


def payload(text: str, segments: Sequence[Sequence], sentences: Sequence[tuple[int, int]]) -> str:
    """What the component shows, as one JSON string: build it once and cache it.

    Handed a dict, Streamlit serialises it to JSON twice on every rerun (once to send, once for the
    element's identity) and scans it for dataframes; a string is only escaped."""
    return json.dumps({"text": text, "segments": segments, "sentences": sentences},
                      ensure_ascii=False, separators=(",", ":"))


def span_select(data: str, *, key: str, selected: tuple[int, int] | None = None,
                pending: tuple[int, int] | None = None,
                on_selection: Callable[[dict], None] | None = None,
                on_claim: Callable[[int], None] | None = None):
    """Show the text with highlighted segments; `data` is payload(text, segments, sentences),
    the segments as made by highlight.render_segments.

    `selected` (the open claim's start and end: its segments are outlined) and `pending` (the
    reviewer's selection, tinted) are drawn by a second, tiny element, so that choosing a claim or
    dragging leaves `data` unchanged and Streamlit sends it as a reference to what the browser has.

    The result has `.selection` ({start, end, text, how, seq} or None; kept until replaced)
    and `.claim` (the id of a clicked highlight, for one rerun only). on_selection(selection) and
    on_claim(claim id) run as callbacks, before the script reruns."""
    def selection_changed() -> None:
        chosen = (st.session_state.get(key) or {}).get("selection")
        if chosen and on_selection is not None:
            on_selection(chosen)

    def claim_clicked() -> None:
        claim = (st.session_state.get(key) or {}).get("claim")
        if claim is not None and on_claim is not None:
            on_claim(int(claim))

    result = _component(data=data, key=key, on_selection_change=selection_changed,
                        on_claim_change=claim_clicked)
    _overlay(data=json.dumps({"sel": selected, "pending": pending}), key=f"{key}.overlay")
    return result
