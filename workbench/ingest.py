"""Turn what a reviewer brings (pasted text, an uploaded file, a URL) into plain article text.

Every refusal is an `ImportRefused` whose message says what was wrong and what to do instead.
"""
from __future__ import annotations

import codecs
import datetime
import http.client
import io
import ipaddress
import os
import re
import socket
import time
import urllib.error
import urllib.request
import zipfile
from copy import deepcopy
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import PurePath
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import docx
import trafilatura
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from lxml import etree
from trafilatura.xml import xmltotxt

from workbench.errors import ImportRefused

MAX_TEXT_CHARS = 5_000_000
MAX_FILE_BYTES = 50_000_000
ACCEPTED_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".docx")
TITLE_MAX_CHARS = 120

_FORMAT_BY_EXTENSION = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".docx": "docx"}
# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 and C1 control characters except tab, newline, vertical tab, form feed and carriage return.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.05
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_MD_TITLE = re.compile(r"^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DOCX_MAX_UNPACKED_BYTES = 500_000_000  # a .docx that unpacks to more than this is a zip bomb
_READ_CHUNK = 64 * 1024
# Importing from loopback, private, link-local (cloud metadata) and other non-public addresses is refused
# unless this variable is 1 (or from_url is called with allow_private=True): server-side request forgery.
ALLOW_PRIVATE_URLS_ENV = "WORKBENCH_ALLOW_PRIVATE_URLS"
_NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")  # DNS64 networks map IPv4 addresses into it


@dataclass(frozen=True)
class ImportedDocument:
    """An article as imported: the body the reviewer anchors claims to, plus what is known about it."""

    title: str
    body: str
    format: str  # "text" | "txt" | "md" | "html" | "docx" | "url"
    source_url: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: datetime.date | None = None
    encoding: str | None = None


def from_text(text: str, *, title: str | None = None) -> ImportedDocument:
    """Import pasted text as is, with line endings normalised; the title defaults to its first line."""
    body = _normalise_newlines(text.removeprefix("\ufeff"))
    _check_text(body, "The pasted text")
    return ImportedDocument(title=_short_title(title) if title and title.strip() else _first_line_title(body),
                            body=body, format="text")


def from_file(filename: str, data: bytes) -> ImportedDocument:
    """Import an uploaded .txt, .md, .html/.htm or .docx file, chosen by its extension."""
    extension = PurePath(filename).suffix.lower()
    fmt = _FORMAT_BY_EXTENSION.get(extension)
    if fmt is None:
        kind = f'Files of type "{extension}"' if extension else f'The file "{filename}" has no extension and'
        raise ImportRefused(
            f"{kind} cannot be imported. Accepted file types: {', '.join(ACCEPTED_EXTENSIONS)}. "
            "Save the article in one of these formats, or paste its text."
        )
    what = f'The file "{filename}"'
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(
            f"{what} is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes. "
            "Save only the article text (for example as .txt) and import that."
        )
    if not data.strip():
        raise ImportRefused(f"{what} is empty. Choose the file that contains the article.")
    if fmt == "docx":
        return _from_docx(data, what)
    if fmt == "html":
        text, encoding = _decode(data, what, declared=_meta_charset(data))
        return _from_html(text, what, fmt="html", encoding=encoding)
    text, encoding = _decode(data, what)
    body = _normalise_newlines(text)
    _check_text(body, what)
    title = _markdown_title(body) if fmt == "md" else None
    return ImportedDocument(title=title or _first_line_title(body), body=body, format=fmt, encoding=encoding)


def from_url(url: str, *, timeout: float = 10, max_bytes: int = 10_000_000,
             allow_private: bool | None = None) -> ImportedDocument:
    """Fetch an http(s) page or plain-text document and import it; the final URL becomes source_url.

    Unless private addresses are allowed, the host of the URL and of every redirect must resolve only to
    public internet addresses, and the connection goes to the addresses that were checked.
    allow_private=None reads WORKBENCH_ALLOW_PRIVATE_URLS (1 allows) at call time.
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        shown = f'"{parts.scheme}:"' if parts.scheme else "an address without http:// or https://"
        raise ImportRefused(
            f"Only http:// and https:// addresses can be imported, not {shown}. "
            "Check the address, or upload the article as a file."
        )
    if not parts.hostname:
        raise ImportRefused(f'"{url}" has no host name. Check the address.')
    guard = not _private_urls_allowed(allow_private)
    if guard:
        _vetted_addresses(parts.hostname)
    data, final_url, content_type, charset = _fetch(url, timeout=timeout, max_bytes=max_bytes, guard=guard)
    what = f"The page at {final_url}"
    if not data.strip():
        raise ImportRefused(f"{what} is empty. Check the address.")
    if content_type is None:
        content_type = "text/html" if _looks_like_html(data) else "text/plain"
    if content_type in _HTML_TYPES:
        text, encoding = _decode(data, what, declared=charset or _meta_charset(data))
        return _from_html(text, what, fmt="url", encoding=encoding, url=final_url)
    if content_type == "text/plain":
        text, encoding = _decode(data, what, declared=charset)
        body = _normalise_newlines(text)
        _check_text(body, what)
        return ImportedDocument(title=_first_line_title(body), body=body, format="url",
                                source_url=final_url, encoding=encoding)
    raise ImportRefused(
        f'{what} is of type "{content_type}", which cannot be imported; only web pages (HTML) and plain '
        "text can. If it is a document, download it and upload it as a .txt, .md, .html or .docx file."
    )


def _fetch(url: str, *, timeout: float, max_bytes: int,
           guard: bool) -> tuple[bytes, str, str | None, str | None]:
    """Download a URL, enforcing the size limit while reading and the timeout for the whole transfer."""
    host = urlsplit(url).hostname
    request = urllib.request.Request(url, headers={"User-Agent": "ClaimWorkbench/0.1 (article import)"})
    deadline = time.monotonic() + timeout
    too_slow = ImportRefused(
        f"The server at {host} did not send the page within {timeout:g} seconds. "
        "Try again later, or save the page in your browser and upload the file."
    )
    try:
        with _opener(guard).open(request, timeout=timeout) as response:
            final_url = response.geturl()
            declared_length = response.headers.get("Content-Length", "")
            if declared_length.isdigit() and int(declared_length) > max_bytes:
                raise _too_big(final_url, max_bytes)
            chunks, received = [], 0
            while chunk := response.read1(_READ_CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise _too_big(final_url, max_bytes)
                if time.monotonic() > deadline:
                    raise too_slow
                chunks.append(chunk)
            has_type = response.headers.get("Content-Type") is not None
            content_type = response.headers.get_content_type() if has_type else None
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as error:
        error.close()
        raise ImportRefused(
            f"The server answered {error.code} {error.reason} for {error.filename}. Check the address; "
            "if the page needs a login, save it in your browser and upload the file."
        ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise too_slow from None
        if isinstance(error.reason, socket.gaierror):
            raise _host_not_found(host) from None
        raise ImportRefused(
            f"Could not connect to {host}: {error.reason}. Check the address and the network connection."
        ) from None
    except TimeoutError:
        raise too_slow from None
    except (HTTPException, OSError, ValueError) as error:
        raise ImportRefused(
            f"Downloading {url} failed: {error or type(error).__name__}. Try again, or save the page "
            "in your browser and upload the file."
        ) from None
    return b"".join(chunks), final_url, content_type, charset


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) addresses (urllib would also follow ftp) and, when guarded, only to
    hosts whose addresses are all public."""

    def __init__(self, guard: bool):
        super().__init__()
        self.guard = guard

    def http_error_302(self, req, fp, code, msg, headers):
        target = headers.get("Location") or headers.get("URI")
        if target and urlsplit(urljoin(req.full_url, target)).scheme.lower() not in ("http", "https"):
            fp.close()
            raise ImportRefused(
                f"{req.full_url} redirects to {target}, which is not an http(s) address; "
                "the redirect was not followed."
            )
        if target and self.guard:
            new_url = urljoin(req.full_url, target)
            try:
                _vetted_addresses(urlsplit(new_url).hostname or "")
            except ImportRefused as refusal:
                fp.close()
                raise ImportRefused(
                    f"{req.full_url} redirects to {new_url}; the redirect was not followed. {refusal}"
                ) from None
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(guard: bool) -> urllib.request.OpenerDirector:
    # Built by hand rather than with build_opener so that no file:, ftp: or data: handler exists.
    opener = urllib.request.OpenerDirector()
    if guard:
        http_handlers = (_PinnedHTTPHandler(), _PinnedHTTPSHandler())
    else:
        http_handlers = (urllib.request.HTTPHandler(), urllib.request.HTTPSHandler())
    for handler in (urllib.request.ProxyHandler(), *http_handlers, _HttpOnlyRedirects(guard),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def _private_urls_allowed(allow_private: bool | None) -> bool:
    if allow_private is not None:
        return allow_private
    return os.environ.get(ALLOW_PRIVATE_URLS_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _resolve(host: str) -> list[str]:
    """The IP addresses of a host name (an IP address stands for itself), in getaddrinfo's order."""
    name = host.rstrip(".").lower()
    if name == "invalid" or name.endswith(".invalid"):  # RFC 6761: answer "no such name" without asking DNS
        raise socket.gaierror(socket.EAI_NONAME, "reserved name that never resolves")
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _is_public_address(address: str) -> bool:
    """True when an address is on the public internet; an IPv6 address wrapping IPv4 is judged by both."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    candidates = [ip]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is a.b.c.d
            candidates = [ip.ipv4_mapped]
        elif ip in _NAT64_PREFIX:  # 64:ff9b::a.b.c.d reaches a.b.c.d through the NAT64 gateway
            candidates = [ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)]
        elif ip.sixtofour is not None:
            candidates.append(ip.sixtofour)
    return all(candidate.is_global and not (candidate.is_multicast or candidate.is_reserved
                                            or getattr(candidate, "is_site_local", False))
               for candidate in candidates)


def _vetted_addresses(host: str) -> list[str]:
    """Resolve a host, refusing it when it cannot be found or when any of its addresses is not public."""
    try:
        addresses = _resolve(host) if host else []
    except (socket.gaierror, UnicodeError):
        addresses = []
    if not addresses:
        raise _host_not_found(host)
    for address in addresses:
        if not _is_public_address(address):
            raise ImportRefused(
                f"The address {host} points inside this network ({address}); importing from private or "
                f"local addresses is switched off. Ask your administrator to set {ALLOW_PRIVATE_URLS_ENV}=1 "
                "if the desk needs it."
            )
    return addresses


def _host_not_found(host: str | None) -> ImportRefused:
    return ImportRefused(
        f'Could not find the host "{host}". Check the spelling of the address; if it is right, the site '
        "or the network may be down, so try again later."
    )


def _connect_vetted(address: tuple[str, int], timeout, source_address=None) -> socket.socket:
    """socket.create_connection, but only to addresses of the host vetted just now (no DNS rebinding)."""
    host, port = address
    last_error: OSError | None = None
    for ip in _vetted_addresses(host):
        try:
            return socket.create_connection((ip, port), timeout, source_address)
        except OSError as error:
            last_error = error
    raise last_error  # _vetted_addresses never returns an empty list


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_vetted


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    # The TLS certificate is still checked against the host name: only the TCP connection is pinned.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_vetted


def _through_proxy(req: urllib.request.Request) -> bool:
    # Through a configured proxy the connection goes to the proxy, which resolves the host itself.
    return req.has_proxy() or bool(getattr(req, "_tunnel_host", None))


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        if _through_proxy(req):
            return super().http_open(req)
        return self.do_open(_PinnedHTTPConnection, req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        if _through_proxy(req):
            return super().https_open(req)
        return self.do_open(_PinnedHTTPSConnection, req, context=self._context)


def _too_big(url: str, max_bytes: int) -> ImportRefused:
    return ImportRefused(
        f"The page at {url} is larger than the limit of {max_bytes:,} bytes; the download was stopped. "
        "Save the article text in your browser and paste or upload it instead."
    )


def _from_html(text: str, what: str, *, fmt: str, encoding: str, url: str | None = None) -> ImportedDocument:
    """Extract the main text and metadata of an HTML page with trafilatura."""
    _check_not_binary(text, what)
    extracted = trafilatura.bare_extraction(text, url=url, with_metadata=True, include_comments=False,
                                            include_tables=True, include_images=False, include_links=False)
    blocks = _html_blocks(extracted.body) if extracted is not None and extracted.body is not None else []
    body = "\n\n".join(blocks)
    if not body.strip():
        raise ImportRefused(
            f"No article text could be found in {what[0].lower()}{what[1:]}. The page may be empty, "
            "build its text with JavaScript, or not be an article; copy the article text and paste it "
            "instead."
        )
    _check_length(body, what)
    source_url = url
    if source_url is None and extracted.url and urlsplit(extracted.url).scheme in ("http", "https"):
        source_url = extracted.url  # the page's own canonical address, when saved from the web
    return ImportedDocument(
        title=_short_title(extracted.title) if extracted.title else _first_line_title(body),
        body=body, format=fmt, source_url=source_url,
        publisher=extracted.sitename or None, author=extracted.author or None,
        published=_parse_date(extracted.date), encoding=encoding,
    )


def _html_blocks(element: etree._Element) -> list[str]:
    """Render each block of trafilatura's body tree as text; blocks become blank-line-separated paragraphs."""
    blocks = []
    if element.text and element.text.strip():
        blocks.append(element.text.strip())
    for child in element:
        if child.tag == "div" and len(child):
            blocks.extend(_html_blocks(child))
            if child.tail and child.tail.strip():
                blocks.append(child.tail.strip())
            continue
        # xmltotxt renders lists, line breaks and tables as trafilatura's text output does.
        text = xmltotxt(deepcopy(child), include_formatting=False).strip()
        if text:
            blocks.append(text)
    return blocks


def _from_docx(data: bytes, what: str) -> ImportedDocument:
    """Read a Word document: paragraphs and tables in order, joined by blank lines."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if "word/document.xml" not in package.namelist():
                raise ImportRefused(
                    f"{what} is a ZIP archive but not a Word document (word/document.xml is missing). "
                    "Open it in Word and save it as .docx, or paste its text."
                )
            if sum(info.file_size for info in package.infolist()) > _DOCX_MAX_UNPACKED_BYTES:
                raise ImportRefused(
                    f"{what} unpacks to more than {_DOCX_MAX_UNPACKED_BYTES:,} bytes. "
                    "Save the article text as .txt and upload that."
                )
    except zipfile.BadZipFile:
        raise ImportRefused(
            f"{what} is not a valid Word document (it is not a .docx package). If it is an old .doc "
            "file, open it in Word and save it as .docx; otherwise paste its text."
        ) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as error:
        raise ImportRefused(
            f"{what} is damaged and cannot be read ({error}). Open it in Word and save it again, "
            "or paste its text."
        ) from None
    blocks = []
    for item in document.iter_inner_content():
        text = _docx_table_text(item) if isinstance(item, Table) else item.text
        text = _normalise_newlines(text)
        if text.strip():
            blocks.append(text)
    body = "\n\n".join(blocks)
    if not body.strip():
        raise ImportRefused(f"{what} contains no text. Choose the document that contains the article.")
    _check_length(body, what)
    title = (document.core_properties.title or "").strip()
    return ImportedDocument(title=_short_title(title) if title else _first_line_title(body),
                            body=body, format="docx")


def _docx_table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:  # a merged cell is listed once per grid column it spans
                seen.add(id(cell._tc))
                cells.append(cell.text.strip())
        rows.append(" | ".join(cells))
    return "\n".join(rows)


def _decode(data: bytes, what: str, *, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes: BOM, then UTF-8, then a declared charset, then charset-normalizer's best guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).removeprefix("\ufeff"), encoding
            except UnicodeDecodeError:
                raise _undecodable(what) from None
    if b"\x00" in data:
        raise ImportRefused(
            f"{what} looks like binary data (it contains NUL bytes), not text. "
            "Check that you chose the right file; it must contain the article as text."
        )
    candidates = ["utf-8"]
    if declared and _usable_charset(declared):
        candidates.append(declared)
    for encoding in candidates:
        try:
            return data.decode(encoding), codecs.lookup(encoding).name
        except UnicodeDecodeError:
            pass
    encoding = _guess_encoding(data)
    if encoding is None:
        raise _undecodable(what)
    return data.decode(encoding), encoding


def _guess_encoding(data: bytes) -> str | None:
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        return None
    # Short Western text often decodes identically in several legacy code pages, and the detector
    # then picks e.g. cp1250 and turns "naïve" into "naďve"; among equally good guesses, cp1252
    # (what "latin-1" means on the web) is by far the most likely.
    for result in results:
        if (result.chaos, result.coherence) == (best.chaos, best.coherence) \
                and "cp1252" in result.could_be_from_charset:
            return "cp1252"
    return best.encoding


def _usable_charset(name: str) -> bool:
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return False
    # A page cannot declare UTF-16/32 for bytes without a BOM; browsers read that as UTF-8 too.
    return not codec.name.startswith(("utf-16", "utf-32"))


def _undecodable(what: str) -> ImportRefused:
    return ImportRefused(
        f"{what} could not be decoded as text in any known encoding; it may be binary data. "
        "Save it as UTF-8 text and try again."
    )


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _check_text(text: str, what: str) -> None:
    """Refuse text that is empty, binary-looking or longer than MAX_TEXT_CHARS."""
    if not text.strip():
        raise ImportRefused(f"{what} is empty (or only whitespace). Provide the article text and try again.")
    _check_length(text, what)
    _check_not_binary(text, what)


def _check_length(text: str, what: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise ImportRefused(
            f"{what} is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,} characters "
            "(about 5 MB). Import only the article, or split it into parts."
        )


def _check_not_binary(text: str, what: str) -> None:
    if "\x00" in text:
        raise ImportRefused(
            f"{what} contains NUL characters, so it is binary data rather than text. "
            "Check that you chose the right file or copied the right text."
        )
    controls = sum(1 for _ in _CONTROL_CHARS.finditer(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise ImportRefused(
            f"{what} looks like binary data ({controls:,} of {len(text):,} characters are control "
            "characters), not text. Check that you chose the right file."
        )


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _markdown_title(text: str) -> str | None:
    match = _MD_TITLE.search(text)
    return _short_title(match.group(1)) if match else None


def _first_line_title(body: str) -> str:
    line = next((line for line in body.splitlines() if line.strip()), "")
    return _short_title(line)


def _short_title(text: str) -> str:
    """Collapse whitespace and cut a title to about TITLE_MAX_CHARS characters at a word boundary."""
    title = " ".join(text.split())
    if len(title) <= TITLE_MAX_CHARS:
        return title
    cut = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] or title[:TITLE_MAX_CHARS]
    return cut.rstrip(" ,;:-") + "\u2026"


def _parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
