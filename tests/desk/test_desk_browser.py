"""Desk mode in real Chromium against a real OIDC provider: reviewers, editors and admins sign in,
each role does what it may and is refused what it may not, signing out leaves nothing to read,
and two app processes on one PostgreSQL refuse the second of two saves of the same claim."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import Session

from browser_steps import choose, select_text
from desk_steps import sign_in, sign_out
from db.engine import make_engine, session_scope
from db.tables import Claim
from workbench import claims, users

pytestmark = pytest.mark.browser
QUOTE = "For about 30% of people that finish the whole collection"


def _claim(db_url: str, quote: str = QUOTE) -> Claim:
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            return next(c for c in claims.list_claims(s, article_id=1) if c.quote == quote)
    finally:
        engine.dispose()


def _role(db_url: str, email: str) -> str:
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            return users.find_user(s, email).role
    finally:
        engine.dispose()


def _until(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_each_role_does_what_it_may_and_is_refused_what_it_may_not(browser: Browser, desk, shot):
    app, db_url = desk["urls"][0], desk["db_url"]

    # A visitor sees only the sign-in view, whatever address they open.
    visitor = browser.new_context().new_page()
    visitor.goto(app + "workspace?article=1")
    expect(visitor.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    expect(visitor.get_by_text("Page not found")).to_have_count(0)
    expect(visitor.get_by_text("Ketamine")).to_have_count(0)
    expect(visitor.get_by_test_id("span-select")).to_have_count(0)
    shot(visitor, "0-visitor")

    # Rita, a reviewer, makes a claim, cites, gives a verdict, marks it checked; she cannot approve.
    rita = browser.new_context().new_page()
    sign_in(rita, app, "rita@desk.example")
    expect(rita.get_by_text("Signed in as Rita (reviewer)")).to_be_visible()
    expect(rita.get_by_role("link", name="Users")).to_have_count(0)
    rita.goto(app + "workspace?article=1")
    text = rita.get_by_test_id("span-select")
    expect(text).to_be_visible(timeout=30_000)
    select_text(rita, text, 124, 180)
    rita.get_by_role("button", name="Create claim").click()
    expect(text.locator("mark[data-claim]")).to_have_text(QUOTE)
    claim = _claim(db_url)
    assert (claim.created_by, claim.verdict_by) == ("Rita", None)
    rita.goto(app + f"review?claim={claim.id}")
    expect(rita.get_by_role("heading", name=f"Claim #{claim.id}")).to_be_visible(timeout=30_000)
    form = rita.get_by_test_id("stForm").filter(has=rita.get_by_role("button", name="Add citation"))
    form.get_by_label("URL", exact=True).fill("https://example.org/ketamine-relapse-study")
    form.get_by_role("button", name="Add citation").click()
    expect(rita.get_by_role("heading", name="Citations (1)")).to_be_visible()
    choose(rita, "Rating", "Unproven")
    rita.get_by_label("Rationale", exact=True).fill("No published data supports the clinic's figure.")
    rita.get_by_role("button", name="Save verdict").click()
    rita.get_by_role("button", name="Mark checked").click()
    expect(rita.get_by_text("Status: checked")).to_be_visible()
    expect(rita.get_by_role("button", name="Approve")).to_be_disabled()
    expect(rita.get_by_text(re.compile("reviewers cannot approve"))).to_be_visible()
    shot(rita, "1-reviewer-cannot-approve")

    # Sam signs in for the first time: a reviewer, who cannot approve either.
    sam = browser.new_context().new_page()
    sign_in(sam, app, "sam@desk.example")
    expect(sam.get_by_text("Signed in as Sam (reviewer)")).to_be_visible()

    # Ada, the configured admin, makes Sam an editor on the Users page.
    ada = browser.new_context().new_page()
    sign_in(ada, app, "ada@desk.example")
    expect(ada.get_by_text("Signed in as Ada (admin)")).to_be_visible()
    ada.get_by_role("link", name="Users").click()
    expect(ada.get_by_role("heading", name="Users")).to_be_visible(timeout=30_000)
    choose(ada, "User", "Sam <sam@desk.example>")
    choose(ada, "New role", "editor")
    save = ada.get_by_role("button", name="Save role")
    expect(save).to_be_enabled(timeout=30_000)
    save.click()
    try:
        _until(lambda: _role(db_url, "sam@desk.example") == "editor", timeout=60)
    finally:
        shot(ada, "2-admin-saved-role")
    shot(ada, "2-admin-changed-role")

    # Sam, now an editor, approves Rita's verdict.
    sam.goto(app + f"review?claim={claim.id}")
    approve = sam.get_by_role("button", name="Approve")
    expect(approve).to_be_enabled(timeout=30_000)
    approve.click()
    expect(sam.get_by_text("approved by Sam")).to_be_visible()
    shot(sam, "3-editor-approved")
    claim = _claim(db_url)
    assert (claim.status, claim.approved_by, claim.verdict_by) == ("approved", "Sam", "Rita")
    assert claim.approved_by_id != claim.verdict_by_id

    # Rita signs out: nothing of the desk's work is left to read.
    sign_out(rita, app)
    expect(rita.get_by_test_id("span-select")).to_have_count(0)
    expect(rita.get_by_text(QUOTE)).to_have_count(0)
    rita.goto(app + f"review?claim={claim.id}")
    expect(rita.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    expect(rita.get_by_text(QUOTE)).to_have_count(0)
    shot(rita, "4-signed-out")


def test_two_app_processes_refuse_the_second_save_of_the_same_claim(browser: Browser, desk, shot):
    first_app, second_app = desk["urls"]
    db_url = desk["db_url"]
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        made = claims.create_claim_from_quote(s, article_id=1, quote="an estimated 70% of people",
                                              actor=users.operator())
        claim_id = made.id
    engine.dispose()
    rita = browser.new_context().new_page()
    sam = browser.new_context().new_page()
    sign_in(rita, first_app, "rita@desk.example")
    sign_in(sam, second_app, "sam@desk.example")
    for page, app in ((rita, first_app), (sam, second_app)):
        page.goto(app + f"review?claim={claim_id}")
        expect(page.get_by_role("heading", name=f"Claim #{claim_id}")).to_be_visible(timeout=30_000)
    expect(sam.get_by_text(re.compile(r"Also here: Rita"))).to_be_visible(timeout=30_000)

    choose(rita, "Rating", "Unproven")
    rita.get_by_label("Rationale", exact=True).fill("Rita: the clinic gives no source.")
    rita.get_by_role("button", name="Save verdict").click()
    expect(rita.get_by_text("Status: in review")).to_be_visible()

    choose(sam, "Rating", "False")
    sam.get_by_label("Rationale", exact=True).fill("Sam: a 2023 study found 28%.")
    sam.get_by_role("button", name="Save verdict").click()
    expect(sam.get_by_text(re.compile("changed by Rita"))).to_be_visible(timeout=30_000)
    shot(sam, "conflict-across-processes")

    engine = make_engine(db_url)
    with Session(engine) as s:
        stored = s.get(Claim, claim_id)
        assert stored.rationale == "Rita: the clinic gives no source."
        assert stored.verdict_by == "Rita"
    engine.dispose()
