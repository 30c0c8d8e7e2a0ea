"""The open claim and the reviewer's selection are drawn over the article text without re-sending it."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from db.engine import get_engine, session_scope
from workbench import articles, claims
from workbench.ingest import from_text

from browser_steps import select_text

pytestmark = pytest.mark.browser


BODY = ("A clinic in Ohio opened last spring. Its director says ketamine resolves an opioid system "
        "in most patients. Critics say the evidence for that is thin and the trials were small.")
CLAIM = "ketamine resolves an opioid system"
DRAGGED = "the evidence for that is thin"


def test_a_clicked_highlight_is_outlined_and_a_drag_is_tinted(page: Page, app_server):
    with session_scope(get_engine(app_server["db_url"])) as s:  # a new article: nothing cached yet
        article_id = articles.import_document(s, doc=from_text(BODY, title="Overlay"), actor="rita").id
        cid = claims.create_claim_from_quote(s, article_id=article_id, quote=CLAIM, actor="rita").id
    page.goto(f"{app_server['url']}/workspace?article={article_id}")
    text = page.get_by_test_id("span-select")
    mark = text.locator(f"mark[data-claim='{cid}']")
    expect(mark).to_be_visible(timeout=30_000)
    expect(mark).not_to_have_class(re.compile("cw-sel"))
    mark.click()
    expect(page.get_by_text(f"Claim #{cid}")).to_be_visible()
    expect(mark).to_have_class(re.compile("cw-sel"))
    start = BODY.index(DRAGGED)
    select_text(page, text, start, start + len(DRAGGED))
    expect(page.get_by_role("button", name="Create claim")).to_be_visible()
    assert page.evaluate("CSS.highlights.has('cw-pending')")
    expect(mark).to_have_class(re.compile("cw-sel"))  # still outlined: the text was not rebuilt
