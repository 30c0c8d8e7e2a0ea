"""Archived sources: a cited page is fetched through import's guarded client when the citation is
added, and fetched again to flag it unchanged, changed (with a word diff) or gone. The pages come
from a local server started here; nothing reaches the network."""
from __future__ import annotations

import hashlib
import ipaddress
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from workbench import archive, citations, ingest
from workbench.ingest import fetch

from desk_data import make_article, make_claim

ARTICLE = """<!doctype html><html><head><title>{title}</title></head><body>
<nav>Home | About | Contact</nav>
<article><h1>{title}</h1>
<p>The national statistics office reported on Tuesday that {figure} percent of households in the
region had access to broadband internet at the end of last year, up from the year before.</p>
<p>The report, based on a survey of twelve thousand homes, found the largest gains in rural areas,
where new fibre lines reached many villages for the first time.</p>
</article><footer>Copyright the statistics office</footer></body></html>"""


def page(title: str = "Broadband report", figure: str = "40") -> bytes:
    return ARTICLE.format(title=title, figure=figure).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    pages: dict[str, bytes]
    requests: list[str]
    release: threading.Event

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.requests.append(self.path)
        try:
            if self.path == "/redirect":
                self._redirect("/stable")
            elif self.path == "/redirect-to-private":
                self._redirect("http://10.0.0.1/internal")
            elif self.path == "/slow":
                self.release.wait(10)
                self._send(page())
            elif self.path in self.pages:
                self._send(self.pages[self.path])
            else:
                self.send_error(404, "Not Found")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _redirect(self, target: str):
        self.send_response(302)
        self.send_header("Location", target)
        self.end_headers()

    def _send(self, body: bytes):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site():
    """A local web server whose pages a test changes (site.pages) and the paths it was asked for."""
    pages = {"/stable": page(), "/changing": page(), "/vanishing": page(), "/large": b"x" * 300_000}
    handler = type("Handler", (_Handler,), {"pages": pages, "requests": [], "release": threading.Event()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{httpd.server_address[1]}", pages=pages,
                          requests=handler.requests)
    handler.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(autouse=True)
def guard_on(monkeypatch):
    """Archiving on and the private-address guard on, whatever the environment of the run says."""
    monkeypatch.delenv(fetch.ALLOW_PRIVATE_URLS_ENV, raising=False)
    monkeypatch.delenv(archive.ARCHIVE_ENV, raising=False)


@pytest.fixture
def loopback_allowed(monkeypatch):
    monkeypatch.setenv(fetch.ALLOW_PRIVATE_URLS_ENV, "1")


@pytest.fixture
def loopback_counts_as_public(monkeypatch):
    """Keep the guard on but let it accept loopback, so that the local server plays a public site."""
    public = fetch._is_public_address
    monkeypatch.setattr(fetch, "_is_public_address",
                        lambda address: ipaddress.ip_address(address).is_loopback or public(address))


@pytest.fixture
def claim(session):
    article = make_article(session, "Broadband reached 40 percent of homes, the office said.\n")
    return make_claim(session, article, "Broadband reached 40 percent of homes, the office said.",
                      urls=(), rating=None, check=False)


def cite(session, claim, url):
    citation = citations.add_citation(session, claim_id=claim.id, actor="Ana", url=url)
    [row] = archive.history(session, citation.id)
    return citation, row


def test_adding_a_citation_archives_the_pages_main_text_hash_status_and_final_url(session, claim, site,
                                                                                    loopback_allowed):
    _, row = cite(session, claim, site.url + "/redirect")
    assert row.outcome == "archived" and row.error is None
    assert row.url == site.url + "/redirect" and row.final_url == site.url + "/stable"
    assert row.http_status == 200
    assert row.sha256 == hashlib.sha256(page()).hexdigest()
    assert "40 percent of households" in row.main_text and "Home | About" not in row.main_text
    assert row.content_type == "text/html" and row.fetched_by == "Ana" and row.fetched_at is not None


def test_checking_again_flags_unchanged_changed_with_a_word_diff_and_gone(session, claim, site,
                                                                          loopback_allowed):
    made = {path: cite(session, claim, site.url + path)[0] for path in ("/stable", "/changing", "/vanishing")}
    site.pages["/stable"] = page().replace(b"Home | About", b"Home | Jobs")  # furniture, not the text
    site.pages["/changing"] = page(figure="45")
    del site.pages["/vanishing"]
    results = {r.citation_id: r for r in archive.recheck_sources(session, actor="Ben",
                                                                 article_id=claim.article_id)}
    assert results[made["/stable"].id].outcome == "unchanged"
    changed = results[made["/changing"].id]
    assert changed.outcome == "changed"
    assert "[-40-] {+45+}" in changed.diff and "percent of households" in changed.diff
    assert len(changed.diff) < 200, "long unchanged stretches are cut"
    gone = results[made["/vanishing"].id]
    assert gone.outcome == "gone" and "404" in gone.error
    rows = archive.history(session, made["/changing"].id)
    assert [r.outcome for r in rows] == ["archived", "changed"] and rows[1].diff == changed.diff
    assert archive.archived_copy(session, made["/changing"].id).main_text == rows[0].main_text


def test_a_redirect_to_a_private_address_is_refused_and_recorded_and_the_citation_kept(
        session, claim, site, loopback_counts_as_public):
    citation, row = cite(session, claim, site.url + "/redirect-to-private")
    assert citation.id is not None and citations.list_citations(session, claim_id=claim.id) == [citation]
    assert row.outcome == "failed" and row.sha256 is None and row.main_text is None
    assert "redirects to http://10.0.0.1/internal; the redirect was not followed" in row.error
    assert "points inside this network (10.0.0.1)" in row.error


def test_a_page_on_a_private_address_is_not_fetched_by_default(session, claim, site):
    _, row = cite(session, claim, site.url + "/stable")
    assert row.outcome == "failed" and "WORKBENCH_ALLOW_PRIVATE_URLS" in row.error
    assert site.requests == []


def test_a_page_over_the_size_limit_is_refused_and_recorded(session, claim, site, loopback_allowed,
                                                            monkeypatch):
    monkeypatch.setattr(archive, "MAX_BYTES", 100_000)
    _, row = cite(session, claim, site.url + "/large")
    assert row.outcome == "failed" and "larger than the limit of 100,000 bytes" in row.error


def test_a_slow_page_is_given_up_at_the_time_limit_and_recorded(session, claim, site, loopback_allowed,
                                                                monkeypatch):
    monkeypatch.setattr(archive, "TIMEOUT", 0.5)
    started = time.monotonic()
    _, row = cite(session, claim, site.url + "/slow")
    assert time.monotonic() - started < 5
    assert row.outcome == "failed" and "did not send the page within 0.5 seconds" in row.error


def test_the_default_fetch_of_a_public_site_fails_fast_in_the_tests_and_is_recorded(session, claim):
    started = time.monotonic()
    _, row = cite(session, claim, "https://example.org/report")
    assert time.monotonic() - started < 2
    assert row.outcome == "failed" and 'Could not find the host "example.org"' in row.error


def test_archiving_is_switched_off_with_the_setting(session, claim, site, loopback_allowed, monkeypatch):
    monkeypatch.setenv(archive.ARCHIVE_ENV, "0")
    citation = citations.add_citation(session, claim_id=claim.id, actor="Ana", url=site.url + "/stable")
    assert archive.history(session, citation.id) == [] and site.requests == []
    citations.add_citation(session, claim_id=claim.id, actor="Ana", url=site.url + "/stable", archive=True)
    assert site.requests == ["/stable"], "a caller can still ask for it"


def test_the_archive_uses_the_size_and_time_limits_of_import():
    assert (archive.MAX_BYTES, archive.TIMEOUT) == (ingest.FETCH_MAX_BYTES, ingest.FETCH_TIMEOUT)
    assert ingest.from_url.__kwdefaults__ == {"timeout": ingest.FETCH_TIMEOUT,
                                              "max_bytes": ingest.FETCH_MAX_BYTES, "allow_private": None}


def test_a_word_diff_marks_removed_and_added_words_and_cuts_long_unchanged_runs():
    old = " ".join(f"w{i}" for i in range(40)) + " old end"
    new = " ".join(f"w{i}" for i in range(40)) + " new end"
    assert archive.word_diff(old, new) == "\u2026 w34 w35 w36 w37 w38 w39 [-old-] {+new+} end"
    assert archive.word_diff("a b c", "a  b\nc") == "a b c"
