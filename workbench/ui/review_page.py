"""Claim review: the claim in context, its citations, the verdict, sign-off, and its history."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from db.engine import database_url
from workbench import citations as citations_svc
from workbench import review as review_svc
from workbench.ui import data
from workbench.ui.actions import (ARTICLE_KEY, CLAIM_KEY, act, conflict_panel, go_workspace, keep_drafts,
                                  open_claim, select, selected_id, seen_version, show_flash)
from workbench.ui.common import inert, reviewer, short

STANCES = citations_svc.STANCES
SOURCE_TYPES = citations_svc.SOURCE_TYPES
MOVES = {"submit": ("Submit", ":material/send:"),
         "check": ("Mark checked", ":material/task_alt:"),
         "approve": ("Approve", ":material/verified:"),
         "reopen": ("Reopen", ":material/lock_open:")}
_QUIET_FIELDS = {"prefix", "suffix", "version", "updated_at", "updated_by", "created_at", "created_by",
                 "verdict_at", "approved_at", "id", "article_id", "claim_id"}


def pick_claim(url: str) -> dict | None:
    """The claim shown: from ?claim=, session state, or a picker over the article's claims."""
    claim_id = selected_id(CLAIM_KEY, "claim")
    claim = data.claim_bundle(url, claim_id, reviewer()) if claim_id is not None else None
    if claim_id is not None and claim is None:
        st.warning(f"Claim #{claim_id} does not exist any more (deleted or merged).")
        select(CLAIM_KEY, "claim", None)
    article_id = claim["article_id"] if claim else st.session_state.get(ARTICLE_KEY)
    if article_id is None:
        choices = data.article_choices(url)
        article_id = choices[0][0] if choices else None
    options = data.article_claims(url, article_id) if article_id is not None else ()
    if not options:
        st.title("Claim review")
        st.info("No claims to review yet. Open an article in the Workspace and select the words "
                "of a claim.", icon=":material/edit_note:")
        return None
    if claim is not None and claim["id"] not in {c["id"] for c in options}:  # made elsewhere
        data.article_claims.clear()
        options = data.article_claims(url, article_id)
    ids = [c["id"] for c in options]
    texts = {c["id"]: c["text"] for c in options}
    if claim is not None and st.session_state.get("review.pick") != claim["id"]:
        st.session_state["review.pick"] = claim["id"]

    def picked() -> None:
        chosen = st.session_state["review.pick"]
        select(CLAIM_KEY, "claim", chosen)
        open_claim(chosen)

    st.selectbox("Claim", ids, key="review.pick", index=None, on_change=picked,
                 placeholder="Choose a claim of this article\u2026",
                 format_func=lambda i: f"#{i} \u00b7 {short(texts[i], 100)}")
    return claim


def context(body: str, sentences: tuple, start: int, end: int) -> tuple[str, str, str]:
    """The sentence before the quote's sentence(s), the quote with its sentence, and the one after."""
    inside = [i for i, (s, e) in enumerate(sentences) if s < end and e > start]
    if not inside:
        return "", body[start:end], ""
    first, last = inside[0], inside[-1]
    lo = sentences[first - 1][0] if first > 0 else sentences[first][0]
    hi = sentences[last + 1][1] if last + 1 < len(sentences) else sentences[last][1]
    return body[lo:start], body[start:end], body[end:hi]


def claim_panel(claim: dict, article: dict | None) -> None:
    st.markdown(f"#### {inert(claim['text'])}")
    facts = [f"Claimant: {claim['claimant'] or 'not recorded'}", f"Type: {claim['claim_type']}",
             "suggested by the model" if claim["origin"] == "suggested" else "chosen by a reviewer"]
    st.caption(inert(" \u00b7 ".join(facts)))
    if article is None:
        return
    with st.container(border=True, key="review.context"):
        st.caption(f"In context \u00b7 {inert(short(article['title'], 80))}")
        if claim["orphaned"]:
            st.warning("The article text was corrected and this quote is no longer in it.")
        before, quote, after = context(article["body"], article["sentences"], claim["start"],
                                       claim["end"])
        st.markdown(f"{inert(before)}**:blue-background[{inert(quote)}]**{inert(after)}")


def checked_before_panel(url: str, claim: dict) -> None:
    """Checked claims, in any article, that say the same as this one; choosing one opens it."""
    table = data.checked_before(url, claim["id"], claim["version"])
    st.subheader("Checked before", anchor=False)
    if not table.num_rows:
        st.caption("No checked claim elsewhere says the same.")
        return
    st.caption("Checked claims that say the same, most similar first. Choose one to open it.")
    ids = table.column("claim_id").to_pylist()
    event = st.dataframe(table, hide_index=True, key=f"review.matches.{claim['id']}", on_select="rerun",
                         selection_mode="single-row",
                         column_order=["Verdict", "Similarity", "Claim", "Article"],
                         height=min(38 + 35 * table.num_rows, 220),
                         column_config={
                             "Verdict": st.column_config.TextColumn(width=95),
                             "Similarity": st.column_config.ProgressColumn(
                                 width=80, min_value=0, max_value=100, format="%.0f",
                                 help="Shared words and figures, 0\u2013100"),
                             "Claim": st.column_config.TextColumn(width=230),
                             "Article": st.column_config.TextColumn(width="medium")})
    rows = event.selection.rows
    if rows and rows[0] < len(ids):
        select(CLAIM_KEY, "claim", ids[rows[0]])
        open_claim(ids[rows[0]])
        st.rerun()


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
            if c["quoted_passage"]:
                st.markdown(f"> {inert(c['quoted_passage'])}")
            left, right = st.columns(2)
            with left.popover("Edit", icon=":material/edit:", disabled=locked, width="stretch"):
                with st.form(f"review.cite.edit.{c['id']}", border=False):
                    values = citation_fields(f"review.cite.{c['id']}", c)
                    saved = st.form_submit_button("Save citation", type="primary")
                if saved:
                    act(citations_svc.update_citation, citation_id=c["id"],
                        expected_version=c["version"], done="Citation saved", **values)
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


def verdict_panel(claim: dict, scale: tuple[dict, ...], version: int) -> None:
    cid = claim["id"]
    st.subheader("Verdict", anchor=False)
    labels = [r["label"] for r in scale]
    descriptions = {r["label"]: r["description"] for r in scale}
    verdict_key, rationale_key = f"review.verdict.{cid}", f"review.rationale.{cid}"
    st.session_state.setdefault(verdict_key, claim["verdict"])
    st.session_state.setdefault(rationale_key, claim["rationale"] or "")
    refused = {"checked": "The claim is marked checked: reopen it to change the verdict.",
               "approved": "The claim is approved: reopen it to change the verdict."}.get(claim["status"])
    with st.form(f"review.verdict_form.{cid}", border=False):
        st.selectbox("Rating", labels, key=verdict_key, placeholder="Choose a rating\u2026",
                     disabled=refused is not None,
                     help="  \n".join(f"**{inert(k)}**: {inert(v or '')}" for k, v in descriptions.items()))
        st.text_area("Rationale", key=rationale_key, height=130, disabled=refused is not None,
                     placeholder="Why this rating: what the sources show.")
        saved = st.form_submit_button("Save verdict", type="primary", disabled=refused is not None,
                                      icon=":material/gavel:")
    chosen = st.session_state.get(verdict_key)
    if chosen and descriptions.get(chosen):
        st.caption(inert(f"{chosen}: {descriptions[chosen]}"))
    if refused:
        st.caption(refused)
    if claim["verdict_by"]:
        st.caption(inert(f"Verdict by {claim['verdict_by']}"))
    if saved:
        if not st.session_state.get(verdict_key):
            st.error("Choose a rating first.")
            return
        act(review_svc.set_verdict, claim_id=cid, rating=st.session_state[verdict_key],
            rationale=st.session_state[rationale_key], expected_version=version,
            done="Verdict saved",
            on_conflict=keep_drafts("review", cid, {rationale_key: "rationale"}))


def workflow_panel(claim: dict, version: int) -> None:
    cid = claim["id"]
    st.subheader("Sign-off", anchor=False)
    st.markdown(f"Status: **{claim['status']}**"
                + (inert(f" \u00b7 approved by {claim['approved_by']}") if claim["approved_by"] else ""))
    moves = dict(claim["moves"])
    who = reviewer()
    columns = st.columns(2)
    reasons = []
    for n, (action, (label, icon)) in enumerate(MOVES.items()):
        refused = moves.get(action)
        if refused is None and who is None:
            refused = "type your name in the sidebar first"
        if refused:
            reasons.append(f"**{label}**: not now \u2014 {inert(refused)}.")
        if columns[n % 2].button(label, key=f"review.move.{action}", icon=icon,
                                 type="primary" if refused is None else "secondary",
                                 disabled=refused is not None, width="stretch",
                                 help=f"Not now: {refused}." if refused else None):
            act(review_svc.transition, claim_id=cid, action=action, expected_version=version,
                done=f"{label}: done",
                on_conflict=keep_drafts("review", cid, {f"review.rationale.{cid}": "rationale"}))
    if reasons:
        st.caption("  \n".join(reasons))


def _change_text(changes: dict) -> str:
    parts = []
    for key, value in changes.items():
        if key in _QUIET_FIELDS:
            continue
        if isinstance(value, list) and len(value) == 2:
            before, after = (short("\u2014" if v in (None, "") else str(v), 40) for v in value)
            parts.append(f"{key}: {before} \u2192 {after}")
        else:
            parts.append(f"{key}: {short(str(value), 60)}")
    return "; ".join(parts)


def history_panel(claim: dict) -> None:
    st.subheader("History", anchor=False)
    rows = claim["history"]
    frame = pd.DataFrame({
        "When": [e["at"].strftime("%Y-%m-%d %H:%M:%S") for e in rows],
        "Who": [e["actor"] for e in rows],
        "What": [f"{e['entity']} {e['action']}" for e in rows],
        "Changes": [_change_text(e["changes"]) for e in rows],
    })
    st.dataframe(frame, hide_index=True, key="review.history",
                 column_config={"When": st.column_config.TextColumn(width="small"),
                                "Changes": st.column_config.TextColumn(width="large")})


def main() -> None:
    show_flash()
    url = database_url()
    claim = pick_claim(url)
    if claim is None:
        return
    article = data.article(url, claim["article_id"])
    version = seen_version(claim)
    title, back = st.columns([5, 1], vertical_alignment="bottom")
    title.title(f"Claim #{claim['id']}", anchor=False)
    if back.button("Workspace", key="review.back", icon=":material/arrow_back:", width="stretch"):
        go_workspace(claim["article_id"])
    conflict_panel("review", claim["id"])
    locked = claim["status"] == "approved"
    left, right = st.columns([7, 5], gap="large")
    with left:
        claim_panel(claim, article)
        checked_before_panel(url, claim)
        citations_panel(claim, locked)
    with right:
        with st.container(border=True, key="review.verdict_box"):
            verdict_panel(claim, data.rating_labels(url), version)
        with st.container(border=True, key="review.workflow_box"):
            workflow_panel(claim, version)
    history_panel(claim)


main()
