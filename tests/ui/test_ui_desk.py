"""Desk mode in AppTest with `at.user` set for each role: who sees which pages and buttons. The
services refuse the same things on their own (tests/services/test_permissions.py)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from db.engine import get_engine, session_scope
from workbench import citations, claims, review, users
from ui_helpers import APP, DEMO_QUOTE, REVIEW

PEOPLE = {"ada@desk.example": ("Ada", "admin"), "sam@desk.example": ("Sam", "editor"),
          "rita@desk.example": ("Rita", "reviewer")}


@pytest.fixture
def desk_db(demo_db, monkeypatch):
    """The demo database in desk mode with an admin, an editor and a reviewer."""
    monkeypatch.setenv(users.AUTH_ENV, "oidc")
    with session_scope(get_engine(demo_db)) as s:
        for email, (name, role) in PEOPLE.items():
            users.add_user(s, email=email, name=name, role=role, actor=users.operator())
    return demo_db


def _as(email: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if email is None:
        at.user = {"is_logged_in": False}
    else:
        at.user = {"is_logged_in": True, "sub": f"sub-{email}", "email": email, "name": PEOPLE[email][0]}
    return at.run()


def _checked_by_rita(url: str) -> int:
    with session_scope(get_engine(url)) as s:
        c = claims.create_claim_from_quote(s, article_id=1, quote=DEMO_QUOTE, actor="rita@desk.example")
        citations.add_citation(s, claim_id=c.id, actor="rita@desk.example", url="https://example.org/s")
        c = review.set_verdict(s, claim_id=c.id, rating="Unproven", rationale="No data.",
                               expected_version=c.version, actor="rita@desk.example")
        return review.mark_checked(s, claim_id=c.id, expected_version=c.version,
                                   actor="rita@desk.example").id


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(m.value for m in at.sidebar.markdown)


def test_a_visitor_sees_only_the_sign_in_page(desk_db):
    at = _as(None)
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert "Ketamine" not in _markdown(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/workspace.py")  # the workspace is no page of a signed-out session


@pytest.mark.parametrize("email, role", [("rita@desk.example", "reviewer"), ("sam@desk.example", "editor"),
                                         ("ada@desk.example", "admin")])
def test_the_sidebar_names_the_signed_in_user_and_their_role(desk_db, email, role):
    at = _as(email)
    assert not at.exception
    assert f"Signed in as **{PEOPLE[email][0]}** ({role})" in _markdown(at)
    assert "Your name" not in [t.label for t in at.text_input]  # nobody types who they are


def test_only_an_admin_gets_the_users_page(desk_db):
    for email in ("rita@desk.example", "sam@desk.example"):
        at = _as(email)
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page("views/users.py")
    at = _as("ada@desk.example")
    at.switch_page("views/users.py").run()
    assert not at.exception
    assert at.button(key="users.save_role")


def test_a_reviewer_cannot_approve_and_an_editor_can(desk_db):
    claim_id = _checked_by_rita(desk_db)
    for email, enabled in (("rita@desk.example", False), ("sam@desk.example", True)):
        at = _as(email)
        at.session_state["review.claim_id"] = claim_id
        at.switch_page(REVIEW).run()
        assert not at.exception
        assert at.button(key="review.move.approve").disabled is (not enabled)
    at = _as("sam@desk.example")
    at.session_state["review.claim_id"] = claim_id
    at.switch_page(REVIEW).run()
    at.button(key="review.move.approve").click().run()
    with session_scope(get_engine(desk_db)) as s:
        stored = claims.get_claim(s, claim_id)
        assert (stored.status, stored.approved_by) == ("approved", "Sam")


def test_a_reviewer_may_not_assign_and_an_editor_may(desk_db):
    claim_id = _checked_by_rita(desk_db)
    at = _as("rita@desk.example")
    at.session_state["review.claim_id"] = claim_id
    at.switch_page(REVIEW).run()
    [box] = [s for s in at.selectbox if s.label == "Assigned to"]
    assert box.disabled
    at = _as("sam@desk.example")
    at.session_state["review.claim_id"] = claim_id
    at.switch_page(REVIEW).run()
    [box] = [s for s in at.selectbox if s.label == "Assigned to"]
    assert not box.disabled


def test_a_user_waiting_for_an_admin_sees_only_that(desk_db, monkeypatch):
    monkeypatch.setenv(users.NEW_USERS_ENV, "wait")
    at = AppTest.from_file(APP, default_timeout=30)
    at.user = {"is_logged_in": True, "sub": "sub-new", "email": "new@desk.example", "name": "New"}
    at.run()
    assert not at.exception
    assert any("waits for an admin" in i.value for i in at.info)
    assert "Ketamine" not in _markdown(at)
