"""Correcting an article on the library page: its details, its text (with a preview of what
happens to each claim before saving), its orphaned claims (re-attach to new words, or delete),
and its revisions compared word by word."""
from __future__ import annotations

import html
from datetime import date

import streamlit as st

from workbench import articles as articles_svc
from workbench import claims as claims_svc
from workbench.database import read_session
from workbench.errors import WorkbenchError
from workbench.revisions import compare_revisions
from workbench.ui import drafts, reads
from workbench.ui.session import act, seen_version
from workbench.ui.text import inert, quoted, short
from workbench.ui.widgets.span_select import payload, span_select

_FIELDS = ("title", "source_url", "publisher", "author", "published")
_DIFF_CSS = ("<style>.cw-diff{white-space:pre-wrap;line-height:1.7;max-height:420px;overflow:auto}"
             ".cw-diff del{background:#fde2e1;color:#9b1c1c}.cw-diff ins{background:#dcfce7;"
             "color:#14532d;text-decoration:none}</style>")


def details_form(article: dict) -> None:
    """Title, source URL, publisher, author and date; a save sends only the fields changed."""
    keys = drafts.form_keys("articles.edit", article["id"], article["version"], _FIELDS)
    base = drafts.start(keys, {f: article[f] if f == "published" else article[f] or "" for f in _FIELDS})
    with st.form(f"articles.edit.{article['id']}", border=False):
        st.text_input("Title", key=keys["title"])
        st.text_input("Source URL", key=keys["source_url"], placeholder="https://\u2026",
                      help="Where the article was published; exports carry it.")
        left, mid, right = st.columns([2, 2, 1])
        left.text_input("Publisher", key=keys["publisher"])
        mid.text_input("Author", key=keys["author"])
        right.date_input("Published", key=keys["published"], min_value=date(1800, 1, 1),
                         max_value=date.today(), format="YYYY-MM-DD")
        saved = st.form_submit_button("Save details", type="primary", icon=":material/save:")
    if saved:
        changed = drafts.changed(drafts.typed(keys), base)
        if not changed:
            st.toast("Nothing to save: you changed nothing.", icon=":material/info:")
            return
        act(articles_svc.update_article, article_id=article["id"], expected_version=article["version"],
            done=f"Article #{article['id']} saved", **changed)


def _preview(article: dict, body: str) -> articles_svc.ReanchorReport | str:
    try:
        with read_session() as s:
            return articles_svc.preview_correction(s, article_id=article["id"], new_body=body)
    except WorkbenchError as exc:
        return str(exc)


def body_form(article: dict) -> None:
    """The corrected text, a preview of what happens to each claim, then Save as a new revision."""
    key = f"articles.body.{article['id']}.v{article['version']}"
    st.session_state.setdefault(key, article["body"])
    st.text_area("Corrected text", key=key, height=240,
                 help="Fix the text as published; claims are found again in it.")
    note = st.text_input("What changed (kept with the revision)", key=f"{key}.note",
                         placeholder="e.g. the publisher corrected a figure")
    report = _preview(article, st.session_state[key]) if st.session_state[key] != article["body"] else None
    if report is None:
        st.caption("Change the text to see which claims move, re-anchor or would be orphaned.")
        return
    if isinstance(report, str):
        st.error(inert(report))
        return
    texts = {c["id"]: c["text"] for c in reads.article_claims(article["id"])}
    for ids, label, icon in ((report.unchanged, "stay where they are", ":material/check:"),
                             (report.moved, "move with their words", ":material/swap_vert:"),
                             (report.fuzzy, "re-anchor fuzzily: their words changed, check them",
                              ":material/warning:"),
                             (report.orphaned, "would be orphaned: their words are gone",
                              ":material/link_off:")):
        if ids:
            st.markdown(f"{icon} **{len(ids)} claim{'s' * (len(ids) != 1)} {label}**  \n"
                        + "  \n".join(f"#{i} {inert(short(texts.get(i, ''), 100))}" for i in ids))
    if st.button(f"Save as revision {report.revision}", key=f"{key}.save", type="primary",
                 icon=":material/save:"):
        act(articles_svc.correct_body, article_id=article["id"], new_body=st.session_state[key],
            expected_version=article["version"], note=note or None,
            done=f"Article #{article['id']} corrected: revision {report.revision}")


def orphans_panel(article: dict) -> None:
    """Each orphaned claim with its old context; re-attach it to selected words, or delete it."""
    orphans = [c for c in reads.article_claims(article["id"]) if c["orphaned"]]
    if not orphans:
        st.caption("No orphaned claims: every claim is anchored in the current text.")
        return
    with read_session() as s:
        context = {c["id"]: (x.prefix, x.quote, x.suffix)
                   for c in orphans if (x := claims_svc.get_claim(s, c["id"])) is not None}
    pick = st.radio("Orphaned claim", [c["id"] for c in orphans], key="articles.orphan",
                    format_func=lambda i: f"#{i} {short(next(c['text'] for c in orphans if c['id'] == i), 80)}")
    claim = next(c for c in orphans if c["id"] == pick)
    before, quote, after = context.get(pick, ("", claim["quote"], ""))
    st.caption("Where it stood in the old text:")
    st.markdown(f"\u2026{inert(before)}**:orange-background[{inert(quote)}]**{inert(after)}\u2026")
    st.caption("Select the words it should quote now, then re-attach it.")
    result = span_select(payload(article["body"], [[0, len(article["body"]), None, "", None, 0, ""]], []), key=f"articles.reattach.{article['id']}")
    chosen = result.selection
    row = st.container(horizontal=True, gap="small")
    if chosen and chosen.get("end", 0) > chosen.get("start", 0):
        row.markdown(f"Selected: {quoted(short(chosen['text'], 120))}")
        if row.button("Re-attach", key="articles.reattach", type="primary", icon=":material/link:"):
            act(claims_svc.reattach_claim, claim_id=pick, start=int(chosen["start"]),
                end=int(chosen["end"]), expected_version=seen_version(claim),
                done=f"Claim #{pick} re-attached", remember_claims=True)
    if row.button("Delete claim", key="articles.orphan.delete", icon=":material/delete:"):
        act(claims_svc.delete_claim, claim_id=pick, expected_version=seen_version(claim),
            done=f"Claim #{pick} deleted")


def diff_html(parts) -> str:
    """Word-level diff parts as HTML: removed words struck through, added words marked."""
    tag = {"removed": "del", "added": "ins"}
    return '<div class="cw-diff">' + "".join(
        f"<{tag[p.kind]}>{html.escape(p.text)}</{tag[p.kind]}>" if p.kind in tag else html.escape(p.text)
        for p in parts) + "</div>"


def revisions_panel(article: dict) -> None:
    """Two revisions of the text compared word by word."""
    n = article["revision"]
    if n < 2:
        st.caption("The text has not been corrected: there is only revision 1.")
        return
    left, right = st.columns(2)
    older = left.selectbox("Older", range(1, n), index=n - 2, key="articles.rev.older")
    newer = right.selectbox("Newer", range(older + 1, n + 1), index=n - older - 1, key="articles.rev.newer")
    with read_session() as s:
        parts = compare_revisions(s, article_id=article["id"], older=older, newer=newer)
    st.markdown(_DIFF_CSS + diff_html(parts), unsafe_allow_html=True)


def corrections_panel(article_id: int) -> None:
    """"Correct this article": details, text, orphaned claims and revisions, one tab each."""
    article = reads.article(article_id)
    if article is None:
        return
    n_orphans = sum(c["orphaned"] for c in reads.article_claims(article_id))
    with st.expander(f"Correct article #{article_id}" + (f" \u00b7 {n_orphans} orphaned" if n_orphans else ""),
                     icon=":material/edit_document:", key="articles.corrections", on_change="rerun",
                     expanded=bool(n_orphans)):
        tabs = st.tabs(["Details", "Text", f"Orphaned claims ({n_orphans})",
                        f"Revisions ({article['revision']})"])
        with tabs[0]:
            details_form(article)
        with tabs[1]:
            body_form(article)
        with tabs[2]:
            orphans_panel(article)
        with tabs[3]:
            revisions_panel(article)
