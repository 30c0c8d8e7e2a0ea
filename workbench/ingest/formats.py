"""Decoding of the formats an article arrives in: plain text and Markdown (with encoding detection),
HTML (main text and metadata through trafilatura) and .docx (python-docx), with the checks that
refuse empty, binary or oversized text."""
from __future__ import annotations

import codecs
import datetime
import io
import re
import zipfile
from copy import deepcopy
from urllib.parse import urlsplit

import charset_normalizer
import docx
import trafilatura
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from lxml import etree
from trafilatura.xml import xmltotxt

from workbench.errors import ImportRefused
from workbench.ingest import MAX_TEXT_CHARS, TITLE_MAX_CHARS, ImportedDocument

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
_DOCX_MAX_UNPACKED_BYTES = 500_000_000  # a .docx that unpacks to more than this is a zip bomb


def from_html(text: str, what: str, *, fmt: str, encoding: str, url: str | None = None) -> ImportedDocument:
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
        title=short_title(extracted.title) if extracted.title else first_line_title(body),
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


def from_docx(data: bytes, what: str) -> ImportedDocument:
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
        text = normalise_newlines(text)
        if text.strip():
            blocks.append(text)
    body = "\n\n".join(blocks)
    if not body.strip():
        raise ImportRefused(f"{what} contains no text. Choose the document that contains the article.")
    _check_length(body, what)
    title = (document.core_properties.title or "").strip()
    return ImportedDocument(title=short_title(title) if title else first_line_title(body),
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


def decode(data: bytes, what: str, *, declared: str | None = None) -> tuple[str, str]:
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


def meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def check_text(text: str, what: str) -> None:
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


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def markdown_title(text: str) -> str | None:
    match = _MD_TITLE.search(text)
    return short_title(match.group(1)) if match else None


def first_line_title(body: str) -> str:
    line = next((line for line in body.splitlines() if line.strip()), "")
    return short_title(line)


def short_title(text: str) -> str:
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
