"""Editing a claim in a real browser never writes text the reviewer did not ask for."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from db.engine import get_engine, make_engine, session_scope
from workbench import claims

from browser_steps import select_text, set_name

pytestmark = pytest.mark.browser
QUOTE = "an estimated 70% of people"


def _claim(db_url: str, claim_id: int):
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            return claims.get_claim(s, claim_id)
    finally:
        engine.dispose()


def _expect_wording(page: Page, value: str) -> None:
    wording = page.locator(".st-key-workspace-editor").get_by_label("Wording", exact=True)
    expect(wording).to_have_count(1)  # the form of the old version has gone
    expect(wording).to_have_value(value)


def _save_claimant(page: Page, name: str) -> None:
    editor = page.locator(".st-key-workspace-editor")
    editor.get_by_label("Claimant", exact=True).fill(name)
    editor.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("saved").first).to_be_visible()


def test_a_claimant_saved_after_a_split_or_a_merge_keeps_the_wording(page: Page, app_server, shot):
    url, db_url = app_server["url"], app_server["db_url"]
    with session_scope(get_engine(db_url)) as s:
        cid = claims.create_claim_from_quote(s, article_id=1, quote=QUOTE, actor="rita").id
    page.goto(f"{url}/workspace?article=1")
    text = page.locator(".st-key-workspace-text_box").get_by_test_id("span-select")
    expect(text).to_be_visible(timeout=30_000)
    set_name(page, "rita")
    text.locator(f"mark[data-claim='{cid}']").click()
    editor = page.locator(".st-key-workspace-editor")
    _expect_wording(page, QUOTE)

    # split where the reviewer selects "estimated" in the claim's words: the open claim is the first part
    page.get_by_role("button", name="Split", exact=True).click()
    words = page.get_by_test_id("stPopoverBody").get_by_test_id("span-select")
    expect(words).to_have_text(QUOTE)
    select_text(page, words, 3, 12)
    expect(page.get_by_role("button", name="Split here")).to_be_visible()
    shot(page, "split-popover")
    page.get_by_role("button", name="Split here").click()
    expect(words).to_have_count(0)  # the popover closed
    expect(text.locator(f"mark[data-claim='{cid}']")).to_have_text("an")
    _expect_wording(page, "an")
    _save_claimant(page, "Stewart")
    saved = _claim(db_url, cid)
    assert (saved.claimant, saved.text, saved.quote) == ("Stewart", "an", "an")
    page.mouse.wheel(0, -2000)
    shot(page, "split")

    # merge it back: the wording is the whole quote again, and saving a claimant keeps it
    editor.get_by_role("button", name="Merge with next").click()
    expect(text.locator(f"mark[data-claim='{cid}']")).to_have_text(QUOTE)
    _expect_wording(page, QUOTE)
    _save_claimant(page, "Krystal")
    saved = _claim(db_url, cid)
    assert (saved.claimant, saved.text, saved.quote) == ("Krystal", QUOTE, QUOTE)
    shot(page, "merged")


@pytest.fixture(autouse=True)
def _leave_no_claims(app_server):
    """The server and its database are shared by the browser tests: remove the claims made here."""
    yield
    with session_scope(get_engine(app_server["db_url"])) as s:
        for c in claims.list_claims(s, article_id=1):
            claims.delete_claim(s, claim_id=c.id, expected_version=c.version, actor="test")
