"""A fact-checker and an editor do the whole job in a real browser (Chromium, real server)."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from db.engine import get_engine, make_engine, session_scope
from workbench import articles, claims
from workbench.ingest import from_file, from_text

from browser_steps import choose, select_text, set_name

pytestmark = pytest.mark.browser
QUOTE = "For about 30% of people that finish the whole collection"
ROOT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _claims(db_url: str, article_id: int = 1):
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            return claims.list_claims(s, article_id=article_id)
    finally:
        engine.dispose()


def _open_workspace(page: Page, url: str, article_id: int = 1):
    page.goto(f"{url}/workspace?article={article_id}")
    text = page.get_by_test_id("span-select")
    expect(text).to_be_visible(timeout=30_000)
    return text


def test_a_fact_checker_and_an_editor_check_the_demo_article(page: Page, app_server, shot):
    url, db_url = app_server["url"], app_server["db_url"]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # 1. select the words with a real mouse drag: the claim gets exactly those offsets
    text = _open_workspace(page, url)
    set_name(page, "rita")
    select_text(page, text, 124, 180)
    create = page.get_by_role("button", name="Create claim")
    expect(create).to_be_visible()
    expect(page.locator(".st-key-workspace-new_panel, [class*='st-key-workspace.new_panel']").first
           ).to_contain_text("124\u2013180")
    shot(page, "1-selected")
    create.click()
    expect(text.locator("mark[data-claim]")).to_have_text(QUOTE)
    shot(page, "1-created")
    [claim] = [c for c in _claims(db_url) if c.quote == QUOTE]
    assert (claim.start, claim.end, claim.created_by) == (124, 180, "rita")

    # 2. citation, verdict with rationale, mark checked
    page.get_by_role("button", name="Review").click()
    expect(page.get_by_role("heading", name=f"Claim #{claim.id}")).to_be_visible()
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Add citation"))
    form.get_by_label("URL", exact=True).fill("https://example.org/ketamine-relapse-study")
    choose(page, "Stance", "refutes", scope=form)
    choose(page, "Source type", "peer-reviewed study", scope=form)
    form.get_by_label("Title", exact=True).fill("Relapse after ketamine infusions")
    form.get_by_label("Quoted passage", exact=True).fill("Most patients relapsed within weeks.")
    form.get_by_role("button", name="Add citation").click()
    expect(page.get_by_role("heading", name="Citations (1)")).to_be_visible()
    choose(page, "Rating", "Unproven")
    page.get_by_label("Rationale", exact=True).fill("No published data supports the clinic's 30% figure.")
    page.get_by_role("button", name="Save verdict").click()
    check = page.get_by_role("button", name="Mark checked")
    expect(check).to_be_enabled()
    shot(page, "2-verdict")
    check.click()
    expect(page.get_by_text("Status: checked")).to_be_visible()
    approve = page.get_by_role("button", name="Approve")
    expect(approve).to_be_disabled()  # rita gave the verdict
    shot(page, "2-checked")

    # 3. an editor signs it off under their own name
    set_name(page, "sam")
    expect(approve).to_be_enabled()
    approve.click()
    expect(page.get_by_text("approved by sam")).to_be_visible()
    shot(page, "3-approved")
    [claim] = [c for c in _claims(db_url) if c.id == claim.id]
    assert (claim.status, claim.approved_by, claim.verdict_by) == ("approved", "sam", "rita")

    # 4. the CSV on the Export page carries the row
    page.goto(f"{url}/export")
    button = page.get_by_role("button", name="Download CSV")
    expect(button).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        button.click()
    frame = pd.read_csv(io.BytesIO(Path(download.value.path()).read_bytes()))
    row = frame[frame["claim_id"] == claim.id].iloc[0]
    assert (row["quote"], row["start"], row["end"], row["status"], row["verdict"], row["approver"]) == (
        QUOTE, 124, 180, "approved", "Unproven", "sam")
    shot(page, "4-export")
    assert dialogs == []


def test_hostile_article_text_renders_inert(page: Page, app_server, shot):
    url, db_url = app_server["url"], app_server["db_url"]
    pasted = "Pasted: <script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))"
    with session_scope(get_engine(db_url)) as s:
        html_id = articles.import_document(
            s, doc=from_file("xss-article.html", (ROOT_FIXTURES / "xss-article.html").read_bytes()),
            actor="rita").id
        text_id = articles.import_document(s, doc=from_text(pasted, title="Hostile <b>paste</b>"),
                                           actor="rita").id
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    text = _open_workspace(page, url, text_id)
    expect(text).to_have_text(pasted)
    expect(page.get_by_role("heading", name="Hostile <b>paste</b>")).to_be_visible()
    assert page.locator("[data-testid='stMain'] img[src='x']").count() == 0
    assert page.locator("[data-testid='stMain'] a[href^='javascript']").count() == 0
    shot(page, "pasted")
    text = _open_workspace(page, url, html_id)
    expect(text).to_contain_text("[click](javascript:alert(4))")
    assert page.locator("[data-testid='stMain'] a[href^='javascript']").count() == 0
    shot(page, "html")
    assert dialogs == []


def test_two_reviewers_saving_the_same_claim_see_a_conflict(browser, app_server, shot):
    url, db_url = app_server["url"], app_server["db_url"]
    with session_scope(get_engine(db_url)) as s:
        cid = claims.create_claim_from_quote(s, article_id=1, quote="an estimated 70% of people",
                                             actor="rita").id
    pages = []
    for name in ("rita", "sam"):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(f"{url}/review?claim={cid}")
        expect(page.get_by_role("heading", name=f"Claim #{cid}")).to_be_visible(timeout=30_000)
        set_name(page, name)
        pages.append(page)
    for page, (rating, rationale) in zip(pages, [("Mostly true", "Rita's reasons."),
                                                 ("False", "Sam's reasons.")]):
        choose(page, "Rating", rating)
        page.get_by_label("Rationale", exact=True).fill(rationale)
        page.get_by_role("button", name="Save verdict").click()
    rita, sam = pages
    expect(rita.get_by_text("Verdict by rita")).to_be_visible()
    expect(sam.get_by_text("was changed by rita")).to_be_visible()
    shot(sam, "conflict")
    # side by side: what sam typed, what rita saved; the form already shows rita's
    expect(sam.get_by_text("Sam's reasons.")).to_be_visible()
    expect(sam.get_by_label("Rationale", exact=True)).to_have_value("Rita's reasons.")
    sam.get_by_role("button", name="Save my choices").click()  # keep mine, for both fields
    expect(sam.get_by_text("Verdict by sam")).to_be_visible()
    expect(sam.get_by_label("Rationale", exact=True)).to_have_count(1)  # the old form is gone
    expect(sam.get_by_label("Rationale", exact=True)).to_have_value("Sam's reasons.")
    shot(sam, "resolved")
    for page in pages:
        page.context.close()
