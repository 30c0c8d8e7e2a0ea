"""Decoding of the formats an article arrives in: plain text and Markdown (with encoding detection),
HTML (main text and metadata through trafilatura) and .docx (python-docx), with the checks that
refuse empty, binary or oversized text."""
from __future__ import annotations

import codecs
import datetime
import io
import re
import zipfile
import zlib
from copy import deepcopy
from urllib.parse import urlsplit

import charset_normalizer
import trafilatura
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
# What a .docx with MAX_TEXT_CHARS (5 MB) of text can need: the text is at most ~6 MB of UTF-8 for
# Western text; Word wraps each run of it in markup (run properties, fonts, language) that roughly
# triples it in its own output; styles, theme, settings and fonts table add about 1 MB. 30 MB is
# that with room to spare; anything larger is padding or a zip bomb.
_DOCX_MAX_UNPACKED_BYTES = 6 * MAX_TEXT_CHARS
# Word starts a run at every change of formatting, about one per sentence or so: ~100,000 runs of
# ~8 elements each for 5 MB of text. Bounding elements bounds the time a padded document takes.
_DOCX_MAX_ELEMENTS = 2_000_000


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
    """Read a Word document: paragraphs and tables in order, joined by blank lines.

    The package's unpacked size is checked before anything is unpacked, and word/document.xml is
    parsed as a stream (each element dropped once read), so memory stays near the text's own size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if "word/document.xml" not in package.namelist():
                raise ImportRefused(
                    f"{what} is a ZIP archive but not a Word document (word/document.xml is missing). "
                    "Open it in Word and save it as .docx, or paste its text."
                )
            # The sizes in the ZIP directory bound what reading can produce: zipfile stops at the
            # declared size and then fails the CRC check, so a lying header cannot unpack more.
            if sum(info.file_size for info in package.infolist()) > _DOCX_MAX_UNPACKED_BYTES:
                raise ImportRefused(
                    f"{what} unpacks to more than {_DOCX_MAX_UNPACKED_BYTES:,} bytes, more than "
                    f"{MAX_TEXT_CHARS:,} characters of text can need. "
                    "Save the article text as .txt and upload that."
                )
            with package.open("word/document.xml") as stream:
                blocks = _docx_blocks(stream, what)
            title = _docx_title(package)
    except zipfile.BadZipFile:
        raise ImportRefused(
            f"{what} is not a valid Word document (it is not a .docx package). If it is an old .doc "
            "file, open it in Word and save it as .docx; otherwise paste its text."
        ) from None
    except (etree.XMLSyntaxError, EOFError, zlib.error, NotImplementedError) as error:
        raise ImportRefused(
            f"{what} is damaged and cannot be read ({error}). Open it in Word and save it again, "
            "or paste its text."
        ) from None
    body = "\n\n".join(blocks)
    if not body.strip():
        raise ImportRefused(f"{what} contains no text. Choose the document that contains the article.")
    _check_length(body, what)
    return ImportedDocument(title=short_title(title) if title else first_line_title(body),
                            body=body, format="docx")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_T, _BR = _W + "t", _W + "br"
# How the parts of a paragraph, table, row and cell are joined.
_JOINERS = {_W + "p": "", _W + "tc": "\n", _W + "tr": " | ", _W + "tbl": "\n"}
# What a run's pieces read as (python-docx's rendering); a page or column break reads as nothing.
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


def _docx_blocks(stream, what: str) -> list[str]:
    """The non-empty paragraphs and tables (rows of `a | b`) of word/document.xml, in order.

    Streamed: every element is cleared when it ends, so a document of a million empty paragraphs
    costs time in proportion but no memory."""
    blocks: list[str] = []
    open_parts: list[list[str]] = []  # one list per open paragraph, table, row or cell
    chars = elements = 0
    for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False,
                                          no_network=True, huge_tree=False):
        tag = element.tag
        if event == "start":
            if tag in _JOINERS:
                open_parts.append([])
            continue
        elements += 1
        if elements > _DOCX_MAX_ELEMENTS:
            raise ImportRefused(f"{what} has more than {_DOCX_MAX_ELEMENTS:,} XML elements, far more than "
                                f"{MAX_TEXT_CHARS:,} characters of text need (it is padded or a zip "
                                "bomb). Save the article text as .txt and upload that.")
        joiner = _JOINERS.get(tag)
        if joiner is not None:
            text = joiner.join(open_parts.pop())
            if tag == _W + "tc":
                text = text.strip()
            if open_parts:
                open_parts[-1].append(text)
            elif text.strip():
                blocks.append(normalise_newlines(text))
        elif open_parts:
            if tag == _T:
                piece = element.text or ""
            elif tag == _BR:
                piece = "\n" if element.get(_W + "type") in (None, "textWrapping") else ""
            else:
                piece = _RUN_TEXT.get(tag, "")
            if piece:
                open_parts[-1].append(piece)
                chars += len(piece)
                if chars > MAX_TEXT_CHARS:
                    raise _too_long(what, f"more than {MAX_TEXT_CHARS:,}")
        element.clear(keep_tail=False)
        previous = element.getprevious()
        while previous is not None:
            del element.getparent()[0]
            previous = element.getprevious()
    return blocks


def _docx_title(package: zipfile.ZipFile) -> str:
    """The title in the document's properties (docProps/core.xml), or ""."""
    try:
        info = package.getinfo("docProps/core.xml")
    except KeyError:
        return ""
    if info.file_size > 1_000_000:
        return ""
    root = etree.fromstring(package.read(info), etree.XMLParser(resolve_entities=False, no_network=True))
    title = root.find("{http://purl.org/dc/elements/1.1/}title")
    return (title.text or "").strip() if title is not None else ""


def decode(data: bytes, what: str, *, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes: BOM, then UTF-8, then a declared charset, then charset-normalizer's best guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).removeprefix("\ufeff"), encoding
            except UnicodeDecodeError:
                raise _undecodable(what) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            raise ImportRefused(
                f"{what} looks like UTF-16 text without a byte-order mark, but it does not decode as "
                "UTF-16. Save it as UTF-8 text and try again."
            ) from None
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


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes look like UTF-16 text without a BOM, else None.

    Text in Latin, Greek or Cyrillic script puts a zero in the high byte of most characters, so
    most zeros fall on one side of the byte pairs and none on the other; binary data has no such
    pattern."""
    sample = data[:65536]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd >= 0.3 * pairs and even <= 0.01 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.01 * pairs:
        return "utf-16-be"
    return None


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
        raise _too_long(what, f"{len(text):,}")


def _too_long(what: str, length: str) -> ImportRefused:
    return ImportRefused(
        f"{what} is {length} characters long; the limit is {MAX_TEXT_CHARS:,} characters "
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
