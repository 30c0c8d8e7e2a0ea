"""Turn what a reviewer brings (pasted text, an uploaded file, a URL) into plain article text.

Every refusal is an `ImportRefused` whose message says what was wrong and what to do instead. This
module is light (the limits and `ImportedDocument`); the decoders (`formats`) and the guarded HTTP
client (`fetch`) are imported when a document is imported.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

from workbench.errors import ImportRefused

MAX_TEXT_CHARS = 5_000_000
MAX_FILE_BYTES = 50_000_000
ACCEPTED_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".docx")
TITLE_MAX_CHARS = 120
# Limits of every download (URL import and source archiving): seconds for the whole transfer, bytes.
FETCH_TIMEOUT = 10.0
FETCH_MAX_BYTES = 10_000_000

_FORMAT_BY_EXTENSION = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".docx": "docx"}
_HTML_TYPES = ("text/html", "application/xhtml+xml")


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


def check_size(size: int, what: str) -> None:
    """Refuse input of more than MAX_FILE_BYTES; edges call it before reading a file (stat)."""
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            f"{what} is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes. "
            "Save only the article text (for example as .txt) and import that."
        )


def from_text(text: str, *, title: str | None = None) -> ImportedDocument:
    """Import pasted text as is, with line endings normalised; the title defaults to its first line."""
    from workbench.ingest.formats import check_text, first_line_title, normalise_newlines, short_title

    body = normalise_newlines(text.removeprefix("\ufeff"))
    check_text(body, "The pasted text")
    return ImportedDocument(title=short_title(title) if title and title.strip() else first_line_title(body),
                            body=body, format="text")


def from_file(filename: str, data: bytes) -> ImportedDocument:
    """Import an uploaded .txt, .md, .html/.htm or .docx file, chosen by its extension."""
    from workbench.ingest.formats import (check_text, decode, first_line_title, from_docx, from_html, markdown_title,
                                          meta_charset, normalise_newlines)

    extension = PurePath(filename).suffix.lower()
    fmt = _FORMAT_BY_EXTENSION.get(extension)
    if fmt is None:
        kind = f'Files of type "{extension}"' if extension else f'The file "{filename}" has no extension and'
        raise ImportRefused(
            f"{kind} cannot be imported. Accepted file types: {', '.join(ACCEPTED_EXTENSIONS)}. "
            "Save the article in one of these formats, or paste its text."
        )
    what = f'The file "{filename}"'
    check_size(len(data), what)
    if not data.strip():
        raise ImportRefused(f"{what} is empty. Choose the file that contains the article.")
    if fmt == "docx":
        return from_docx(data, what)
    if fmt == "html":
        text, encoding = decode(data, what, declared=meta_charset(data))
        return from_html(text, what, fmt="html", encoding=encoding)
    text, encoding = decode(data, what)
    body = normalise_newlines(text)
    check_text(body, what)
    title = markdown_title(body) if fmt == "md" else None
    return ImportedDocument(title=title or first_line_title(body), body=body, format=fmt, encoding=encoding)


def from_url(url: str, *, timeout: float = FETCH_TIMEOUT, max_bytes: int = FETCH_MAX_BYTES,
             allow_private: bool | None = None) -> ImportedDocument:
    """Fetch an http(s) page or plain-text document and import it; the final URL becomes source_url.

    Unless private addresses are allowed, the host of the URL and of every redirect must resolve only to
    public internet addresses, and the connection goes to the addresses that were checked.
    allow_private=None reads WORKBENCH_ALLOW_PRIVATE_URLS (1 allows) at call time.
    """
    from workbench.ingest import fetch as http
    from workbench.ingest.formats import (check_text, decode, first_line_title, from_html, looks_like_html,
                                          meta_charset, normalise_newlines)

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
    guard = not http.private_urls_allowed(allow_private)
    if guard:
        http.vetted_addresses(parts.hostname)
    data, final_url, content_type, charset = http.fetch(url, timeout=timeout, max_bytes=max_bytes, guard=guard)
    what = f"The page at {final_url}"
    if not data.strip():
        raise ImportRefused(f"{what} is empty. Check the address.")
    if content_type is None:
        content_type = "text/html" if looks_like_html(data) else "text/plain"
    if content_type in _HTML_TYPES:
        text, encoding = decode(data, what, declared=charset or meta_charset(data))
        return from_html(text, what, fmt="url", encoding=encoding, url=final_url)
    if content_type == "text/plain":
        text, encoding = decode(data, what, declared=charset)
        body = normalise_newlines(text)
        check_text(body, what)
        return ImportedDocument(title=first_line_title(body), body=body, format="url",
                                source_url=final_url, encoding=encoding)
    raise ImportRefused(
        f'{what} is of type "{content_type}", which cannot be imported; only web pages (HTML) and plain '
        "text can. If it is a document, download it and upload it as a .txt, .md, .html or .docx file."
    )
