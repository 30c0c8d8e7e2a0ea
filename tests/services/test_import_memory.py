"""Every import's memory is bounded: measured in a fresh process, on crafted bombs built here."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from workbench.errors import ImportRefused
from workbench.ingest import MAX_FILE_BYTES, formats, from_file

ROOT = Path(__file__).resolve().parents[2]
# Peak memory above the interpreter with its imports loaded, for any import below.
BOUND_MB = 200
MEASURE = """
import json, resource, sys
from workbench.ingest import from_file
from workbench.errors import ImportRefused
import workbench.ingest.formats  # the decoders, loaded before the baseline
data = open(sys.argv[2], "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    outcome = "imported %d characters" % len(from_file(sys.argv[1], data).body)
except ImportRefused as refused:
    outcome = str(refused)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "grew_mb": (peak - base) / 1024}))
"""


def docx_with_body(body_xml: bytes, *, declared_size: int | None = None) -> bytes:
    """A .docx whose word/document.xml body is `body_xml`, deflated (and optionally lying about its size)."""
    plain = io.BytesIO()
    docx.Document().save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                head = data.partition(b"<w:body>")[0]
                data = head + b"<w:body>" + body_xml + b"</w:body></w:document>"
            target.writestr(item.filename, data)
    return out.getvalue()


def measure(tmp_path: Path, filename: str, data: bytes) -> dict:
    path = tmp_path / filename
    path.write_bytes(data)
    result = subprocess.run([sys.executable, "-c", MEASURE, filename, str(path)], cwd=ROOT, timeout=300,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, check=True)
    return json.loads(result.stdout)


def test_a_zip_bomb_docx_is_refused_before_it_is_unpacked(tmp_path):
    bomb = docx_with_body(b"<w:p><w:r><w:t>" + b"A" * 400_000_000 + b"</w:t></w:r></w:p>")
    assert len(bomb) < 1_000_000  # 400 MB of text deflates to well under a megabyte
    result = measure(tmp_path, "bomb.docx", bomb)
    assert "unpacks to more than 30,000,000 bytes" in result["outcome"]
    assert result["grew_mb"] < 20


def test_a_docx_padded_with_empty_paragraphs_is_streamed_in_bounded_memory(tmp_path):
    padded = docx_with_body(b"<w:p/>" * 1_500_000 + b"<w:p><w:r><w:t>Real text.</w:t></w:r></w:p>")
    result = measure(tmp_path, "padded.docx", padded)
    assert result["outcome"] == "imported 10 characters"
    assert result["grew_mb"] < BOUND_MB


def test_a_docx_of_nearly_five_million_characters_imports_in_bounded_memory(tmp_path):
    words = b"<w:p><w:r><w:t>" + b"word " * 200 + b"</w:t></w:r></w:p>"
    result = measure(tmp_path, "long.docx", docx_with_body(words * 4_900))
    assert result["outcome"].startswith("imported 49")
    assert result["grew_mb"] < BOUND_MB


@pytest.mark.parametrize("filename", ["big.txt", "big.html"])
def test_a_text_or_html_file_at_the_size_limit_is_refused_in_bounded_memory(tmp_path, filename):
    result = measure(tmp_path, filename, b"<p>" + b"a" * (MAX_FILE_BYTES - 10) + b"</p>")
    assert not result["outcome"].startswith("imported")
    assert result["grew_mb"] < 2 * BOUND_MB  # the 50 MB file and its decoded text


def test_a_docx_that_lies_about_its_size_cannot_unpack_more(monkeypatch):
    data = docx_with_body(b"<w:p><w:r><w:t>" + b"A" * 100_000 + b"</w:t></w:r></w:p>")
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer) as package:
        info = package.getinfo("word/document.xml")
    lied = data.replace(info.file_size.to_bytes(4, "little"), (1_000).to_bytes(4, "little"))
    with pytest.raises(ImportRefused, match="damaged|not a valid Word document"):
        from_file("liar.docx", lied)


def test_a_docx_with_too_many_elements_is_refused(monkeypatch):
    monkeypatch.setattr(formats, "_DOCX_MAX_ELEMENTS", 1_000)
    with pytest.raises(ImportRefused, match="more than 1,000 XML elements"):
        from_file("padded.docx", docx_with_body(b"<w:p/>" * 2_000))
