"""Desk mode: every permission rule, proved by calling the services directly with each role, on
SQLite and PostgreSQL. The UI hides what a role cannot do; these tests show the services refuse it."""
from __future__ import annotations

import pytest
from sqlmodel import select

from db.tables import AuditEvent, Claim, User
from workbench import articles, citations, claims, desk, review, users
from workbench.errors import InvalidInput, PermissionDenied, TransitionRefused
from workbench.ingest import from_text

BODY = ("The clinic says 30% of patients recover fully. Critics say the figure is made up. "
        "A third sentence is here for splitting.")


@pytest.fixture
def desk_mode(monkeypatch):
    monkeypatch.setenv(users.AUTH_ENV, "oidc")
    monkeypatch.delenv(users.ADMINS_ENV, raising=False)
    monkeypatch.delenv(users.NEW_USERS_ENV, raising=False)


@pytest.fixture
def team(session, desk_mode):
    """An admin, an editor, two reviewers and an inactive reviewer; returns their emails."""
    users.add_user(session, email="ada@desk.example", name="Ada", role="admin", actor=users.operator())
    for email, name, role in [("sam@desk.example", "Sam", "editor"), ("rita@desk.example", "Rita", "reviewer"),
                              ("rob@desk.example", "Rita", "reviewer"), ("ivy@desk.example", "Ivy", "reviewer")]:
        users.add_user(session, email=email, name=name, role=role, actor="ada@desk.example")
    users.set_active(session, user="ivy@desk.example", active=False, actor="ada@desk.example")
    session.commit()
    return {"admin": "ada@desk.example", "editor": "sam@desk.example", "reviewer": "rita@desk.example",
            "namesake": "rob@desk.example", "inactive": "ivy@desk.example"}


@pytest.fixture
def article(session, team):
    a = articles.import_document(session, doc=from_text(BODY, title="Clinic"), actor=team["reviewer"])
    session.commit()
    return a


def _claim(session, article, actor, quote="30% of patients recover fully"):
    c = claims.create_claim_from_quote(session, article_id=article.id, quote=quote, actor=actor)
    session.flush()
    return c


def _checked(session, article, team):
    """A claim with a citation and a verdict by the reviewer, marked checked by the reviewer."""
    c = _claim(session, article, team["reviewer"])
    citations.add_citation(session, claim_id=c.id, actor=team["reviewer"], url="https://example.org/s")
    c = review.set_verdict(session, claim_id=c.id, rating="Unproven", rationale="No data.",
                           expected_version=c.version, actor=team["reviewer"])
    c = review.mark_checked(session, claim_id=c.id, expected_version=c.version, actor=team["reviewer"])
    session.commit()
    return c


# --- who may write at all ----------------------------------------------------------------------

def test_in_desk_mode_nobody_signed_in_changes_nothing(session, article):
    with pytest.raises(PermissionDenied, match="Sign in"):
        _claim(session, article, None)


def test_a_name_that_is_no_user_changes_nothing(session, article):
    with pytest.raises(PermissionDenied, match="not a member"):
        _claim(session, article, "Rita")


def test_an_inactive_user_changes_nothing(session, article, team):
    with pytest.raises(PermissionDenied, match="not active"):
        _claim(session, article, team["inactive"])


def test_the_role_comes_from_the_table_not_from_the_caller(session, article, team):
    forged = users.Actor("Rita", id=users.user_key(users.find_user(session, team["reviewer"])),
                         role=users.Role.admin)
    with pytest.raises(PermissionDenied, match="reviewer"):
        articles.delete_article(session, article_id=article.id, expected_version=article.version, actor=forged)


# --- reviewer ----------------------------------------------------------------------------------

def test_a_reviewer_makes_claims_citations_verdicts_and_submits(session, article, team):
    c = _claim(session, article, team["reviewer"])
    cit = citations.add_citation(session, claim_id=c.id, actor=team["reviewer"], url="https://example.org/a")
    citations.update_citation(session, citation_id=cit.id, expected_version=cit.version,
                              actor=team["reviewer"], title="Study")
    c = review.set_verdict(session, claim_id=c.id, rating="False", rationale="Refuted.",
                           expected_version=c.version, actor=team["reviewer"])
    c = claims.update_claim(session, claim_id=c.id, expected_version=c.version, actor=team["reviewer"],
                            claimant="The clinic")
    c = review.mark_checked(session, claim_id=c.id, expected_version=c.version, actor=team["reviewer"])
    assert c.status == "checked"
    desk.add_note(session, claim_id=c.id, body="Asked the clinic.", actor=team["reviewer"])


@pytest.mark.parametrize("do, rule", [
    (lambda s, c, a, who: claims.delete_claim(s, claim_id=c.id, expected_version=c.version, actor=who), "delete a claim"),
    (lambda s, c, a, who: desk.assign_claims(s, claim_ids=[c.id], assignee="rita@desk.example", actor=who), "assign"),
    (lambda s, c, a, who: claims.update_claim(s, claim_id=c.id, expected_version=c.version, actor=who,
                                              assignee="rita@desk.example"), "assign"),
    (lambda s, c, a, who: articles.delete_article(s, article_id=a.id, expected_version=a.version, actor=who), "delete an article"),
    (lambda s, c, a, who: review.add_rating(s, label="Satire", actor=who), "rating scale"),
    (lambda s, c, a, who: users.set_role(s, user="rob@desk.example", role="editor", actor=who), "manage users"),
    (lambda s, c, a, who: users.add_user(s, email="new@desk.example", name="New", actor=who), "manage users"),
])
def test_a_reviewer_is_refused_what_only_editors_or_admins_may_do(session, article, team, do, rule):
    c = _claim(session, article, team["reviewer"])
    with pytest.raises(PermissionDenied, match=rule):
        do(session, c, article, team["reviewer"])


def test_a_reviewer_cannot_approve_or_reopen(session, article, team):
    c = _checked(session, article, team)
    with pytest.raises(PermissionDenied, match="approve"):
        review.approve(session, claim_id=c.id, expected_version=c.version, actor=team["namesake"])
    with pytest.raises(PermissionDenied, match="reopen"):
        review.reopen(session, claim_id=c.id, expected_version=c.version, actor=team["reviewer"])


# --- editor ------------------------------------------------------------------------------------

def test_an_editor_approves_reopens_assigns_and_deletes_claims(session, article, team):
    c = _checked(session, article, team)
    c = review.approve(session, claim_id=c.id, expected_version=c.version, actor=team["editor"])
    assert (c.status, c.approved_by, c.approved_by_id) == ("approved", "Sam", "user:2")
    c = review.reopen(session, claim_id=c.id, expected_version=c.version, actor=team["editor"])
    [c] = desk.assign_claims(session, claim_ids=[c.id], assignee=team["reviewer"], actor=team["editor"])
    assert c.assignee == "user:3"
    claims.delete_claim(session, claim_id=c.id, expected_version=c.version, actor=team["editor"])


@pytest.mark.parametrize("do, rule", [
    (lambda s, a, who: articles.delete_article(s, article_id=a.id, expected_version=a.version, actor=who), "delete an article"),
    (lambda s, a, who: users.set_role(s, user="rob@desk.example", role="editor", actor=who), "manage users"),
    (lambda s, a, who: users.set_active(s, user="rob@desk.example", active=False, actor=who), "manage users"),
    (lambda s, a, who: review.add_rating(s, label="Satire", actor=who), "rating scale"),
])
def test_an_editor_is_refused_what_only_admins_may_do(session, article, team, do, rule):
    with pytest.raises(PermissionDenied, match=rule):
        do(session, article, team["editor"])


def test_an_editor_cannot_approve_their_own_verdict(session, article, team):
    c = _claim(session, article, team["editor"])
    citations.add_citation(session, claim_id=c.id, actor=team["editor"], url="https://example.org/s")
    c = review.set_verdict(session, claim_id=c.id, rating="False", rationale="No.",
                           expected_version=c.version, actor=team["editor"])
    c = review.mark_checked(session, claim_id=c.id, expected_version=c.version, actor=team["editor"])
    with pytest.raises(TransitionRefused, match="someone else"):
        review.approve(session, claim_id=c.id, expected_version=c.version, actor=team["editor"])


def test_approval_compares_user_ids_never_display_names(session, article, team):
    """Rob's display name is also "Rita"; an editor named like the verdict's author may approve,
    and an editor cannot pass as someone else by name."""
    users.set_role(session, user=team["namesake"], role="editor", actor=team["admin"])
    c = _checked(session, article, team)
    c = review.approve(session, claim_id=c.id, expected_version=c.version, actor=team["namesake"])
    assert c.status == "approved" and c.approved_by == c.verdict_by == "Rita"
    assert c.approved_by_id != c.verdict_by_id


# --- admin -------------------------------------------------------------------------------------

def test_an_admin_manages_users_and_deletes_articles(session, article, team):
    users.set_role(session, user=team["reviewer"], role="editor", actor=team["admin"])
    users.set_active(session, user=team["inactive"], active=True, actor=team["admin"])
    assert users.find_user(session, team["reviewer"]).role == "editor"
    articles.delete_article(session, article_id=article.id, expected_version=article.version, actor=team["admin"])


def test_nobody_but_an_admin_or_the_operator_adds_users(session, team):
    with pytest.raises(PermissionDenied):
        users.add_user(session, email="x@desk.example", name="X", actor=None)
    added = users.add_user(session, email="x@desk.example", name="X", actor=users.operator())
    assert added.role == "reviewer"


def test_the_last_admin_cannot_be_demoted_or_deactivated(session, team):
    with pytest.raises(InvalidInput, match="last admin"):
        users.set_role(session, user=team["admin"], role="editor", actor=team["admin"])
    with pytest.raises(InvalidInput, match="last admin"):
        users.set_active(session, user=team["admin"], active=False, actor=team["admin"])


# --- identity, history, sign-in --------------------------------------------------------------------

def test_the_audit_trail_records_the_user_id_and_the_display_name(session, article, team):
    c = _claim(session, article, team["reviewer"])
    session.commit()
    event = session.exec(select(AuditEvent).where(AuditEvent.claim_id == c.id)).first()
    assert (event.actor, event.actor_id) == ("Rita", "user:3")


def test_first_sign_in_makes_a_reviewer_and_admins_come_from_configuration(session, desk_mode, monkeypatch):
    monkeypatch.setenv(users.ADMINS_ENV, "boss@desk.example")
    rita = users.sign_in(session, subject="sub-rita", email="rita@desk.example", name="Rita A")
    boss = users.sign_in(session, subject="sub-boss", email="Boss@desk.example", name="Boss")
    again = users.sign_in(session, subject="sub-rita", email="rita@desk.example", name="Rita A")
    assert (rita.role, boss.role, again.id) == ("reviewer", "admin", rita.id)


def test_new_users_can_be_made_to_wait_for_an_admin(session, desk_mode, monkeypatch):
    monkeypatch.setenv(users.NEW_USERS_ENV, "wait")
    newcomer = users.sign_in(session, subject="sub-x", email="x@desk.example", name="X")
    assert newcomer.active is False
    with pytest.raises(PermissionDenied, match="not active"):
        articles.import_document(session, doc=from_text(BODY), actor="x@desk.example")


def test_a_user_added_by_email_is_matched_at_first_sign_in(session, team):
    user = users.sign_in(session, subject="oidc|sam", email="SAM@desk.example", name="Samuel")
    assert (user.email, user.role, user.subject) == ("sam@desk.example", "editor", "oidc|sam")


def test_adopt_maps_local_names_to_users_so_history_carries_over(session, monkeypatch):
    a = articles.import_document(session, doc=from_text(BODY, title="Clinic"), actor="Rita  Alvarez")
    c = claims.create_claim_from_quote(session, article_id=a.id, quote="30% of patients recover fully",
                                       actor="rita alvarez")
    c = review.set_verdict(session, claim_id=c.id, rating="False", rationale="No.",
                           expected_version=c.version, actor="Rita Alvarez")
    session.commit()
    monkeypatch.setenv(users.AUTH_ENV, "oidc")
    users.add_user(session, email="rita@desk.example", name="Rita Alvarez", role="admin", actor=users.operator())
    touched = users.adopt(session, mapping={"Rita Alvarez": "rita@desk.example"}, actor="rita@desk.example")
    session.commit()
    assert touched["Rita Alvarez"] >= 4
    claim = session.get(Claim, c.id)
    assert claim.verdict_by_id == "user:1"
    events = session.exec(select(AuditEvent).where(AuditEvent.claim_id == c.id)).all()
    assert {e.actor_id for e in events} == {"user:1"}


def test_in_local_mode_one_person_may_do_everything_and_names_are_compared_with_spaces_collapsed(session):
    a = articles.import_document(session, doc=from_text(BODY, title="Clinic"), actor="Rita Alvarez")
    c = claims.create_claim_from_quote(session, article_id=a.id, quote="30% of patients recover fully",
                                       actor="Rita Alvarez")
    citations.add_citation(session, claim_id=c.id, actor="Rita Alvarez", url="https://example.org/s")
    c = review.set_verdict(session, claim_id=c.id, rating="False", rationale="No.",
                           expected_version=c.version, actor="Rita Alvarez")
    c = review.mark_checked(session, claim_id=c.id, expected_version=c.version, actor="Rita Alvarez")
    with pytest.raises(TransitionRefused, match="someone else"):
        review.approve(session, claim_id=c.id, expected_version=c.version, actor="Rita  Alvarez")
    c = review.approve(session, claim_id=c.id, expected_version=c.version, actor="Sam")
    articles.delete_article(session, article_id=a.id, expected_version=a.version, actor="Sam")
    assert session.get(User, 1) is None


def test_only_an_admin_restores_a_backup(session, article, team):
    from workbench.transfer import backup
    data = backup.export_backup(session)
    session.commit()
    for who in ("reviewer", "editor"):
        with pytest.raises(PermissionDenied, match="restore a backup"):
            backup.import_backup(session, data, actor=team[who])
    report = backup.import_backup(session, data, actor=team["admin"])
    assert [s.title for s in report.skipped] == ["Clinic"]  # already here: the check passed, nothing doubled
