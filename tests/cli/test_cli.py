"""The `workbench` command line: help, README coverage, and a whole check done only with the CLI."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from workbench.cli import app

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "workbench" / "data" / "ketamine-therapy.txt"
runner = CliRunner()


def _command_paths(group, prefix=()):
    command = typer.main.get_command(group) if isinstance(group, typer.Typer) else group
    for name, sub in command.commands.items():
        path = (*prefix, name)
        if hasattr(sub, "commands"):
            yield from _command_paths(sub, path)
        else:
            yield path


COMMANDS = sorted(_command_paths(app))


def test_the_cli_has_the_commands_the_desk_needs():
    names = {" ".join(p) for p in COMMANDS}
    assert {"serve", "import", "list", "show", "export", "migrate", "copy-db", "restore",
            "claim add", "claim cite", "claim verdict", "claim check", "claim approve"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(path):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert f"workbench {' '.join(path)}" in result.output


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p))
def test_every_command_is_in_the_readme(path):
    assert f"workbench {' '.join(path)}" in (ROOT / "README.md").read_text()


@pytest.fixture
def cli(db_url, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", db_url)
    monkeypatch.delenv("WORKBENCH_ACTOR", raising=False)

    def run(*args: str, actor: str | None = "rita", ok: bool = True, stdin: str | None = None):
        argv = list(args) + (["--actor", actor] if actor else [])
        result = runner.invoke(app, argv, input=stdin)
        if ok:
            assert result.exit_code == 0, result.output
        return result
    return run


def _claim_id(output: str) -> int:
    return int(output.split("claim #", 1)[1].split(" ", 1)[0])


def test_a_whole_check_can_be_done_with_the_cli_alone(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_FACTCHECK_URL", "https://desk.example/checks/{article_id}#claim-{claim_id}")
    assert "Imported article #1" in cli("import", str(DEMO)).output
    quotes = {
        "For about 30% of people that finish the whole collection": ("Stewart", "statistic"),
        "an estimated 70% of people who try medically supervised ketamine": (None, "statistic"),
        "ketamine resolves an opioid system": ("Shatzberg", "health/medical"),
        "It also may not be secure for people who have schizophrenia.": (None, "health/medical"),
    }
    ids = []
    for quote, (claimant, kind) in quotes.items():
        args = ["claim", "add", "1", "--quote", quote, "--type", kind]
        if claimant:
            args += ["--claimant", claimant]
        ids.append(_claim_id(cli(*args).output))
    for claim_id in ids:
        cli("claim", "cite", str(claim_id), "--url", "https://example.org/evidence",
            "--stance", "refutes", "--passage", "=HYPERLINK(\"x\")", "--source-type", "expert")
        cli("claim", "verdict", str(claim_id), "--rating", "Mostly false",
            "--rationale", "Single clinic, no published follow-up.")
        cli("claim", "check", str(claim_id))
        refused = cli("claim", "approve", str(claim_id), ok=False)
        assert refused.exit_code == 1 and "approval must come from someone else" in refused.output
        assert "Traceback" not in refused.output
        assert "now approved" in cli("claim", "approve", str(claim_id), actor="sam").output

    csv_path, cr_path = tmp_path / "out.csv", tmp_path / "cr.json"
    cli("export", "csv", "-o", str(csv_path), actor=None)
    frame = pd.read_csv(csv_path)
    assert sorted(frame["claim_id"]) == sorted(ids)
    assert set(frame["approver"]) == {"sam"} and set(frame["reviewer"]) == {"rita"}
    assert not frame["citation_urls"].isna().any()
    cli("export", "claimreview", "--desk", "Health Desk", "-o", str(cr_path), actor=None)
    items = json.loads(cr_path.read_text())
    assert len(items) == 4
    assert {i["author"]["name"] for i in items} == {"Health Desk"}
    assert {i["reviewRating"]["alternateName"] for i in items} == {"Mostly false"}

    shown = json.loads(cli("show", "1", "--json", actor=None).output)
    assert [c["status"] for c in shown["claims"]] == ["approved"] * 4


def test_cli_refusals_are_messages_not_tracebacks(cli):
    cli("import", str(DEMO))
    dup = cli("import", str(DEMO), ok=False)
    assert dup.exit_code == 1 and "already imported as article #1" in dup.output
    amb = cli("claim", "add", "1", "--quote", "ketamine", ok=False)
    assert "appears 14 times" in amb.output
    no_name = cli("claim", "add", "1", "--quote", "an estimated 70%", actor=None, ok=False)
    assert no_name.exit_code != 0 and "--actor" in no_name.output
    bad_url = cli("claim", "add", "1", "--quote", "an estimated 70%")
    claim_id = _claim_id(bad_url.output)
    res = cli("claim", "cite", str(claim_id), "--url", "javascript:alert(1)", ok=False)
    assert "must start with http:// or https://" in res.output
    stale = cli("claim", "edit", str(claim_id), "--text", "x", "--version", "99", ok=False)
    assert "changed by" in stale.output or "Nothing was saved" in stale.output
    for res in (dup, amb, res, stale):
        assert "Traceback" not in res.output


def test_import_reads_standard_input(cli):
    out = cli("import", "-", "--title", "Pasted", stdin="A pasted article. It says 40% of things.\n").output
    assert "Pasted" in out
    listing = json.loads(cli("list", "--json", actor=None).output)
    assert listing[0]["title"] == "Pasted"


def test_json_backup_restores_into_another_database(cli, tmp_path, monkeypatch, sqlite_template):
    cli("import", str(DEMO))
    claim_id = _claim_id(cli("claim", "add", "1", "--quote", "an estimated 70%").output)
    cli("claim", "verdict", str(claim_id), "--rating", "Unproven", "--rationale", "No source.")
    backup = tmp_path / "backup.json"
    cli("export", "json", "-o", str(backup), actor=None)
    other = tmp_path / "other.db"
    other.write_bytes(sqlite_template.read_bytes())
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{other}")
    cli("restore", str(backup))
    shown = json.loads(cli("show", "1", "--json", actor=None).output)
    assert shown["claims"][0]["verdict"] == "Unproven"


def test_copy_db_writes_a_consistent_copy_of_the_sqlite_database(tmp_path, monkeypatch, sqlite_template):
    db = tmp_path / "live.db"
    db.write_bytes(sqlite_template.read_bytes())
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{db}")
    assert runner.invoke(app, ["import", str(DEMO), "--actor", "rita"]).exit_code == 0
    holder = sqlite3.connect(db)  # the app holding the database open
    dest = tmp_path / "copy.db"
    result = runner.invoke(app, ["copy-db", str(dest)])
    holder.close()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(dest) as copy:
        assert copy.execute("select title from article").fetchone()[0] == "Ketamine Therapy - An Overview"
    again = runner.invoke(app, ["copy-db", str(dest)])
    assert again.exit_code == 1 and "exists already" in again.output


def test_dash_as_output_means_standard_output(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_FACTCHECK_URL", "https://desk.example/checks/{article_id}#claim-{claim_id}")
    cli("import", str(DEMO))
    claim_id = _claim_id(cli("claim", "add", "1", "--quote", "an estimated 70%").output)
    cli("claim", "cite", str(claim_id), "--url", "https://example.org/study")
    cli("claim", "verdict", str(claim_id), "--rating", "Unproven", "--rationale", "No source.")
    cli("claim", "check", str(claim_id))
    for kind, marker in [("csv", "an estimated 70%"), ("claimreview", "ClaimReview"), ("citations", "example.org/study"),
                         ("json", "claim-workbench-backup")]:
        assert marker in cli("export", kind, "-o", "-", actor=None).stdout
    assert not (Path.cwd() / "-").exists()


def test_copy_db_to_dash_writes_the_database_to_standard_output(tmp_path, monkeypatch, sqlite_template):
    db = tmp_path / "live.db"
    db.write_bytes(sqlite_template.read_bytes())
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["copy-db", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"SQLite format 3\x00")
    assert not (tmp_path / "-").exists()


def test_copy_db_into_a_missing_folder_is_a_message_not_a_traceback(tmp_path, monkeypatch, sqlite_template):
    db = tmp_path / "live.db"
    db.write_bytes(sqlite_template.read_bytes())
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{db}")
    result = runner.invoke(app, ["copy-db", str(tmp_path / "nowhere" / "copy.db")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert "Error:" in result.output and "nowhere" in result.output


def test_a_file_over_the_limit_is_refused_from_its_size_before_it_is_read(cli, tmp_path, monkeypatch):
    from workbench import ingest

    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 101)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read before its size was checked"))
    refused = cli("import", str(big), ok=False)
    assert refused.exit_code == 1 and "101 bytes; the limit is 100 bytes" in refused.output


def test_trash_commands_and_a_huge_id_are_one_line_messages(cli):
    cli("import", str(DEMO))
    stale = cli("article", "delete", "1", "--version", "0", ok=False)
    assert stale.exit_code == 1 and "Nothing was saved" in stale.output
    assert "to the trash" in cli("article", "delete", "1", "--version", "1").output
    assert "No articles yet" in cli("list", actor=None).output
    assert "#1\t" in cli("trash", "list", actor=None).output
    assert "Restored article #1" in cli("trash", "restore", "1").output
    huge = cli("show", "99999999999999999999", actor=None, ok=False)
    assert huge.exit_code == 1 and huge.output.count("\n") == 1 and "does not exist" in huge.output


def test_an_escape_sequence_in_a_title_is_never_printed(cli):
    cli("import", "-", "--title", "\x1b]0;PWNED\x07\x1b[2JTitle", stdin="Some article text here.\n")
    for output in (cli("list", actor=None).output, cli("show", "1", actor=None).output,
                   cli("list", "--json", actor=None).output):
        assert "\x1b" not in output and "\x07" not in output and "PWNED" in output


def test_an_edit_without_version_is_refused_when_someone_else_just_saved(cli):
    cli("import", str(DEMO))
    claim_id = _claim_id(cli("claim", "add", "1", "--quote", "an estimated 70%").output)
    refused = cli("claim", "edit", str(claim_id), "--claimant", "Sam", actor="sam", ok=False)
    assert refused.exit_code == 1 and "changed by rita less than 5 minutes ago" in refused.output
    assert "Saved" in cli("claim", "edit", str(claim_id), "--claimant", "Sam", "--version", "1", actor="sam").output
    assert "Saved" in cli("claim", "edit", str(claim_id), "--claimant", "Sue", actor="sam").output
