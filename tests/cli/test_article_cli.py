"""`workbench article edit`, `article correct`, `search`, and orphans in `show`."""
from __future__ import annotations

import json

from test_cli import DEMO, cli  # noqa: F401  (the fixture)

QUOTE = "For about 30% of people that finish the whole collection"


def test_article_edit_sets_the_details_and_refuses_a_bad_url_or_date(cli):  # noqa: F811
    cli("import", str(DEMO))
    out = cli("article", "edit", "1", "--url", "https://example.org/ketamine", "--publisher",
              "Health News", "--author", "A. Writer", "--published", "2024-03-18", "--title",
              "Ketamine").output
    assert "Article #1 \u201cKetamine\u201d saved" in out
    listed = json.loads(cli("list", "--json", actor=None).output)
    assert listed[0]["source_url"] == "https://example.org/ketamine"
    bad = cli("article", "edit", "1", "--url", "javascript:alert(1)", ok=False)
    assert bad.exit_code == 1 and "http:// or https://" in bad.output
    bad = cli("article", "edit", "1", "--published", "18/03/2024", ok=False)
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output
    assert cli("article", "edit", "1", ok=False).exit_code == 1


def test_article_correct_previews_then_corrects_and_show_marks_the_orphan(cli, tmp_path):  # noqa: F811
    cli("import", str(DEMO))
    cli("claim", "add", "1", "--quote", QUOTE)
    cli("claim", "add", "1", "--quote", "an estimated 70% of people")
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(DEMO.read_text(encoding="utf-8").replace(QUOTE, "For some people"),
                         encoding="utf-8")
    preview = cli("article", "correct", "1", "--body-file", str(corrected), "--dry-run").output
    assert "Would make revision 2" in preview and "1 orphaned" in preview and "#1" in preview
    assert "ORPHANED" not in cli("show", "1", actor=None).output
    done = cli("article", "correct", "1", "--body-file", str(corrected), "--note", "quote fixed").output
    assert "Made revision 2" in done and "1 moved: #2" in done
    shown = cli("show", "1", actor=None).output.splitlines()
    assert "ORPHANED" in next(line for line in shown if "claim #1 " in line)
    assert "ORPHANED" not in next(line for line in shown if "claim #2 " in line)


def test_search_finds_claims_by_words_claimant_status_and_verdict(cli):  # noqa: F811
    cli("import", str(DEMO))
    cli("claim", "add", "1", "--quote", QUOTE, "--claimant", "Stewart")
    cli("claim", "add", "1", "--quote", "an estimated 70% of people")
    cli("claim", "verdict", "2", "--rating", "Unproven", "--rationale", "No data.")

    def found(query: str) -> list[int]:
        return [h["claim_id"] for h in json.loads(cli("search", query, "--json", actor=None).output)]
    assert found("whole collection") == [1]
    assert found("estimated people") == [2]
    assert found("stewart") == [1]
    assert found("in review") == [2] and found("draft") == [1]
    assert found("unproven") == [2]
    assert found("nothing like this") == []
    assert "No claim matches" in cli("search", "zebra", actor=None).output
