"""The reviewer's name survives a reload and a new tab in the same browser (localStorage)."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from db.engine import get_engine, make_engine, session_scope
from workbench import articles, claims
from workbench.ingest import from_text

from browser_steps import select_text, set_name

pytestmark = pytest.mark.browser
STORAGE_KEY = "claimWorkbench.reviewer"
CAPTION = "Type your name to make changes"
TEXT = "Remembered names. The city spent 4 million dollars on parks in 2023. Nothing else here."
QUOTE = "The city spent 4 million dollars on parks in 2023."


def _stored(page: Page):
    return page.evaluate("(k) => window.localStorage.getItem(k)", STORAGE_KEY)


def _name_field(page: Page):
    field = page.get_by_label("Your name", exact=True)
    expect(field).to_be_visible(timeout=30_000)
    return field


def test_the_name_survives_a_reload_and_a_change_carries_it(page: Page, app_server, shot):
    url, db_url = app_server["url"], app_server["db_url"]
    with session_scope(get_engine(db_url)) as s:
        article_id = articles.import_document(s, doc=from_text(TEXT, title="Remembered names"),
                                              actor="setup").id
    page.goto(f"{url}/workspace?article={article_id}")
    expect(page.get_by_test_id("span-select")).to_be_visible(timeout=30_000)
    field = _name_field(page)
    expect(page.get_by_text(CAPTION)).to_be_visible()
    set_name(page, "Rita Alvarez")
    expect(page.get_by_text(CAPTION)).to_have_count(0)
    page.wait_for_function("(k) => window.localStorage.getItem(k) === 'Rita Alvarez'", arg=STORAGE_KEY)

    page.reload()
    text = page.get_by_test_id("span-select")
    expect(text).to_be_visible(timeout=30_000)
    field = _name_field(page)
    expect(field).to_have_value("Rita Alvarez")
    expect(page.get_by_text(CAPTION)).to_have_count(0)
    # the memory element takes no room in the layout
    expect(page.locator(".st-key-reviewer_memory")).to_be_hidden()
    shot(page, "after-reload")

    # a change made after the reload carries the remembered name
    start = TEXT.index(QUOTE)
    select_text(page, text, start, start + len(QUOTE))
    page.get_by_role("button", name="Create claim").click()
    expect(text.locator("mark[data-claim]")).to_have_text(QUOTE)
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            [claim] = claims.list_claims(s, article_id=article_id)
    finally:
        engine.dispose()
    assert (claim.quote, claim.created_by) == (QUOTE, "Rita Alvarez")
    shot(page, "change-carries-name")


def test_a_new_tab_has_the_name_and_clearing_it_forgets_it(page: Page, app_server, shot):
    url = app_server["url"]
    dialogs: list[str] = []
    page.context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    hostile = "<img src=x onerror=alert(1)> O'Neil \"Rita\""  # names are data, never HTML
    page.goto(f"{url}/")  # the Articles page is the default page
    _name_field(page)
    assert _stored(page) is None
    set_name(page, hostile)
    page.wait_for_function("([k, v]) => window.localStorage.getItem(k) === v", arg=[STORAGE_KEY, hostile])

    tab = page.context.new_page()
    tab.goto(f"{url}/")
    expect(_name_field(tab)).to_have_value(hostile)
    expect(tab.get_by_text(CAPTION)).to_have_count(0)
    shot(tab, "new-tab")

    # clearing the field forgets the name: a reload starts empty
    field = _name_field(tab)
    field.fill("")
    field.press("Enter")
    expect(tab.get_by_text(CAPTION)).to_be_visible()
    tab.wait_for_function("(k) => window.localStorage.getItem(k) === null", arg=STORAGE_KEY)
    tab.reload()
    field = _name_field(tab)
    expect(tab.get_by_text(CAPTION)).to_be_visible()
    tab.wait_for_timeout(1000)  # time for the component to (wrongly) report a stored name
    expect(field).to_have_value("")
    shot(tab, "cleared")
    assert page.locator("img[src='x']").count() == 0 and tab.locator("img[src='x']").count() == 0
    assert dialogs == []
    tab.close()


def test_opening_an_article_from_the_library_keeps_the_name(page: Page, app_server, shot):
    """The bug: "Open in workspace" on the Articles page wiped the remembered name (the field still
    showed it, the caption asked for a name, and the browser's stored name was deleted)."""
    url = app_server["url"]
    page.goto(url)  # the Articles page is the app's first page
    field = _name_field(page)
    set_name(page, "Rita Alvarez")
    page.wait_for_function("(k) => window.localStorage.getItem(k) === 'Rita Alvarez'", arg=STORAGE_KEY)
    page.get_by_test_id("stDataFrame").first.wait_for()
    page.get_by_role("button", name="Open in workspace").first.click()
    expect(page.get_by_test_id("span-select")).to_be_visible(timeout=30_000)
    field = _name_field(page)
    expect(field).to_have_value("Rita Alvarez")
    expect(page.get_by_text(CAPTION)).to_have_count(0)
    assert _stored(page) == "Rita Alvarez"
    page.reload()
    expect(_name_field(page)).to_have_value("Rita Alvarez")
    expect(page.get_by_text(CAPTION)).to_have_count(0)
    shot(page, "after-open-in-workspace")
