"""Steps of the desk-mode browser tests: signing in and out through the provider's pages."""
from __future__ import annotations

from playwright.sync_api import Page, expect

PEOPLE = {"ada@desk.example": "Ada", "sam@desk.example": "Sam", "rita@desk.example": "Rita"}


def sign_in(page: Page, app_url: str, sub: str) -> None:
    """Sign in through the provider's form as `sub`; lands back on the app, signed in."""
    page.goto(app_url)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(app_url + "**")
    expect(page.get_by_text(f"Signed in as {PEOPLE[sub]}")).to_be_visible(timeout=30_000)


def sign_out(page: Page, app_url: str) -> None:
    """Sign out through the app and the provider's end-session page."""
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(app_url + "**")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
