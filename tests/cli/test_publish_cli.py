"""The publishing commands: ClaimReview's address, the report, other desks' fact checks, rechecks."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "workbench" / "data" / "ketamine-therapy.txt"
runner = CliRunner()


@pytest.fixture
def cli(db_url, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", db_url)
    for name in ("WORKBENCH_ACTOR", "WORKBENCH_FACTCHECK_URL", "WORKBENCH_DESK_URL", "WORKBENCH_DESK_NAME"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str, actor: str | None = "rita", ok: bool = True):
        result = runner.invoke(app, list(args) + (["--actor", actor] if actor else []))
        if ok:
            assert result.exit_code == 0, result.output
        return result
    return run


@pytest.fixture
def checked_claim(cli) -> int:
    cli("import", str(DEMO))
    out = cli("claim", "add", "1", "--quote", "an estimated 70%", "--claimant", "Ketamine Institute",
              "--claimant-kind", "organization").output
    claim_id = int(out.split("claim #", 1)[1].split(" ", 1)[0])
    cli("claim", "cite", str(claim_id), "--url", "https://example.org/study")
    cli("claim", "verdict", str(claim_id), "--rating", "Mostly false", "--rationale", "Fewer <b>in trials</b>.")
    cli("claim", "check", str(claim_id))
    return claim_id


def test_claimreview_needs_an_address_and_set_url_gives_it(cli, checked_claim, tmp_path):
    refused = cli("export", "claimreview", "-o", "-", actor=None, ok=False)
    assert refused.exit_code == 1 and "WORKBENCH_FACTCHECK_URL" in refused.output
    assert "Traceback" not in refused.output
    assert "published at https://desk.example/ketamine" in cli(
        "claimreview", "set-url", "1", "https://desk.example/ketamine").output
    [item] = json.loads(cli("export", "claimreview", "--desk-url", "https://desk.example", "-o", "-",
                            actor=None).stdout)
    assert item["url"] == f"https://desk.example/ketamine#claim-{checked_claim}"
    assert item["author"]["url"] == "https://desk.example"
    assert item["itemReviewed"]["author"] == {"@type": "Organization", "name": "Ketamine Institute"}
    bad = cli("claimreview", "set-url", "1", "ftp://desk.example/x", ok=False)
    assert bad.exit_code == 1 and "fact-check URL" in bad.output


def test_the_report_is_written_as_html_or_markdown(cli, checked_claim, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_FACTCHECK_URL", "https://desk.example/{article_id}#claim-{claim_id}")
    path = tmp_path / "report.html"
    cli("report", "1", "--format", "html", "-o", str(path), actor=None)
    page = path.read_text(encoding="utf-8")
    assert page.count('<script type="application/ld+json">') == 1
    assert "Fewer &lt;b&gt;in trials&lt;/b&gt;." in page
    markdown = cli("report", "1", "--format", "md", "-o", "-", actor=None).stdout
    assert markdown.startswith("# Fact check:") and "Mostly false" in markdown
    wrong = cli("report", "1", "--format", "pdf", actor=None, ok=False)
    assert wrong.exit_code == 1 and "html or md" in wrong.output


def test_recheck_reports_each_source_and_needs_an_article_or_all(cli, checked_claim):
    out = cli("citations", "recheck", "1").output
    assert f"(claim #{checked_claim}) gone: https://example.org/study" in out
    assert 'Could not find the host "example.org"' in out
    assert "gone" in cli("citations", "recheck", "--all").output
    assert cli("citations", "recheck", ok=False).exit_code != 0


def test_other_desks_reviews_are_imported_and_matched(cli, checked_claim, tmp_path):
    page = tmp_path / "other.html"
    item = {"@context": "https://schema.org", "@type": "ClaimReview",
            "url": "https://other.example/checks/70",
            "claimReviewed": "An estimated 70% of people who try medically supervised ketamine feel better",
            "author": {"@type": "Organization", "name": "Other Desk", "url": "https://other.example"},
            "datePublished": "2025-05-01",
            "reviewRating": {"@type": "Rating", "alternateName": "Exaggerated"}}
    page.write_text(f'<html><head><script type="application/ld+json">{json.dumps(item)}</script></head>'
                    "<body>Other desk</body></html>", encoding="utf-8")
    assert "Imported 1 new fact check(s)" in cli("claimreview", "import", str(page)).output
    assert "0 new fact check(s) from other desks; 1 updated" in cli("claimreview", "import", str(page)).output
    cli("claim", "add", "1", "--quote", "ketamine resolves an opioid system")
    out = cli("matches", str(checked_claim), actor=None).output
    assert "Other Desk [Exaggerated] https://other.example/checks/70" in out
    missing = cli("claimreview", "import", str(tmp_path / "nope.json"), ok=False)
    assert missing.exit_code == 1 and "No file" in missing.output
