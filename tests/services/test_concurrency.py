"""Optimistic concurrency: two reviewers, two sessions, one record; the later save is refused, never lost."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import event
from sqlmodel import Session

from db.tables import Article, Citation, Claim
from workbench import articles, citations, claims, review
from workbench.errors import ConflictError
from workbench.ingest import from_text

BODY = "The vaccine cuts hospital admissions by 30%, officials said. Critics were not convinced."


@pytest.fixture
def ids(engine) -> dict[str, int]:
    """An article with one claim (version 1) and one citation (version 1), committed."""
    with Session(engine) as s:
        article = articles.import_document(s, doc=from_text(BODY, title="Vaccines"), actor="Ana")
        claim = claims.create_claim(s, article_id=article.id, start=0, end=BODY.index(",") + 1, actor="Ana")
        citation = citations.add_citation(s, claim_id=claim.id, actor="Ana", url="https://example.org/a")
        s.commit()
        return {"article": article.id, "claim": claim.id, "citation": citation.id}


@pytest.fixture
def two_sessions(engine):
    first, second = Session(engine), Session(engine)
    yield first, second
    first.close()
    second.close()


def fresh(engine, model, id_):
    with Session(engine) as s:
        return s.get(model, id_)


# --- a stale read is refused with who changed what ------------------------------------------------

def test_a_stale_claim_edit_names_who_changed_which_field_and_keeps_their_change(engine, ids, two_sessions):
    ana, ben = two_sessions
    read = ana.get(Claim, ids["claim"]), ben.get(Claim, ids["claim"])  # both hold version 1
    assert [c.version for c in read] == [1, 1]
    claims.update_claim(ana, claim_id=ids["claim"], expected_version=1, actor="Ana",
                        text="Admissions fell by 30%")
    ana.commit()
    with pytest.raises(ConflictError) as info:
        claims.update_claim(ben, claim_id=ids["claim"], expected_version=1, actor="Ben",
                            text="Ben's wording")
    ben.rollback()
    message = str(info.value)
    assert "Ana" in message and "text" in message and "Admissions fell by 30%" in message
    assert info.value.changed_by == "Ana" and info.value.current_version == 2
    stored = fresh(engine, Claim, ids["claim"])
    assert (stored.text, stored.version, stored.updated_by) == ("Admissions fell by 30%", 2, "Ana")


def test_a_stale_verdict_names_the_reviewer_who_changed_the_claim(engine, ids, two_sessions):
    ana, ben = two_sessions
    read = ana.get(Claim, ids["claim"]), ben.get(Claim, ids["claim"])  # both hold version 1
    review.set_verdict(ana, claim_id=ids["claim"], rating="False", rationale="No such study.",
                       expected_version=1, actor="Ana")
    ana.commit()
    with pytest.raises(ConflictError, match="Ana") as info:
        review.set_verdict(ben, claim_id=ids["claim"], rating="True", rationale="Looks right.",
                           expected_version=1, actor="Ben")
    ben.rollback()
    assert "rationale" in str(info.value)
    stored = fresh(engine, Claim, ids["claim"])
    assert (stored.rationale, stored.verdict_by) == ("No such study.", "Ana")


def test_a_stale_status_move_is_refused(engine, ids, two_sessions):
    ana, ben = two_sessions
    read = ana.get(Claim, ids["claim"]), ben.get(Claim, ids["claim"])  # both hold version 1
    review.submit(ana, claim_id=ids["claim"], expected_version=1, actor="Ana")
    ana.commit()
    with pytest.raises(ConflictError, match="Ana.*status"):
        review.submit(ben, claim_id=ids["claim"], expected_version=1, actor="Ben")
    ben.rollback()
    assert fresh(engine, Claim, ids["claim"]).status == "in review"


def test_a_stale_claim_delete_is_refused_and_the_claim_survives(engine, ids, two_sessions):
    ana, ben = two_sessions
    read = ana.get(Claim, ids["claim"]), ben.get(Claim, ids["claim"])  # both hold version 1
    claims.update_claim(ana, claim_id=ids["claim"], expected_version=1, actor="Ana", claimant="Officials")
    ana.commit()
    with pytest.raises(ConflictError, match="Ana.*claimant"):
        claims.delete_claim(ben, claim_id=ids["claim"], expected_version=1, actor="Ben")
    ben.rollback()
    assert fresh(engine, Claim, ids["claim"]).claimant == "Officials"


def test_a_stale_citation_edit_names_who_changed_which_field_and_keeps_their_change(engine, ids, two_sessions):
    ana, ben = two_sessions
    read = ana.get(Citation, ids["citation"]), ben.get(Citation, ids["citation"])  # both hold version 1
    citations.update_citation(ana, citation_id=ids["citation"], expected_version=1, actor="Ana",
                              stance="refutes")
    ana.commit()
    with pytest.raises(ConflictError) as info:
        citations.update_citation(ben, citation_id=ids["citation"], expected_version=1, actor="Ben",
                                  title="Ben's title")
    ben.rollback()
    assert "Ana" in str(info.value) and "stance" in str(info.value)
    assert info.value.changed_by == "Ana" and info.value.current_version == 2
    stored = fresh(engine, Citation, ids["citation"])
    assert (stored.stance, stored.title, stored.version) == ("refutes", None, 2)


def test_a_stale_citation_removal_is_refused_and_the_citation_survives(engine, ids, two_sessions):
    ana, ben = two_sessions
    read = ana.get(Citation, ids["citation"]), ben.get(Citation, ids["citation"])  # both hold version 1
    citations.update_citation(ana, citation_id=ids["citation"], expected_version=1, actor="Ana",
                              note="Key source")
    ana.commit()
    with pytest.raises(ConflictError, match="Ana"):
        citations.remove_citation(ben, citation_id=ids["citation"], expected_version=1, actor="Ben")
    ben.rollback()
    assert fresh(engine, Citation, ids["citation"]).note == "Key source"


def test_a_stale_article_edit_names_who_changed_which_field_and_keeps_their_change(engine, ids, two_sessions):
    ana, ben = two_sessions
    read = ana.get(Article, ids["article"]), ben.get(Article, ids["article"])  # both hold version 1
    articles.update_article(ana, article_id=ids["article"], expected_version=1, actor="Ana",
                            title="Vaccines cut admissions")
    ana.commit()
    with pytest.raises(ConflictError) as info:
        articles.update_article(ben, article_id=ids["article"], expected_version=1, actor="Ben",
                                title="Ben's title")
    ben.rollback()
    assert "Ana" in str(info.value) and "title" in str(info.value)
    assert info.value.changed_by == "Ana" and info.value.current_version == 2
    stored = fresh(engine, Article, ids["article"])
    assert (stored.title, stored.version) == ("Vaccines cut admissions", 2)


def test_a_stale_body_correction_is_refused_and_the_first_correction_stays(engine, ids, two_sessions):
    ana, ben = two_sessions
    read = ana.get(Article, ids["article"]), ben.get(Article, ids["article"])  # both hold version 1
    articles.correct_body(ana, article_id=ids["article"], new_body=BODY.replace("Critics", "Doctors"),
                          expected_version=1, actor="Ana")
    ana.commit()
    with pytest.raises(ConflictError, match="Ana.*body"):
        articles.correct_body(ben, article_id=ids["article"], new_body=BODY.replace("Critics", "Nurses"),
                              expected_version=1, actor="Ben")
    ben.rollback()
    stored = fresh(engine, Article, ids["article"])
    assert "Doctors" in stored.body and stored.revision == 2


def test_a_reviewer_with_the_current_version_can_save_after_someone_else(engine, ids, two_sessions):
    ana, ben = two_sessions
    held = ben.get(Claim, ids["claim"])  # Ben's session holds an old copy, but he reloaded the page
    assert held.version == 1
    claims.update_claim(ana, claim_id=ids["claim"], expected_version=1, actor="Ana", claimant="Officials")
    ana.commit()
    claims.update_claim(ben, claim_id=ids["claim"], expected_version=2, actor="Ben", claim_type="statistic")
    ben.commit()
    stored = fresh(engine, Claim, ids["claim"])
    assert (stored.claimant, stored.claim_type, stored.version) == ("Officials", "statistic", 3)


# --- the race between the version check and the write ------------------------------------------

def race(engine, victim: Session, rival: Callable[[Session], None]) -> None:
    """Let a rival commit a change just before the victim's next flush writes."""
    fired = []

    @event.listens_for(victim, "before_flush")
    def _interfere(session, _ctx, _instances):
        if not fired:
            fired.append(True)
            with Session(engine) as other:
                rival(other)
                other.commit()


def test_a_claim_changed_between_read_and_write_raises_conflict_not_a_database_error(engine, ids):
    with Session(engine) as ben:
        race(engine, ben, lambda s: claims.update_claim(s, claim_id=ids["claim"], expected_version=1,
                                                        actor="Ana", text="Ana's wording"))
        with pytest.raises(ConflictError, match=f"Claim #{ids['claim']}"):
            claims.update_claim(ben, claim_id=ids["claim"], expected_version=1, actor="Ben",
                                text="Ben's wording")
        ben.rollback()
    assert fresh(engine, Claim, ids["claim"]).text == "Ana's wording"


def test_a_claim_deleted_while_being_changed_elsewhere_raises_conflict(engine, ids):
    with Session(engine) as ben:
        race(engine, ben, lambda s: claims.update_claim(s, claim_id=ids["claim"], expected_version=1,
                                                        actor="Ana", claimant="Officials"))
        with pytest.raises(ConflictError):
            claims.delete_claim(ben, claim_id=ids["claim"], expected_version=1, actor="Ben")
        ben.rollback()
    assert fresh(engine, Claim, ids["claim"]).claimant == "Officials"


def test_a_citation_changed_between_read_and_write_raises_conflict(engine, ids):
    with Session(engine) as ben:
        race(engine, ben, lambda s: citations.update_citation(
            s, citation_id=ids["citation"], expected_version=1, actor="Ana", stance="context"))
        with pytest.raises(ConflictError, match=f"Citation #{ids['citation']}"):
            citations.update_citation(ben, citation_id=ids["citation"], expected_version=1, actor="Ben",
                                      stance="refutes")
        ben.rollback()
    assert fresh(engine, Citation, ids["citation"]).stance == "context"


def test_a_citation_removed_while_changed_elsewhere_raises_conflict(engine, ids):
    with Session(engine) as ben:
        race(engine, ben, lambda s: citations.update_citation(
            s, citation_id=ids["citation"], expected_version=1, actor="Ana", note="Keep this"))
        with pytest.raises(ConflictError):
            citations.remove_citation(ben, citation_id=ids["citation"], expected_version=1, actor="Ben")
        ben.rollback()
    assert fresh(engine, Citation, ids["citation"]).note == "Keep this"


def test_an_article_changed_between_read_and_write_raises_conflict(engine, ids):
    with Session(engine) as ben:
        race(engine, ben, lambda s: articles.update_article(s, article_id=ids["article"], expected_version=1,
                                                            actor="Ana", title="Ana's title"))
        with pytest.raises(ConflictError, match=f"Article #{ids['article']}"):
            articles.update_article(ben, article_id=ids["article"], expected_version=1, actor="Ben",
                                    title="Ben's title")
        ben.rollback()
    assert fresh(engine, Article, ids["article"]).title == "Ana's title"


def test_an_article_deleted_while_changed_elsewhere_raises_conflict(engine, ids):
    with Session(engine) as ben:
        race(engine, ben, lambda s: articles.update_article(s, article_id=ids["article"], expected_version=1,
                                                            actor="Ana", title="Ana's title"))
        with pytest.raises(ConflictError):
            articles.delete_article(ben, article_id=ids["article"], expected_version=1, actor="Ben")
        ben.rollback()
    assert fresh(engine, Article, ids["article"]).title == "Ana's title"


def test_a_conflict_names_the_person_and_the_time_and_never_cuts_texts(session):
    from desk_data import make_article
    claims_svc = claims
    article = make_article(session)
    claim = claims_svc.create_claim(session, article_id=article.id, start=0, end=10, actor="rita")
    long_text = "A wording much longer than forty characters, kept whole in the message."
    claims_svc.update_claim(session, claim_id=claim.id, expected_version=1, actor="sam", text=long_text)
    with pytest.raises(ConflictError) as err:
        claims_svc.update_claim(session, claim_id=claim.id, expected_version=1, actor="rita",
                                claimant="Stewart")
    message = str(err.value)
    assert "changed by sam at " in message and " UTC " in message
    assert long_text in message
