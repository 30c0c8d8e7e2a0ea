"""The audit trail (workbench.audit): every write recorded with who, when, what and before/after."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from db.tables import Article, AuditEvent, Claim
from workbench import articles, audit, citations, claims, review
from workbench.errors import InvalidInput
from workbench.ingest import from_text

BODY = "The vaccine cuts hospital admissions by 30%, officials said. Critics were not convinced. Nurses agreed."


@pytest.fixture
def setup(session: Session) -> dict:
    """An article with two adjacent claims, the first with a citation, and a claim of two sentences."""
    article = articles.import_document(session, doc=from_text(BODY, title="Vaccines"), actor="Ana")
    first = claims.create_claim(session, article_id=article.id, start=0, end=BODY.index(",") + 1, actor="Ana")
    critics = BODY.index("Critics")
    second = claims.create_claim(session, article_id=article.id, start=critics, end=BODY.index(" Nurses"),
                                 actor="Ana")
    both = claims.create_claim(session, article_id=article.id, start=critics, end=len(BODY), actor="Ana")
    citation = citations.add_citation(session, claim_id=first.id, actor="Ana", url="https://example.org/a")
    session.commit()
    return {"article": article, "first": first, "second": second, "both": both, "citation": citation}


def events(session: Session, **where) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    for key, value in where.items():
        query = query.where(getattr(AuditEvent, key) == value)
    return list(session.exec(query))


def test_every_event_has_an_actor_a_recent_aware_time_and_an_entity(session, setup):
    before = datetime.now(timezone.utc) - timedelta(minutes=1)
    all_events = events(session)
    assert {(e.entity, e.action) for e in all_events} == {
        ("article", "create"), ("claim", "create"), ("citation", "create")}
    for e in all_events:
        assert e.actor == "Ana" and e.entity_id is not None
        assert e.at.tzinfo is not None and before <= e.at <= datetime.now(timezone.utc)
        assert e.article_id == setup["article"].id


def test_creating_an_article_records_its_details_but_not_its_whole_body(session, setup):
    (event,) = events(session, entity="article")
    assert event.entity_id == setup["article"].id and event.version == 1
    assert event.changes["title"] == [None, "Vaccines"]
    assert event.changes["body"][0] is None and f"{len(BODY)} characters" in event.changes["body"][1]


def test_creating_a_claim_records_every_field_as_new(session, setup):
    first = setup["first"]
    event = events(session, entity="claim", entity_id=first.id)[0]
    assert (event.action, event.claim_id, event.version) == ("create", first.id, 1)
    assert event.changes["quote"] == [None, first.quote]
    assert event.changes["status"] == [None, "draft"]


def test_editing_a_claim_records_only_the_fields_that_changed(session, setup):
    first = setup["first"]
    claims.update_claim(session, claim_id=first.id, expected_version=1, actor="Ben",
                        text="Admissions fell by 30%", claim_type="statistic")
    session.commit()
    event = events(session, entity="claim", entity_id=first.id)[-1]
    assert (event.action, event.actor, event.version) == ("update", "Ben", 2)
    assert event.changes == {"text": [first.quote, "Admissions fell by 30%"],
                             "claim_type": ["other", "statistic"]}


def test_deleting_a_claim_records_what_it_was(session, setup):
    second = setup["second"]
    claims.delete_claim(session, claim_id=second.id, expected_version=1, actor="Ben")
    session.commit()
    event = events(session, entity="claim", entity_id=second.id)[-1]
    assert (event.action, event.actor) == ("delete", "Ben")
    assert event.changes["quote"] == [second.quote, None]


def test_citation_create_update_and_delete_are_recorded_against_the_claim(session, setup):
    cid = setup["citation"].id
    citations.update_citation(session, citation_id=cid, expected_version=1, actor="Ben", title="A study")
    citations.remove_citation(session, citation_id=cid, actor="Cy")
    session.commit()
    trail = events(session, entity="citation", entity_id=cid)
    assert [(e.action, e.actor) for e in trail] == [("create", "Ana"), ("update", "Ben"), ("delete", "Cy")]
    assert trail[0].changes["url"] == [None, "https://example.org/a"]
    assert trail[1].changes == {"title": [None, "A study"]}
    assert trail[2].changes["title"] == ["A study", None]
    assert {e.claim_id for e in trail} == {setup["first"].id}


def test_a_verdict_is_recorded_with_the_label_before_and_after(session, setup):
    first = setup["first"]
    review.set_verdict(session, claim_id=first.id, rating="Half true", rationale="Partly.",
                       expected_version=1, actor="Ben")
    session.commit()
    event = events(session, entity="verdict", entity_id=first.id)[-1]
    assert event.actor == "Ben"
    assert event.changes["verdict"] == [None, "Half true"]
    assert event.changes["rationale"] == [None, "Partly."]


def test_article_update_and_delete_are_recorded(session, setup):
    article = setup["article"]
    articles.update_article(session, article_id=article.id, expected_version=1, actor="Ben", author="Jo")
    session.commit()
    articles.delete_article(session, article_id=article.id, expected_version=article.version, actor="Cy")
    session.commit()
    trail = events(session, entity="article", entity_id=article.id)
    assert [(e.action, e.actor) for e in trail] == [("create", "Ana"), ("update", "Ben"), ("delete", "Cy")]
    assert trail[1].changes["author"] == [None, "Jo"]
    assert trail[2].changes["author"] == ["Jo", None]


def test_claim_history_lists_claim_verdict_and_citation_events_oldest_first(session, setup):
    first = setup["first"]
    review.set_verdict(session, claim_id=first.id, rating="True", rationale="Yes.", expected_version=1,
                       actor="Ben")
    review.mark_checked(session, claim_id=first.id, expected_version=first.version, actor="Ben")
    review.approve(session, claim_id=first.id, expected_version=first.version, actor="Cy")
    session.commit()
    history = audit.claim_history(session, first.id)
    assert [(e.entity, e.action, e.actor) for e in history] == [
        ("claim", "create", "Ana"), ("citation", "create", "Ana"), ("verdict", "verdict", "Ben"),
        ("claim", "check", "Ben"), ("claim", "approve", "Cy")]
    assert [e.id for e in history] == sorted(e.id for e in history)
    assert all(e.claim_id == first.id for e in history)


def test_article_history_includes_the_events_of_its_claims(session, setup):
    history = audit.article_history(session, setup["article"].id)
    assert [(e.entity, e.action) for e in history] == [
        ("article", "create"), ("claim", "create"), ("claim", "create"), ("claim", "create"),
        ("citation", "create")]


def test_the_trail_outlives_a_deleted_article(session, engine, setup):
    articles.delete_article(session, article_id=setup["article"].id, expected_version=1, actor="Cy")
    articles.purge_article(session, article_id=setup["article"].id, actor="Cy")
    session.commit()
    with Session(engine) as fresh:
        assert fresh.get(Article, setup["article"].id) is None
        assert len(audit.claim_history(fresh, setup["first"].id)) == 2


# --- no write without a name --------------------------------------------------------------------

WRITES = {
    "import_document": lambda s, d, a: articles.import_document(s, doc=from_text("Fresh text."), actor=a),
    "update_article": lambda s, d, a: articles.update_article(
        s, article_id=d["article"].id, expected_version=1, actor=a, title="New"),
    "correct_body": lambda s, d, a: articles.correct_body(
        s, article_id=d["article"].id, new_body=BODY + " More.", expected_version=1, actor=a),
    "delete_article": lambda s, d, a: articles.delete_article(s, article_id=d["article"].id,
                                                              expected_version=1, actor=a),
    "create_claim": lambda s, d, a: claims.create_claim(s, article_id=d["article"].id, start=0, end=5, actor=a),
    "create_claim_from_sentence": lambda s, d, a: claims.create_claim_from_sentence(
        s, article_id=d["article"].id, sentence_index=0, actor=a),
    "create_claim_from_quote": lambda s, d, a: claims.create_claim_from_quote(
        s, article_id=d["article"].id, quote="officials said", actor=a),
    "update_claim": lambda s, d, a: claims.update_claim(
        s, claim_id=d["first"].id, expected_version=1, actor=a, text="New"),
    "delete_claim": lambda s, d, a: claims.delete_claim(s, claim_id=d["first"].id, expected_version=1, actor=a),
    "split_claim": lambda s, d, a: claims.split_claim(
        s, claim_id=d["first"].id, at=d["first"].start + 4, expected_version=1, actor=a),
    "split_claim_into_sentences": lambda s, d, a: claims.split_claim_into_sentences(
        s, claim_id=d["both"].id, expected_version=1, actor=a),
    "merge_claims": lambda s, d, a: claims.merge_claims(
        s, first_id=d["first"].id, first_version=1, second_id=d["second"].id, second_version=1, actor=a),
    "add_citation": lambda s, d, a: citations.add_citation(
        s, claim_id=d["first"].id, actor=a, url="https://example.org/b"),
    "update_citation": lambda s, d, a: citations.update_citation(
        s, citation_id=d["citation"].id, expected_version=1, actor=a, title="T"),
    "remove_citation": lambda s, d, a: citations.remove_citation(s, citation_id=d["citation"].id, actor=a),
    "set_verdict": lambda s, d, a: review.set_verdict(
        s, claim_id=d["first"].id, rating="True", rationale="R", expected_version=1, actor=a),
    "transition": lambda s, d, a: review.submit(s, claim_id=d["first"].id, expected_version=1, actor=a),
    "add_rating": lambda s, d, a: review.add_rating(s, label="Satire", actor=a),
}


@pytest.mark.parametrize("actor", ["", "   ", None])
def test_no_write_is_accepted_without_a_reviewer_name(session, setup, actor):
    n_events = session.exec(select(func.count()).select_from(AuditEvent)).one()
    for name, write in WRITES.items():
        with pytest.raises(InvalidInput, match="reviewer name is required"):
            write(session, setup, actor)
        session.rollback()
        assert session.exec(select(func.count()).select_from(AuditEvent)).one() == n_events, name
        assert session.exec(select(func.count()).select_from(Claim)).one() == 3, name


def test_each_write_in_the_list_succeeds_with_a_name(session, setup):
    """Guards the refusal test above: each write there fails only for want of a name."""
    for name, write in WRITES.items():
        write(session, setup, "Ben")
        session.rollback()


def test_a_reviewer_name_is_trimmed_and_over_long_names_are_refused(session, setup):
    claims.update_claim(session, claim_id=setup["first"].id, expected_version=1, actor="  Ben  ", text="New")
    session.commit()
    assert events(session, entity="claim")[-1].actor == "Ben"
    with pytest.raises(InvalidInput, match="longer than 200"):
        claims.update_claim(session, claim_id=setup["first"].id, expected_version=2, actor="B" * 201,
                            text="Newer")
