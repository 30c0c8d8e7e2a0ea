"""Tests of article import from pasted text, files and URLs (workbench.ingest)."""
from __future__ import annotations

import codecs
import datetime
import io
import ipaddress
import re
import socket
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest

from workbench import ingest
from workbench.ingest import fetch, formats
from workbench.errors import ImportRefused
from workbench.ingest import ImportedDocument, from_file, from_text, from_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
XSS_ARTICLE = FIXTURES / "xss-article.html"
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
             b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
             b"\x00\x00\x00IEND\xaeB`\x82")
SCRIPT_CODE = ("alert(1)", "alert(2)", "alert(3)", "onerror", "analyticsQueue", "track(", "document.write",
               "<script", "font-family")


def make_docx(paragraphs: list[str], *, title: str | None = None,
              table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rewrite_zip(data: bytes, *, drop: str | None = None, replace: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename == drop:
                continue
            target.writestr(item, (replace or {}).get(item.filename, source.read(item)))
    return out.getvalue()


# --- pasted text -------------------------------------------------------------------------------

def test_pasted_text_is_kept_as_is_apart_from_line_endings():
    text = "\ufeffHeadline  \r\n\r\nFirst  paragraph\twith “quotes” – and  spaces.\r\rSecond\xa0one.\n"
    doc = from_text(text)
    body = "Headline  \n\nFirst  paragraph\twith “quotes” – and  spaces.\n\nSecond\xa0one.\n"
    assert doc == ImportedDocument(
        title="Headline", body=body,
        format="text", source_url=None, publisher=None, author=None, published=None, encoding=None)


def test_pasted_text_title_defaults_to_the_first_non_empty_line():
    assert from_text("\n\n   \n  The real headline \nBody.").title == "The real headline"


def test_a_long_first_line_is_cut_to_a_short_title_at_a_word_boundary():
    line = "word " * 60
    title = from_text(line).title
    assert len(title) <= ingest.TITLE_MAX_CHARS + 1
    assert title.endswith("word\u2026")


def test_an_explicit_title_wins_over_the_first_line():
    assert from_text("First line\n\nBody", title="  Given title ").title == "Given title"


@pytest.mark.parametrize("text", ["", "   ", "\n\r\n\t "])
def test_empty_or_whitespace_only_pasted_text_is_refused(text):
    with pytest.raises(ImportRefused, match="The pasted text is empty"):
        from_text(text)


def test_pasted_text_longer_than_the_limit_is_refused_with_its_size_and_the_limit():
    with pytest.raises(ImportRefused) as refused:
        from_text("a" * (ingest.MAX_TEXT_CHARS + 1))
    assert "5,000,001 characters" in str(refused.value)
    assert "5,000,000 characters" in str(refused.value)


def test_pasted_text_at_exactly_the_limit_is_accepted():
    assert len(from_text("a" * ingest.MAX_TEXT_CHARS).body) == ingest.MAX_TEXT_CHARS


def test_pasted_text_with_nul_characters_is_refused():
    with pytest.raises(ImportRefused, match="NUL characters"):
        from_text("Some text\x00with a NUL")


# --- text and markdown files -------------------------------------------------------------------

def test_a_utf8_text_file_is_decoded_and_kept_verbatim():
    text = "Title\n\n  Indented “smart” quotes, emoji 🎉, tabs\tand trailing spaces   \n\n\n\nLast.\n"
    doc = from_file("article.txt", text.encode("utf-8"))
    assert (doc.body, doc.title, doc.format, doc.encoding) == (text, "Title", "txt", "utf-8")


def test_a_utf8_bom_is_stripped_and_recorded():
    doc = from_file("article.txt", codecs.BOM_UTF8 + "Café\n\nBody".encode())
    assert (doc.body, doc.encoding) == ("Café\n\nBody", "utf-8-sig")


def test_a_cp1252_file_is_detected_and_decoded():
    text = "café – “quoted”"
    doc = from_file("article.txt", text.encode("cp1252"))
    assert (doc.body, doc.encoding) == (text, "cp1252")


def test_a_latin1_file_keeps_its_accents():
    text = "Zürich, naïve façade at 50 °C ± 2, Ångström"
    doc = from_file("article.txt", text.encode("latin-1"))
    assert doc.body == text
    assert doc.encoding == "cp1252"  # identical to latin-1 for every printable character


def test_a_utf16_file_with_a_bom_is_decoded():
    text = "Überschrift\n\nEin Absatz mit “Zitat” – und 日本語."
    doc = from_file("article.txt", text.encode("utf-16"))
    assert (doc.body, doc.encoding) == (text, "utf-16")


def test_windows_and_old_mac_line_endings_become_newlines():
    assert from_file("a.txt", b"One\r\n\r\nTwo\r\rThree").body == "One\n\nTwo\n\nThree"


def test_the_extension_is_matched_case_insensitively():
    assert from_file("ARTICLE.TXT", b"Hello").format == "txt"


def test_markdown_keeps_its_markup_and_takes_its_title_from_the_first_heading():
    text = "Intro line\n\n# The *real* title #\n\nSome **bold** claim with a [link](https://example.org).\n"
    doc = from_file("notes.md", text.encode())
    assert (doc.body, doc.title, doc.format) == (text, "The *real* title", "md")


def test_markdown_without_a_heading_uses_its_first_line_as_title():
    assert from_file("notes.md", b"## Second level\n\nBody").title == "## Second level"


@pytest.mark.parametrize("filename", ["report.pdf", "old.doc", "notes"])
def test_an_unknown_extension_is_refused_with_the_accepted_types(filename):
    with pytest.raises(ImportRefused) as refused:
        from_file(filename, b"whatever")
    message = str(refused.value)
    assert "cannot be imported" in message
    assert ".txt, .md, .html, .htm, .docx" in message


@pytest.mark.parametrize("filename", ["a.txt", "a.md", "a.html", "a.htm", "a.docx"])
@pytest.mark.parametrize("data", [b"", b" \n\t\r\n"])
def test_an_empty_file_is_refused(filename, data):
    with pytest.raises(ImportRefused, match=f'The file "{filename}" is empty'):
        from_file(filename, data)


def test_a_utf16_file_with_only_whitespace_is_refused():
    with pytest.raises(ImportRefused, match="is empty"):
        from_file("a.txt", "  \n ".encode("utf-16"))


@pytest.mark.parametrize("filename", ["photo.txt", "photo.md", "photo.html"])
def test_a_binary_file_is_refused_with_a_clear_message(filename):
    with pytest.raises(ImportRefused, match=rf'The file "{filename}" looks like binary data \(it contains'):
        from_file(filename, PNG_BYTES)


def test_a_zip_renamed_to_txt_is_refused_as_binary():
    with pytest.raises(ImportRefused, match="binary data"):
        from_file("archive.txt", make_docx(["Hello"]))


def test_a_file_made_mostly_of_control_characters_is_refused():
    with pytest.raises(ImportRefused, match="control characters"):
        from_file("a.txt", bytes(range(1, 32)) * 20 + b"some text")


def test_a_text_file_longer_than_the_limit_is_refused_with_its_size_and_the_limit():
    with pytest.raises(ImportRefused) as refused:
        from_file("big.txt", b"a" * (ingest.MAX_TEXT_CHARS + 10))
    assert '"big.txt" is 5,000,010 characters long; the limit is 5,000,000 characters' in str(refused.value)


def test_a_file_larger_than_the_byte_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ImportRefused, match="is 1,001 bytes; the limit is 1,000 bytes"):
        from_file("big.html", b"<" * 1001)


# --- HTML files --------------------------------------------------------------------------------

def test_an_html_article_yields_blank_line_separated_paragraphs_and_its_metadata():
    doc = from_file("xss-article.html", XSS_ARTICLE.read_bytes())
    assert doc.format == "html"
    assert doc.title == "Harbour bridge repairs will cost twice the estimate, audit finds"
    assert (doc.author, doc.publisher, doc.published) == (
        "Maria Lindqvist", "The Riverside Courier", datetime.date(2024, 3, 14))
    assert doc.encoding == "utf-8"
    paragraphs = doc.body.split("\n\n")
    assert len(paragraphs) >= 5
    assert paragraphs[0].startswith("Repairs to the Harbour Bridge will cost the city at least 48 million")
    assert "Jonas Berg. He added that the council" in doc.body
    assert "\n\n\n" not in doc.body


def test_the_xss_fixture_keeps_the_article_text_and_drops_scripts_and_page_furniture():
    body = from_file("xss-article.html", XSS_ARTICLE.read_bytes()).body
    for code in SCRIPT_CODE:
        assert code not in body
    for furniture in ("Share on Facebook", "Post comment", "All rights reserved", "Politics", "Your comment"):
        assert furniture not in body
    assert "full statement from the department" in body
    assert "The council will debate the audit at its next meeting on 2 April." in body


def test_an_html_page_without_article_text_is_refused():
    page = b"<html><head><script>alert(1)</script></head><body><img src=x onerror='alert(2)'></body></html>"
    with pytest.raises(ImportRefused, match='No article text could be found in the file "empty.html"'):
        from_file("empty.html", page)


def test_an_html_page_in_the_charset_of_its_meta_tag_is_decoded():
    page = ('<html><head><meta charset="windows-1250"><title>Zpráva</title></head><body><article>'
            "<p>Příliš žluťoučký kůň úpěl ďábelské ódy, když se město chystalo na volby.</p>"
            "<p>Druhý odstavec článku o rozpočtu, který zastupitelstvo schválilo ve čtvrtek.</p>"
            "</article></body></html>")
    doc = from_file("zprava.htm", page.encode("cp1250"))
    assert doc.encoding == "cp1250"
    assert doc.body.startswith("Příliš žluťoučký kůň úpěl ďábelské ódy")
    assert doc.format == "html"


def test_html_lists_and_line_breaks_stay_inside_their_paragraph():
    page = (b"<html><body><article><p>The budget has three parts, according to the finance office of the city"
            b" council:</p><ul><li>roads</li><li>schools</li></ul><p>Line one<br>line two of the address.</p>"
            b"</article></body></html>")
    body = from_file("a.html", page).body
    assert "- roads\n- schools" in body
    assert "Line one\nline two" in body
    assert body.count("\n\n") == 2


# --- Word documents ----------------------------------------------------------------------------

def test_docx_paragraphs_are_joined_by_blank_lines_and_the_title_comes_from_its_properties():
    data = make_docx(["First paragraph.", "", "Second “paragraph”.", "Third."], title="Budget story")
    doc = from_file("story.docx", data)
    body = "First paragraph.\n\nSecond “paragraph”.\n\nThird."
    assert doc == ImportedDocument(title="Budget story", body=body, format="docx", source_url=None,
                                   publisher=None, author=None, published=None, encoding=None)


def test_a_docx_without_a_title_property_takes_its_first_paragraph_as_title():
    assert from_file("story.docx", make_docx(["", "Opening line", "More"], title="")).title == "Opening line"


def test_docx_tables_are_kept_in_order_as_rows():
    data = make_docx(["Before the table."], table=[["Year", "Cost"], ["2023", "25m"]])
    assert from_file("t.docx", data).body == "Before the table.\n\nYear | Cost\n2023 | 25m"


def test_a_docx_that_is_not_a_zip_is_refused():
    with pytest.raises(ImportRefused, match=r'"old\.docx" is not a valid Word document'):
        from_file("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old binary .doc file")


def test_a_zip_without_word_document_xml_is_refused():
    data = rewrite_zip(make_docx(["Hello"]), drop="word/document.xml")
    with pytest.raises(ImportRefused, match=r"ZIP archive but not a Word document \(word/document\.xml is"):
        from_file("fake.docx", data)


def test_a_docx_with_damaged_xml_is_refused():
    data = rewrite_zip(make_docx(["Hello"]), replace={"word/document.xml": b"<w:document><unclosed"})
    with pytest.raises(ImportRefused, match="is damaged and cannot be read"):
        from_file("broken.docx", data)


def test_a_docx_that_unpacks_to_an_enormous_size_is_refused(monkeypatch):
    monkeypatch.setattr(formats, "_DOCX_MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ImportRefused, match="unpacks to more than 1,000 bytes"):
        from_file("bomb.docx", make_docx(["Hello"]))


def test_a_docx_without_text_is_refused():
    with pytest.raises(ImportRefused, match="contains no text"):
        from_file("blank.docx", make_docx(["", "   "]))


# --- URLs --------------------------------------------------------------------------------------

_REAL_CREATE_CONNECTION = socket.create_connection


@pytest.fixture(autouse=True)
def only_loopback_traffic_and_no_opt_in_from_outside(monkeypatch):
    """No test may open a connection to anything but loopback, even if the guard under test is broken;
    and the guard starts switched on whatever the environment of the test run says."""
    def create_connection(address, *args, **kwargs):
        host = address[0]
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise AssertionError(f"a test tried to connect to {host}, which is not a loopback address")
        return _REAL_CREATE_CONNECTION(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.delenv(fetch.ALLOW_PRIVATE_URLS_ENV, raising=False)


class _Handler(BaseHTTPRequestHandler):
    release: threading.Event
    requests: list[str]

    def log_message(self, format, *args):  # keep the test output clean
        pass

    def do_GET(self):
        self.requests.append(self.path)
        route = getattr(self, "route_" + self.path.strip("/").replace("-", "_"), None)
        try:
            if route is None:
                self.send_error(404, "Not Found")
            else:
                route()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, which is what several tests check

    def _send(self, body: bytes, content_type: str | None, status: int = 200):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route_article(self):
        self._send(XSS_ARTICLE.read_bytes(), "text/html; charset=utf-8")

    def route_plain(self):
        body = "Plain headline\r\n\r\nA “plain” body.".encode("cp1252")
        self._send(body, "text/plain; charset=windows-1252")

    def route_untyped(self):
        self._send(b"No content type\n\nbody", None)

    def route_image(self):
        self._send(PNG_BYTES, "image/png")

    def route_redirect(self):
        self.send_response(302)
        self.send_header("Location", "/article")
        self.end_headers()

    def route_redirect_to_file(self):
        self.send_response(301)
        self.send_header("Location", "file:///etc/passwd")
        self.end_headers()

    def route_redirect_to_ftp(self):
        self.send_response(302)
        self.send_header("Location", "ftp://127.0.0.1/article.txt")
        self.end_headers()

    def route_redirect_to_metadata(self):
        self.send_response(302)
        self.send_header("Location", "http://169.254.169.254/latest/meta-data/iam/security-credentials/")
        self.end_headers()

    def route_slow(self):
        self.release.wait(10)
        self._send(b"too late", "text/plain")

    def route_trickle(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        while not self.release.wait(0.05):
            self.wfile.write(b"x")
            self.wfile.flush()

    def route_endless(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        chunk = b"a" * 65536
        while not self.release.is_set():
            self.wfile.write(chunk)

    def route_declared_huge(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(10**12))
        self.end_headers()


@pytest.fixture(scope="module")
def local_site():
    """A web server on 127.0.0.1, with the paths it was asked for; the private-address guard refuses it."""
    handler = type("Handler", (_Handler,), {"release": threading.Event(), "requests": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{httpd.server_address[1]}", port=httpd.server_address[1],
                          requests=handler.requests)
    handler.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def server(local_site, monkeypatch):
    """The local web server's address, with importing from private addresses switched on."""
    monkeypatch.setenv(fetch.ALLOW_PRIVATE_URLS_ENV, "1")
    return local_site.url


def test_a_url_page_is_fetched_and_its_article_extracted(server):
    doc = from_url(server + "/article")
    assert (doc.format, doc.source_url, doc.encoding) == ("url", server + "/article", "utf-8")
    assert doc.title == "Harbour bridge repairs will cost twice the estimate, audit finds"
    assert doc.body.startswith("Repairs to the Harbour Bridge")
    for code in SCRIPT_CODE:
        assert code not in doc.body


def test_a_plain_text_url_is_imported_as_text_in_its_declared_charset(server):
    doc = from_url(server + "/plain")
    assert (doc.body, doc.title) == ("Plain headline\n\nA “plain” body.", "Plain headline")
    assert doc.encoding == "cp1252"


def test_a_url_without_content_type_is_sniffed(server):
    assert from_url(server + "/untyped").body == "No content type\n\nbody"


def test_a_redirect_is_followed_and_the_final_url_kept(server):
    doc = from_url(server + "/redirect")
    assert doc.source_url == server + "/article"
    assert "Harbour Bridge" in doc.body


def test_a_404_is_refused_with_the_status(server):
    with pytest.raises(ImportRefused, match=r"server answered 404 Not Found for http://127\.0\.0\.1:\d+/"):
        from_url(server + "/missing")


def test_a_server_that_does_not_answer_in_time_is_refused(server):
    started = time.monotonic()
    with pytest.raises(ImportRefused, match=r"did not send the page within 0\.3 seconds"):
        from_url(server + "/slow", timeout=0.3)
    assert time.monotonic() - started < 3


def test_a_body_that_trickles_in_forever_is_stopped_by_the_timeout(server):
    started = time.monotonic()
    with pytest.raises(ImportRefused, match="did not send the page within 0.5 seconds"):
        from_url(server + "/trickle", timeout=0.5)
    assert time.monotonic() - started < 3


def test_an_endless_body_is_stopped_at_the_size_limit_while_streaming(server):
    with pytest.raises(ImportRefused, match="larger than the limit of 200,000 bytes; the download was stopp"):
        from_url(server + "/endless", max_bytes=200_000)


def test_a_declared_oversized_body_is_refused_before_downloading(server):
    with pytest.raises(ImportRefused, match="larger than the limit of 10,000,000 bytes"):
        from_url(server + "/declared-huge")


def test_an_unsupported_content_type_is_refused(server):
    with pytest.raises(ImportRefused, match='is of type "image/png", which cannot be imported'):
        from_url(server + "/image")


@pytest.mark.parametrize("path", ["/redirect-to-file", "/redirect-to-ftp"])
def test_a_redirect_to_a_non_http_address_is_not_followed(server, path):
    with pytest.raises(ImportRefused, match="is not an http\\(s\\) address; the redirect was not followed"):
        from_url(server + path)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/a.txt", "javascript:alert(1)",
                                 "data:text/plain,hello", "example.org/article"])
def test_addresses_other_than_http_and_https_are_refused(url):
    with pytest.raises(ImportRefused, match="Only http:// and https:// addresses can be imported"):
        from_url(url)


def test_an_address_without_a_host_is_refused():
    with pytest.raises(ImportRefused, match="has no host name"):
        from_url("http://")


def test_a_closed_port_is_refused_with_a_connection_message():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ImportRefused, match="Could not connect to 127.0.0.1: .*Check the address"):
        from_url(f"http://127.0.0.1:{port}/article", allow_private=True)


# --- URLs: private and local addresses (server-side request forgery) ----------------------------

@pytest.fixture
def loopback_counts_as_public(monkeypatch):
    """Keep the guard on but let it accept loopback, so that the local server can play a public site."""
    public = fetch._is_public_address
    monkeypatch.setattr(fetch, "_is_public_address",
                        lambda address: ipaddress.ip_address(address).is_loopback or public(address))


def test_a_url_on_127_0_0_1_is_refused_by_default_with_a_message_naming_the_address(local_site):
    with pytest.raises(ImportRefused) as refused:
        from_url(local_site.url + "/never-fetched")
    assert str(refused.value) == (
        "The address 127.0.0.1 points inside this network (127.0.0.1); importing from private or local "
        "addresses is switched off. Ask your administrator to set WORKBENCH_ALLOW_PRIVATE_URLS=1 if the "
        "desk needs it.")
    assert "/never-fetched" not in local_site.requests


def test_localhost_is_refused_by_default_with_the_address_it_resolves_to(local_site):
    with pytest.raises(ImportRefused,
                       match=r"The address localhost points inside this network \((127\.0\.0\.1|::1)\)"):
        from_url(f"http://localhost:{local_site.port}/never-fetched")
    assert "/never-fetched" not in local_site.requests


def test_a_redirect_from_an_allowed_server_to_the_cloud_metadata_address_is_refused(
        local_site, loopback_counts_as_public):
    with pytest.raises(ImportRefused) as refused:
        from_url(local_site.url + "/redirect-to-metadata")
    assert str(refused.value) == (
        f"{local_site.url}/redirect-to-metadata redirects to "
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/; the redirect was not followed. "
        "The address 169.254.169.254 points inside this network (169.254.169.254); importing from private "
        "or local addresses is switched off. Ask your administrator to set WORKBENCH_ALLOW_PRIVATE_URLS=1 if "
        "the desk needs it.")
    assert "/redirect-to-metadata" in local_site.requests  # the first hop was allowed and fetched


def test_with_the_guard_on_an_allowed_page_and_its_redirects_are_fetched_through_the_checked_address(
        local_site, loopback_counts_as_public):
    doc = from_url(local_site.url + "/redirect")
    assert doc.source_url == local_site.url + "/article"
    assert "Harbour Bridge" in doc.body


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_host_that_resolves_to_a_public_address_for_the_check_and_then_to_loopback_is_not_connected(
        local_site, monkeypatch, scheme):
    answers = iter([["93.184.215.14"]])  # DNS rebinding: public for the check, loopback for the connection
    monkeypatch.setattr(fetch, "_resolve", lambda host: next(answers, ["127.0.0.1"]))
    with pytest.raises(ImportRefused, match=r"The address rebinding\.example points inside this network "
                                            r"\(127\.0\.0\.1\)"):
        from_url(f"{scheme}://rebinding.example:{local_site.port}/never-fetched")
    assert "/never-fetched" not in local_site.requests


def test_https_with_the_guard_on_connects_to_the_checked_address(loopback_counts_as_public):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ImportRefused, match="Could not connect to 127.0.0.1: .*refused"):
        from_url(f"https://127.0.0.1:{port}/article")


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1", "169.254.169.254",
    "0.0.0.0", "100.64.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.1",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "::ffff:127.0.0.1",
    "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:a00:1::1",
])
def test_every_kind_of_non_public_address_is_refused(address):
    with pytest.raises(ImportRefused, match=rf"points inside this network \({re.escape(address)}\)"):
        fetch.vetted_addresses(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111",
                                     "::ffff:93.184.215.14", "64:ff9b::5db8:d70e"])
def test_public_addresses_pass_the_check(address):
    assert fetch.vetted_addresses(address) == [address]


def test_an_ipv6_private_address_in_a_url_is_refused():
    with pytest.raises(ImportRefused, match=r"The address fd00::1 points inside this network \(fd00::1\)"):
        from_url("http://[fd00::1]/article")


def test_the_environment_variable_opts_in_to_private_addresses(local_site, monkeypatch):
    monkeypatch.setenv("WORKBENCH_ALLOW_PRIVATE_URLS", "1")
    assert "Harbour Bridge" in from_url(local_site.url + "/article").body


@pytest.mark.parametrize("value", ["", "0", "no", "false"])
def test_other_values_of_the_environment_variable_keep_the_guard_on(local_site, monkeypatch, value):
    monkeypatch.setenv("WORKBENCH_ALLOW_PRIVATE_URLS", value)
    with pytest.raises(ImportRefused, match="points inside this network"):
        from_url(local_site.url + "/never-fetched")


def test_the_keyword_opts_in_and_overrides_the_environment_variable(local_site, monkeypatch):
    assert "Harbour Bridge" in from_url(local_site.url + "/article", allow_private=True).body
    monkeypatch.setenv("WORKBENCH_ALLOW_PRIVATE_URLS", "1")
    with pytest.raises(ImportRefused, match="points inside this network"):
        from_url(local_site.url + "/never-fetched", allow_private=False)
    assert "/never-fetched" not in local_site.requests


def test_an_unresolvable_host_is_refused_with_a_could_not_find_the_host_message():
    started = time.monotonic()
    with pytest.raises(ImportRefused,
                       match=r'Could not find the host "no-such-newsroom\.invalid"\. Check the spelling'):
        from_url("https://no-such-newsroom.invalid/article")
    assert time.monotonic() - started < 1


def test_a_host_name_that_dns_does_not_know_is_refused_with_the_same_message(monkeypatch):
    def unknown(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    with pytest.raises(ImportRefused, match=r'Could not find the host "unknown-host\.example"'):
        from_url("http://unknown-host.example/article")


def test_an_unknown_host_is_reported_as_such_also_with_private_addresses_allowed(monkeypatch):
    def unknown(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "create_connection", unknown)
    with pytest.raises(ImportRefused, match=r'Could not find the host "unknown-host\.example"'):
        from_url("http://unknown-host.example/article", allow_private=True)
