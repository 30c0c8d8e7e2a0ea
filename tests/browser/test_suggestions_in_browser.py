"""Suggested claims in a real browser: the one action bar, a dismissal and its Undo."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from browser_steps import set_name

pytestmark = pytest.mark.browser


def test_a_reviewer_dismisses_a_suggestion_then_takes_it_back(page: Page, app_server, shot):
    page.goto(f"{app_server['url']}/workspace?article=1")
    expect(page.get_by_test_id("span-select")).to_be_visible(timeout=30_000)
    set_name(page, "rita")
    dismiss = page.get_by_role("button", name="Dismiss")
    expect(dismiss).to_be_visible(timeout=60_000)  # the model's first run on the article
    bar = page.locator(".st-key-workspace-suggest-actions, [class*='st-key-workspace.suggest.actions']").first
    quote = bar.locator("p").first.inner_text().strip("\u201c\u201d").rstrip("\u2026")[:40]
    dismiss.click()
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_visible(timeout=30_000)  # a rerun after a write; slow under load
    expect(bar).not_to_contain_text(quote)
    shot(page, "dismissed")
    undo.click()
    expect(undo).to_have_count(0)
    expect(bar).to_contain_text(quote)  # the best suggestion is back, and chosen again
    assert page.get_by_role("button", name="Deploy").count() == 0  # --client.toolbarMode minimal
