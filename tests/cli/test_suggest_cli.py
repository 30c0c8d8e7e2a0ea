"""The `suggest` and `checkworthiness` commands of the `workbench` CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from workbench.cli import app as workbench_app

DEMO = Path(__file__).resolve().parents[2] / "workbench" / "data" / "ketamine-therapy.txt"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return workbench_app


def test_suggest_prints_one_json_object_per_suggestion_with_exact_offsets(app):
    result = CliRunner().invoke(app, ["suggest", str(DEMO)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    body = DEMO.read_text(encoding="utf-8")
    assert rows and all(body[r["start"]:r["end"]] == r["quote"] for r in rows)
    assert list(rows[0]) == ["start", "end", "quote", "score", "type", "claimant", "reasons"]
    assert any("30%" in r["quote"] and r["claimant"] == "Stewart" for r in rows)


def test_suggest_reads_stdin_and_keeps_offsets_after_an_emoji(app):
    body = "\U0001F600 Intro line here.\n\nUnemployment fell to 4% in May, according to the Labor Department."
    result = CliRunner().invoke(app, ["suggest", "-", "--all-sentences"], input=body.encode("utf-8"))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(body[r["start"]:r["end"]] == r["quote"] for r in rows)
    assert all(isinstance(r["checkworthy"], bool) for r in rows)
    four = next(r for r in rows if "4%" in r["quote"])
    assert four["claimant"] == "Labor Department"


def test_suggest_refuses_a_file_that_is_not_utf8(app, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9 prices rose 5%".encode("latin-1"))
    result = CliRunner().invoke(app, ["suggest", str(bad)])
    assert result.exit_code != 0
    assert "UTF-8" in result.output


def test_checkworthiness_prints_a_label_and_score_per_row_and_metrics_on_stderr(app, tmp_path):
    tsv = tmp_path / "mini.tsv"
    tsv.write_text("Sentence_id\tText\tclass_label\n"
                   "1\tUnemployment doubled to 10 percent under his administration.\tYes\n"
                   "2\tThank you very much, it's great to be here.\tNo\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["checkworthiness", str(tsv)])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert [(i, label) for i, label, _ in lines] == [("1", "Yes"), ("2", "No")]
    assert all(0.0 <= float(score) <= 1.0 for *_, score in lines)
    assert "precision=1.000 recall=1.000 F1=1.000" in result.stderr


def test_checkworthiness_without_labels_prints_no_metrics(app, tmp_path):
    tsv = tmp_path / "unlabelled.tsv"
    tsv.write_text('Sentence_id\tText\n7\t"We cut taxes by 20%, ""the most ever."""\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["checkworthiness", str(tsv)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("7\t")
    assert "F1" not in result.stderr


@pytest.mark.parametrize("command", ["suggest", "checkworthiness"])
def test_every_command_has_help_with_an_example(app, command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
