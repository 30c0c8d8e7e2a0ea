"""In local mode the browser asks nothing of any host but the app's: no font CDN, no favicon service."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
PAGES = {"articles": "Open in workspace", "workspace?article=1": None, "review": None,
         "export": "Download CSV", "dashboard": None}


def test_no_request_goes_to_another_host_than_the_app(page: Page, app_server):
    app_host = urlsplit(app_server["url"]).netloc
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url)
            if urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(r.url).netloc != app_host else None)
    for path, button in PAGES.items():
        page.goto(f"{app_server['url']}/{path}")
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=60_000)
        if button:
            expect(page.get_by_role("button", name=button)).to_be_visible(timeout=60_000)
        expect(page.locator("[data-testid=stApp]")).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=60_000)
        page.wait_for_load_state("networkidle")
    favicon = page.locator("link[rel='shortcut icon']").get_attribute("href") or ""
    assert urlsplit(favicon).netloc in ("", app_host), favicon
    assert elsewhere == []
