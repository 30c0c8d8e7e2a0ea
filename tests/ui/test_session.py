"""session.write, the UI's one write path: its Outcome carries the value or the refusal, nothing goes
through session state but the claim versions the caller asked to remember."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui_helpers import add_claim


def _update_script():
    """An app that rewords claim #cid through write() and keeps what came back."""
    import streamlit as st

    from workbench import claims
    from workbench.ui.session import write

    outcome = write(claims.update_claim, claim_id=st.session_state["cid"], text="Reworded.",
                    expected_version=st.session_state["expected"],
                    remember_claims=st.session_state["remember"])
    st.session_state["outcome"] = (outcome.ok, outcome.conflict, outcome.unnamed, outcome.message)


def run_write(cid: int, name: str | None, expected_version: int, remember_claims: bool = False) -> AppTest:
    at = AppTest.from_function(_update_script, default_timeout=30)
    at.session_state["cid"] = cid
    at.session_state["expected"] = expected_version
    at.session_state["remember"] = remember_claims
    if name:
        at.session_state["reviewer.name"] = name
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_conflict_comes_back_in_the_outcome_not_through_session_state(demo_db):
    cid = add_claim(demo_db)
    at = run_write(cid, "sam", expected_version=0)
    ok, conflict, unnamed, message = at.session_state["outcome"]
    assert (ok, conflict, unnamed) == (False, True, False)
    assert f"Claim \\#{cid}" in message  # inert markdown, ready for st.error
    assert "conflict.message" not in at.session_state and "ui.seen_versions" not in at.session_state


def test_without_a_name_nothing_runs_and_the_outcome_asks_for_one(demo_db):
    cid = add_claim(demo_db)
    at = run_write(cid, None, expected_version=1)
    assert at.session_state["outcome"][:3] == (False, False, True)
    assert at.session_state["outcome"][3].startswith("Type your name in the sidebar first")


def test_a_claim_written_with_remember_claims_has_its_new_version_remembered(demo_db):
    cid = add_claim(demo_db)
    at = run_write(cid, "sam", expected_version=1, remember_claims=True)
    assert at.session_state["outcome"] == (True, False, False, None)
    assert at.session_state["ui.seen_versions"] == {cid: 2}
