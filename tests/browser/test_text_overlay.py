"""The open claim and the reviewer's selection are drawn over the article text without re-sending it."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from db.engine import get_engine, session_scope
from workbench import claims

from helpers import select_text

pytestmark = pytest.mark.browser


def test_a_clicked_highlight_is_outlined_and_a_drag_is_tinted(page: Page, app_server):
    with session_scope(get_engine(app_server["db_url"])) as s:
        cid = claims.create_claim_from_quote(s, article_id=1, quote="ketamine resolves an opioid system",
                                             actor="rita").id
    page.goto(f"{app_server['url']}/workspace?article=1")
    text = page.get_by_test_id("span-select")
    mark = text.locator(f"mark[data-claim='{cid}']")
    expect(mark).to_be_visible(timeout=30_000)
    expect(mark).not_to_have_class(re.compile("cw-sel"))
    mark.click()
    expect(page.get_by_text(f"Claim #{cid}")).to_be_visible()
    expect(mark).to_have_class(re.compile("cw-sel"))
    text.evaluate("el => { for (let p = el; p; p = p.parentElement) p.scrollTop = 0; }")  # words 124-180 in view
    select_text(page, text, 124, 180)
    expect(page.get_by_role("button", name="Create claim")).to_be_visible()
    assert page.evaluate("CSS.highlights.has('cw-pending')")
    expect(mark).to_have_class(re.compile("cw-sel"))  # still outlined: the text was not rebuilt
