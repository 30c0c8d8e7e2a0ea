"""A claim's citations on the review page: each with Edit and Remove, and a form to add one."""
from __future__ import annotations

from datetime import date

import streamlit as st

from workbench import citations as citations_svc
from workbench.ui import drafts
from workbench.ui.session import act
from workbench.ui.text import inert

STANCES = citations_svc.STANCES
SOURCE_TYPES = citations_svc.SOURCE_TYPES


def citation_fields(prefix: str, current: dict | None = None) -> dict:
    """The widgets of a citation form; returns the values typed."""
    current = current or {}
    url = st.text_input("URL", value=current.get("url", ""), key=f"{prefix}.url",
                        placeholder="https://\u2026", help="Only http:// and https:// addresses.")
    left, right = st.columns(2)
    stance = left.selectbox("Stance", STANCES, key=f"{prefix}.stance",
                            index=STANCES.index(current.get("stance", "supports")),
                            help="Does the source support the claim, refute it, or give context?")
    source_type = right.selectbox("Source type", SOURCE_TYPES, key=f"{prefix}.source_type",
                                  index=SOURCE_TYPES.index(current.get("source_type", "other")))
    title = st.text_input("Title", value=current.get("title") or "", key=f"{prefix}.title")
    left, right = st.columns([3, 2])
    publisher = left.text_input("Publisher", value=current.get("publisher") or "",
                                key=f"{prefix}.publisher")
    published = right.date_input("Published", value=current.get("published"), key=f"{prefix}.published",
                                 min_value=date(1800, 1, 1), max_value=date.today(), format="YYYY-MM-DD")
    passage = st.text_area("Quoted passage", value=current.get("quoted_passage") or "",
                           key=f"{prefix}.passage", height=80,
                           help="The words of the source that bear on the claim.")
    return {"url": url, "stance": stance, "source_type": source_type, "title": title,
            "publisher": publisher, "published": published, "quoted_passage": passage}


def citations_panel(claim: dict, locked: bool) -> None:
    """Every citation of the claim with Edit and Remove (unless locked), and "Add a citation"."""
    rows = claim["citation_rows"]
    st.subheader(f"Citations ({len(rows)})", anchor=False)
    if not rows:
        st.caption("No citation yet: a claim needs at least one before it can be marked checked.")
    for c in rows:
        with st.container(border=True, key=f"review.citation.{c['id']}"):
            st.markdown(f"**{inert(c['title'] or c['url'])}**  \n"
                        f":gray[{inert(c['url'])}]")
            facts = [c["stance"], c["source_type"], c["publisher"] or "",
                     c["published"].isoformat() if c["published"] else ""]
            st.caption(inert(" \u00b7 ".join(x for x in facts if x)))
            if c.get("archive"):
                st.caption(f":material/inventory_2: {inert(c['archive'])}")
            if c["quoted_passage"]:
                st.markdown(f"> {inert(c['quoted_passage'])}")
            left, right = st.columns(2)
            with left.popover("Edit", icon=":material/edit:", disabled=locked, width="stretch"):
                # Keyed to the version: a form from before the last save never comes back.
                with st.form(f"review.cite.edit.{c['id']}", border=False):
                    values = citation_fields(f"review.cite.{c['id']}.v{c['version']}", c)
                    saved = st.form_submit_button("Save citation", type="primary")
                if saved:
                    changed = drafts.changed(values, {k: c.get(k) for k in values})
                    if changed:
                        act(citations_svc.update_citation, citation_id=c["id"],
                            expected_version=c["version"], done="Citation saved", **changed)
                    else:
                        st.toast("Nothing to save: you changed nothing.", icon=":material/info:")
            if right.button("Remove", key=f"review.cite.remove.{c['id']}", icon=":material/delete:",
                            disabled=locked, width="stretch"):
                act(citations_svc.remove_citation, citation_id=c["id"], expected_version=c["version"],
                    done="Citation removed")
    if locked:
        return
    with st.expander("Add a citation", expanded=not rows, icon=":material/add_link:"):
        with st.form("review.cite.new", border=False):
            values = citation_fields("review.cite.new")
            added = st.form_submit_button("Add citation", type="primary", icon=":material/add:")
        if added:
            def clear(_):
                for key in list(st.session_state):
                    if str(key).startswith("review.cite.new."):
                        del st.session_state[key]
            act(citations_svc.add_citation, claim_id=claim["id"], done="Citation added", after=clear,
                **values)
