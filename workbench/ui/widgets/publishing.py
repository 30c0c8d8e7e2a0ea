"""Publishing on the Export page: the desk's settings for ClaimReview (name, home page, the address
template of its fact checks, and an article's own published address), the fact-check report of an
article with a preview, re-checking cited sources, and importing other desks' fact checks."""
from __future__ import annotations

import os

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from workbench import archive, articles, external
from workbench.database import read_session
from workbench.errors import WorkbenchError
from workbench.transfer import claimreview, report
from workbench.ui import reads
from workbench.ui.session import act, write
from workbench.ui.text import inert

REPORT_FORMATS = {"html": "Web page (HTML)", "md": "Markdown"}


def desk_settings_panel(article_id: int | None) -> claimreview.DeskSettings | None:
    """The desk's publishing settings (defaults from the environment); None while one is invalid."""
    with st.expander("Publishing settings", icon=":material/public:",
                     expanded=not os.environ.get(claimreview.FACTCHECK_URL_ENV)):
        st.caption("Each ClaimReview needs the address where your fact check is published: an "
                   "article's own address wins, else the desk's template.")
        left, right = st.columns(2)
        name = left.text_input("Desk name (the review's author)", key="export.desk_name",
                               value=claimreview.default_desk_name())
        url = right.text_input("Desk home page", key="export.desk_url",
                               value=os.environ.get(claimreview.DESK_URL_ENV, ""),
                               placeholder="https://desk.example")
        template = st.text_input("Fact-check address template", key="export.factcheck_url",
                                 value=os.environ.get(claimreview.FACTCHECK_URL_ENV, ""),
                                 placeholder=claimreview.TEMPLATE_EXAMPLE,
                                 help="{article_id} and {claim_id} are filled in for each claim.")
        try:
            desk = claimreview.desk_settings(name=name, url=url, factcheck_url=template)
        except WorkbenchError as exc:
            st.error(inert(str(exc)))
            desk = None
        if article_id is not None:
            _article_address(article_id)
    return desk


def _article_address(article_id: int) -> None:
    article = reads.article(article_id)
    if article is None:
        return
    current = article.get("factcheck_url") or ""
    value = st.text_input(f"Published fact check of article #{article_id}", value=current,
                          key=f"export.article_factcheck.{article_id}.{article['version']}",
                          placeholder="https://desk.example/fact-checks/ketamine",
                          help="Where this article's fact check is published; wins over the template. "
                               "Empty it to use the template.")
    if value.strip() != current and st.button("Save address", key="export.article_factcheck.save"):
        act(articles.update_article, article_id=article_id, expected_version=article["version"],
            factcheck_url=value.strip(), done="Fact-check address saved")


def report_panel(article_id: int | None, desk: claimreview.DeskSettings | None) -> None:
    """An article's fact-check report: preview and download."""
    st.subheader("Fact-check report", anchor=False)
    if article_id is None:
        st.caption("Choose an article in the filters to preview and download its report.")
        return
    fmt = st.radio("Format", list(REPORT_FORMATS), format_func=REPORT_FORMATS.__getitem__,
                   key="export.report_format", horizontal=True)
    try:
        with read_session() as session:
            text = report.article_report(session, article_id=article_id, fmt=fmt, desk=desk)
    except WorkbenchError as exc:
        st.error(inert(str(exc)))
        return
    st.download_button("Download report", data=text.encode("utf-8"), key="export.report",
                       file_name=f"fact-check-{article_id}.{fmt}",
                       mime="text/html" if fmt == "html" else "text/markdown", icon=":material/description:")
    with st.container(border=True, key="export.report_preview"):
        if fmt == "html":
            components.html(text, height=520, scrolling=True)  # a sandboxed iframe; all user text is escaped
        else:
            st.code(text, language="markdown", wrap_lines=True, height=420)


def recheck_panel(article_id: int | None) -> None:
    """Fetch the cited pages again and say which changed or are gone."""
    st.subheader("Sources", anchor=False)
    which = f"article #{article_id}" if article_id is not None else "every article"
    st.caption(f"Fetch the pages cited by {which} again and compare them with the copy archived when "
               "they were cited.")
    if st.button("Check sources again", key="export.recheck", icon=":material/manage_search:"):
        with st.spinner("Fetching the cited pages\u2026"):
            outcome = write(archive.recheck_sources, article_id=article_id)
        if not outcome.ok:
            st.error(outcome.message)
            return
        st.session_state["export.rechecked"] = [
            {"Claim": r.claim_id, "URL": r.url, "Outcome": r.outcome, "Changes": r.diff or r.error or ""}
            for r in outcome.value]
    found = st.session_state.get("export.rechecked")
    if found is not None:
        if not found:
            st.info("No cited page to check.", icon=":material/link_off:")
        else:
            st.dataframe(pd.DataFrame(found), hide_index=True, width="stretch", key="export.recheck_table",
                         column_config={"Claim": st.column_config.NumberColumn("#", width=50),
                                        "URL": st.column_config.LinkColumn(width="medium"),
                                        "Outcome": st.column_config.TextColumn(width="small"),
                                        "Changes": st.column_config.TextColumn(width="large")})


def external_panel() -> None:
    """Import other desks' ClaimReview items from a file or a page; matching then shows them."""
    with st.expander("Other desks' fact checks", icon=":material/travel_explore:"):
        st.caption("Import ClaimReview markup (a JSON-LD file, or a page that carries it). The review "
                   "page's \u201cChecked before\u201d then shows what other desks concluded, with a link.")
        upload = st.file_uploader("File", type=["json", "jsonld", "html", "htm"], key="export.external_file")
        address = st.text_input("or a page's address", key="export.external_url",
                                placeholder="https://factcheck.example/reviews/123")
        if st.button("Import fact checks", key="export.external_import", disabled=not (upload or address.strip())):
            source, data = (upload.name, upload.getvalue()) if upload else (address.strip(), None)
            outcome = write(external.import_from_source, source=source, data=data)
            if outcome.ok:
                st.success(inert(outcome.value.summary()))
            else:
                st.error(outcome.message)
