"""A body correction orphans a claim; the reviewer re-attaches it by selecting new words in the
Articles page's corrections panel, in real Chromium."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from db.engine import get_engine, make_engine, session_scope
from workbench import articles, claims
from workbench.ingest import from_text

from browser_steps import choose, select_text, set_name

pytestmark = pytest.mark.browser
OLD = "Orphans here. The clinic treated 400 patients last year. Nothing else."
NEW = "Orphans here. The clinic says it saw 412 people in 2025. Nothing else."
QUOTE = "The clinic says it saw 412 people in 2025."


def test_an_orphaned_claim_is_re_attached_to_selected_words(page: Page, app_server, shot):
    url, db_url = app_server["url"], app_server["db_url"]
    with session_scope(get_engine(db_url)) as s:
        article = articles.import_document(s, doc=from_text(OLD, title="Orphan clinic"), actor="rita")
        claim = claims.create_claim_from_quote(s, article_id=article.id, quote="treated 400 patients last year",
                                               actor="rita")
        articles.correct_body(s, article_id=article.id, new_body=NEW, expected_version=article.version,
                              actor="rita")
        article_id, claim_id = article.id, claim.id
    page.goto(url)
    set_name(page, "rita")
    # Made by another process (this test), the article reaches the server's cached library within
    # its 30 s lifetime (ui/reads.py); earlier tests may have filled that cache.
    deadline = time.monotonic() + 45
    while not page.get_by_test_id("stDataFrame").get_by_text("Orphan clinic").count():
        assert time.monotonic() < deadline, "the library never showed the new article"
        time.sleep(2)
        page.reload()
        expect(page.get_by_label("Your name", exact=True)).to_be_visible()
    choose(page, "Article", f"#{article_id} \u00b7 Orphan clinic \u00b7 1 claim")
    panel = page.get_by_test_id("stExpander").filter(has_text=f"Correct article #{article_id}")
    expect(panel).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="Orphaned claims (1)").click()
    text = panel.get_by_test_id("span-select")
    expect(text).to_be_visible()
    text.scroll_into_view_if_needed()
    start = NEW.index(QUOTE)
    select_text(page, text, start, start + len(QUOTE))
    shot(page, "selected")
    page.get_by_role("button", name="Re-attach").click()
    expect(panel).to_contain_text("Correct article")
    expect(page.get_by_text(f"Correct article #{article_id} \u00b7 1 orphaned")).to_have_count(0)
    shot(page, "re-attached")
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            stored = claims.get_claim(s, claim_id)
            assert (stored.orphaned, stored.quote) == (False, QUOTE)
            assert stored.text == "treated 400 patients last year", "the reviewer's wording stays"
    finally:
        engine.dispose()
