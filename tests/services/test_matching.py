"""Claim matching (workbench.matching): checked claims elsewhere that say the same thing."""
from __future__ import annotations

import json

import pytest
import typer
from sqlalchemy import insert, select as core_select
from sqlmodel import Session
from typer.testing import CliRunner

from db.tables import Article, Claim, ClaimStatus
from workbench import articles, citations, claims, matching, review
from workbench.cli import app as workbench_app
from workbench.errors import InvalidInput, NotFound
from workbench.ingest import from_text

TARGET = "about 30% of people who finish the course never come back"
UNRELATED = [
    "The vaccine cuts hospital admissions by 30% among adults over sixty.",
    "Prices rose by 12% in a year while wages stayed flat.",
    "The city council approved a budget of 3 million dollars for new bike lanes.",
    "Unemployment fell to 4.1% in March, the lowest level in a decade.",
    "The bridge was closed for repairs after engineers found cracks.",
]


def new_article(session: Session, sentences: list[str], title: str) -> Article:
    article = articles.import_document(session, doc=from_text(" ".join(sentences), title=title),
                                       actor="Ana")
    session.flush()
    return article


def claim_for(session: Session, article: Article, sentence: str, *, text: str | None = None) -> Claim:
    start = article.body.index(sentence)
    return claims.create_claim(session, article_id=article.id, start=start, end=start + len(sentence),
                               actor="Ana", text=text)


def checked(session: Session, claim: Claim, rating: str = "Mostly true") -> Claim:
    """Take a claim through the real workflow to checked, with a verdict and a citation."""
    review.set_verdict(session, claim_id=claim.id, rating=rating, rationale="Per the trial data.",
                       expected_version=claim.version, actor="Ana")
    citations.add_citation(session, claim_id=claim.id, actor="Ana", url="https://example.org/study")
    return review.mark_checked(session, claim_id=claim.id, expected_version=claim.version, actor="Ana")


@pytest.fixture
def library(session) -> dict[str, Claim]:
    """An older article with the target and unrelated claims all checked, and a new draft claim."""
    old = new_article(session, [TARGET + ".", *UNRELATED], "Ketamine clinics, one year on")
    done = {s: checked(session, claim_for(session, old, s)) for s in [TARGET + ".", *UNRELATED]}
    new = new_article(session, ["Clinics say 30% of patients never need another session."], "New clinic")
    draft = claim_for(session, new, "Clinics say 30% of patients never need another session.",
                      text="30% of patients never need another session")
    session.commit()
    return {"target": done[TARGET + "."], "draft": draft, **done}


def test_a_reworded_claim_finds_the_checked_claim_that_says_the_same_first(session, library):
    found = matching.find_matches(session, claim_id=library["draft"].id)
    assert found, "the checked claim saying the same thing was not found"
    top = found[0]
    assert top.claim_id == library["target"].id
    assert top.verdict == "Mostly true" and top.status == ClaimStatus.checked.value
    assert top.article_title == "Ketamine clinics, one year on"
    assert top.text == TARGET + "." and top.quote == TARGET + "."
    assert 0 < top.score <= 100


def test_unrelated_checked_claims_are_not_returned(session, library):
    found = {m.claim_id for m in matching.find_matches(session, claim_id=library["draft"].id)}
    assert found == {library["target"].id}


def test_a_claim_is_not_matched_to_itself(session, library):
    target = library["target"]
    found = matching.find_matches(session, claim_id=target.id)
    assert target.id not in {m.claim_id for m in found}


def test_a_free_text_can_be_matched_without_a_claim(session, library):
    found = matching.find_matches(session, text="Does 30% of people never come back after the course?")
    assert [m.claim_id for m in found][:1] == [library["target"].id]


def test_claims_not_yet_checked_are_not_returned(session, library):
    reworded = new_article(session, ["About 30% of patients never need a second session."], "Draft")
    unchecked = claim_for(session, reworded, "About 30% of patients never need a second session.")
    review.set_verdict(session, claim_id=unchecked.id, rating="True", rationale="x",
                       expected_version=unchecked.version, actor="Ana")  # verdict, but in review
    session.commit()
    found = {m.claim_id for m in matching.find_matches(session, claim_id=library["draft"].id)}
    assert unchecked.id not in found and library["target"].id in found


def test_approved_claims_are_returned_with_their_status(session, library):
    target = library["target"]
    review.approve(session, claim_id=target.id, expected_version=target.version, actor="Ben")
    session.commit()
    top = matching.find_matches(session, claim_id=library["draft"].id)[0]
    assert (top.claim_id, top.status) == (target.id, ClaimStatus.approved.value)


def test_the_index_follows_a_changed_wording_at_once(session, library):
    article = new_article(session, ["The report came out on Monday."], "Birds")
    claim = checked(session, claim_for(session, article, "The report came out on Monday.",
                                       text="Crows remember human faces for years"))
    session.commit()
    assert [m.claim_id for m in matching.find_matches(session, text="crows remember faces")] == [claim.id]
    review.reopen(session, claim_id=claim.id, expected_version=claim.version, actor="Ana")
    claims.update_claim(session, claim_id=claim.id, expected_version=claim.version, actor="Ana",
                        text="Glaciers in the Alps lost a tenth of their volume in two summers")
    claim.status = ClaimStatus.checked.value  # back to checked without redoing the workflow
    session.commit()
    assert matching.find_matches(session, text="crows remember faces") == []
    found = matching.find_matches(session, text="Alpine glaciers lost a tenth of their volume")
    assert [m.claim_id for m in found] == [claim.id]
    if session.get_bind().dialect.name == "sqlite":  # the FTS5 index agrees with the claim table
        session.connection().exec_driver_sql(
            "INSERT INTO claim_fts(claim_fts, rank) VALUES ('integrity-check', 1)")


def test_a_deleted_claim_is_no_longer_found(session, library):
    target = library["target"]
    review.reopen(session, claim_id=target.id, expected_version=target.version, actor="Ana")
    claims.delete_claim(session, claim_id=target.id, expected_version=target.version, actor="Ana")
    session.commit()
    assert matching.find_matches(session, claim_id=library["draft"].id) == []


def test_claims_inserted_with_core_bypassing_the_orm_are_found_in_the_same_transaction(session, library):
    article_id = library["draft"].article_id
    rating_id = library["target"].rating_id
    row = dict(article_id=article_id, start=0, end=10, quote="Seventy percent of crows remember faces",
               prefix="", suffix="", orphaned=False, text="Seventy percent of crows remember faces",
               claim_type="other", origin="manual", status="checked", rating_id=rating_id, version=1,
               created_by="bulk", created_at=library["draft"].created_at, updated_by="bulk",
               updated_at=library["draft"].created_at)
    new_id = session.connection().execute(insert(Claim.__table__).returning(Claim.__table__.c.id),
                                          [row]).scalar_one()
    found = matching.find_matches(session, text="Crows remember human faces")
    assert [m.claim_id for m in found] == [new_id]
    session.rollback()
    assert session.connection().execute(core_select(Claim.__table__.c.id)
                                        .where(Claim.__table__.c.id == new_id)).first() is None
    assert matching.find_matches(session, text="Crows remember human faces") == []


def test_results_are_ranked_and_cut_at_the_limit(session, library):
    extra = new_article(session, ["Roughly 30% of people who finish the course never come back."],
                        "Another desk")
    near = checked(session, claim_for(session, extra,
                                      "Roughly 30% of people who finish the course never come back."))
    session.commit()
    found = matching.find_matches(session, text=TARGET)
    assert {m.claim_id for m in found} == {library["target"].id, near.id}
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert len(matching.find_matches(session, text=TARGET, limit=1)) == 1


def test_a_text_of_only_stop_words_and_punctuation_matches_nothing(session, library):
    assert matching.find_matches(session, text="it is what it is \u2014 \"or\" (and) NOT?*") == []


def test_asking_with_both_a_claim_and_a_text_is_refused(session, library):
    with pytest.raises(InvalidInput):
        matching.find_matches(session, claim_id=library["draft"].id, text="x")


def test_an_unknown_claim_is_not_found(session, library):
    with pytest.raises(NotFound):
        matching.find_matches(session, claim_id=999_999)


# --- similarity: the score a reviewer sees ---------------------------------------------------------

def test_shared_figures_count_double_and_keep_their_percent_sign():
    t = matching.terms("30 percent of 1,000 patients stayed 30 days")
    assert t.numbers == {"30%", "1000", "30"} and t.words == {"patient", "stayed", "day"}


def test_claims_with_different_figures_score_lower_than_with_the_same_figure():
    q = matching.terms("30% of patients never need another session")
    same = matching.similarity(q, matching.terms("30% of patients never need a second session"))
    other = matching.similarity(q, matching.terms("45% of patients never need a second session"))
    assert same > other + matching.NUMBER_CLASH - 1


# --- command line ---------------------------------------------------------------------------------

@pytest.fixture
def cli(engine, monkeypatch):
    monkeypatch.setattr("workbench.cli.get_engine", lambda *_: engine)
    return workbench_app


def test_the_matches_command_prints_json_with_verdicts(session, library, cli):
    result = CliRunner().invoke(cli, ["matches", str(library["draft"].id), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data[0]["claim_id"] == library["target"].id and data[0]["verdict"] == "Mostly true"


def test_the_matches_command_prints_a_table_and_explains_an_unknown_claim(session, library, cli):
    result = CliRunner().invoke(cli, ["matches", str(library["draft"].id)])
    assert result.exit_code == 0 and "Mostly true" in result.output and "#" in result.output
    missing = CliRunner().invoke(cli, ["matches", "999999"])
    assert missing.exit_code == 1 and "does not exist" in missing.output


def test_the_matches_command_has_an_example_in_its_help(cli):
    result = CliRunner().invoke(cli, ["matches", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


# --- migration 0002 ---------------------------------------------------------------------------------

def test_upgrading_to_0002_indexes_the_claims_that_were_already_there(engine, session, library):
    from alembic import command

    from db.engine import alembic_config

    session.close()
    cfg = alembic_config(engine)
    command.downgrade(cfg, "0001")  # drops the search objects; the claims stay
    command.upgrade(cfg, "head")
    with Session(engine) as fresh:
        draft_id = library["draft"].id
        assert [m.claim_id for m in matching.find_matches(fresh, claim_id=draft_id)] == [library["target"].id]
