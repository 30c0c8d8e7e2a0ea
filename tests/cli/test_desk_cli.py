"""Desk mode from outside: the `workbench` command in a real process, acting as named users under
the same rules as the app (the issue's contract)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "workbench" / "data" / "ketamine-therapy.txt"


@pytest.fixture
def workbench(db_url):
    env = {**os.environ, "WORKBENCH_DATABASE_URL": db_url, "WORKBENCH_AUTH": "oidc",
           "PYTHONPATH": str(ROOT)}
    env.pop("WORKBENCH_ACTOR", None)

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "workbench.cli", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        if ok:
            assert done.returncode == 0, done.stderr
        return done
    return run


def test_a_checked_claim_is_approved_only_by_another_user(workbench):
    workbench("users", "add", "rita@desk.example", "--name", "Rita", "--role", "reviewer")
    workbench("users", "add", "sam@desk.example", "--name", "Sam", "--role", "editor")
    rita = ("--actor", "rita@desk.example")
    workbench("import", str(DEMO), *rita)
    added = workbench("claim", "add", "1", "--quote", "an estimated 70%", *rita).stdout
    claim = added.split("claim #", 1)[1].split(" ", 1)[0]
    workbench("claim", "cite", claim, "--url", "https://example.org/study", *rita)
    workbench("claim", "verdict", claim, "--rating", "Unproven", "--rationale", "No data.", *rita)
    workbench("claim", "check", claim, *rita)

    refused = workbench("claim", "approve", claim, *rita, ok=False)
    assert refused.returncode != 0
    [line] = refused.stderr.strip().splitlines()
    assert line.startswith("Error:") and "approve" in line and "Traceback" not in refused.stderr

    stranger = workbench("claim", "approve", claim, "--actor", "Sam", ok=False)
    assert stranger.returncode != 0 and "not a member" in stranger.stderr

    approved = workbench("claim", "approve", claim, "--actor", "sam@desk.example")
    assert "approved" in approved.stdout
    history = workbench("claim", "history", claim).stdout
    assert "Sam: approve" in history and "Rita: verdict" in history
