"""The claim review page in AppTest: citations, verdict, sign-off by a second reviewer, conflicts."""
from __future__ import annotations

from datetime import date

from db.engine import get_engine, session_scope
from workbench import citations, review
from ui_helpers import keyed, DEMO_QUOTE, REVIEW, add_claim, open_page, read_claim


def _open(url: str, cid: int, name: str = "rita"):
    return open_page(REVIEW, name=name, review__claim_id=cid)


def _cite(at, url="https://example.org/study", **fields):
    at.text_input(key="review.cite.new.url").input(url)
    at.text_input(key="review.cite.new.title").input(fields.get("title", "A study"))
    at.selectbox(key="review.cite.new.stance").set_value(fields.get("stance", "refutes"))
    at.selectbox(key="review.cite.new.source_type").set_value("peer-reviewed study")
    at.date_input(key="review.cite.new.published").set_value(date(2023, 5, 1))
    at.text_area(key="review.cite.new.passage").input("Relapse was common.")
    at.button(key="FormSubmitter:review.cite.new-Add citation").click().run()
    return at


def _verdict(at, cid, rating="Unproven", rationale="No published data."):
    keyed(at.selectbox, f"review.verdict.{cid}.").set_value(rating)
    keyed(at.text_area, f"review.rationale.{cid}.").input(rationale)
    at.button(key=f"FormSubmitter:review.verdict_form.{cid}-Save verdict").click().run()
    return at


def _setup_checkable(url):
    cid = add_claim(url)
    with session_scope(get_engine(url)) as s:
        citations.add_citation(s, claim_id=cid, url="https://example.org/a", actor="rita")
        review.set_verdict(s, claim_id=cid, rating="False", rationale="Refuted.", expected_version=1,
                           actor="rita")
    return cid


def test_review_renders_on_an_empty_database(ui_db):
    at = open_page(REVIEW)
    assert "No claims to review" in at.info[0].value


def test_review_renders_a_claim_with_context_and_history(demo_db):
    cid = add_claim(demo_db, claimant="Stewart")
    at = _open(demo_db, cid)
    assert at.title[0].value == f"Claim #{cid}"
    assert any("re\\-emerge" in m.value and "For about 30" in m.value for m in at.markdown)
    history = at.dataframe[-1].value
    assert history["What happened"].tolist() == [
        f"rita made the claim from the words \u201c{DEMO_QUOTE}\u201d"]
    assert history["When"].iloc[0].endswith(" UTC")  # AppTest has no browser time zone


def test_the_review_page_has_no_submit_button(demo_db):
    cid = add_claim(demo_db)
    at = _open(demo_db, cid)
    moves = [b.key for b in at.button if (b.key or "").startswith("review.move.")]
    assert moves == ["review.move.check", "review.move.approve", "review.move.reopen"]


def test_adding_a_citation(demo_db):
    cid = add_claim(demo_db)
    at = _cite(_open(demo_db, cid))
    assert not at.error
    with session_scope(get_engine(demo_db)) as s:
        [c] = citations.list_citations(s, claim_id=cid)
    assert (c.url, c.stance, c.source_type, c.published, c.quoted_passage) == (
        "https://example.org/study", "refutes", "peer-reviewed study", date(2023, 5, 1),
        "Relapse was common.")
    assert at.text_input(key="review.cite.new.url").value == ""


def test_a_citation_url_must_be_http(demo_db):
    cid = add_claim(demo_db)
    at = _cite(_open(demo_db, cid), url="javascript:alert(1)")
    assert "http" in at.error[0].value
    assert read_claim(demo_db, cid) is not None
    with session_scope(get_engine(demo_db)) as s:
        assert citations.list_citations(s, claim_id=cid) == []


def test_editing_and_removing_a_citation(demo_db):
    cid = add_claim(demo_db)
    with session_scope(get_engine(demo_db)) as s:
        cit = citations.add_citation(s, claim_id=cid, url="https://example.org/a", actor="rita").id
    at = _open(demo_db, cid)
    at.text_input(key=f"review.cite.{cit}.v1.title").input("Better title")
    at.button(key=f"FormSubmitter:review.cite.edit.{cit}-Save citation").click().run()
    assert not at.error
    with session_scope(get_engine(demo_db)) as s:
        assert citations.require_citation(s, cit).title == "Better title"
    at.button(key=f"review.cite.remove.{cit}").click().run()
    with session_scope(get_engine(demo_db)) as s:
        assert citations.list_citations(s, claim_id=cid) == []


def test_verdict_then_mark_checked(demo_db):
    cid = add_claim(demo_db)
    at = _open(demo_db, cid)
    assert at.button(key="review.move.check").disabled
    at = _verdict(_cite(at), cid)
    assert not at.error
    assert not at.button(key="review.move.check").disabled
    at.button(key="review.move.check").click().run()
    claim = read_claim(demo_db, cid)
    assert (claim.status, claim.rationale, claim.verdict_by) == ("checked", "No published data.", "rita")


def test_disabled_moves_say_why(demo_db):
    cid = add_claim(demo_db)
    at = _open(demo_db, cid)
    assert "a verdict" in at.button(key="review.move.check").help
    assert any("Mark checked" in c.value and "citation" in c.value for c in at.caption)


def test_approval_needs_another_reviewer(demo_db):
    cid = _setup_checkable(demo_db)
    with session_scope(get_engine(demo_db)) as s:
        review.mark_checked(s, claim_id=cid, expected_version=2, actor="rita")
    at = _open(demo_db, cid, name="rita")
    assert at.button(key="review.move.approve").disabled
    assert "someone else" in at.button(key="review.move.approve").help
    at.sidebar.text_input[0].set_value("sam").run()
    at.button(key="review.move.approve").click().run()
    claim = read_claim(demo_db, cid)
    assert (claim.status, claim.approved_by) == ("approved", "sam")
    assert at.button(key="review.move.reopen").disabled is False


def test_a_conflict_shows_each_field_side_by_side_and_saves_the_choices(demo_db):
    cid = add_claim(demo_db)
    at = _open(demo_db, cid)
    with session_scope(get_engine(demo_db)) as s:
        review.set_verdict(s, claim_id=cid, rating="False", rationale="Sam's reasons, " + "x" * 60,
                           expected_version=1, actor="sam")
    at = _verdict(at, cid, rationale="Rita's careful reasons.")
    message = " ".join(e.value for e in at.error)
    assert "sam" in message and "UTC" in message and "Nothing was saved" in message
    assert "x" * 60 in message  # never cut to 40 characters
    assert read_claim(demo_db, cid).rationale.startswith("Sam's reasons")
    shown = [c.value for c in at.code]
    assert "Rita's careful reasons." in shown and "Sam's reasons, " + "x" * 60 in shown
    assert "(empty)" in shown  # the rationale both started from
    assert at.radio(key="review.conflict.pick.rationale").value == "Keep mine"
    at.radio(key="review.conflict.pick.verdict").set_value("Take theirs")
    at.button(key="review.conflict.save").click().run()
    claim = read_claim(demo_db, cid)
    assert (claim.rationale, claim.verdict_by) == ("Rita's careful reasons.", "rita")
    assert keyed(at.selectbox, f"review.verdict.{cid}.").value == "False"
    assert not [e for e in at.error if "changed by" in e.value]


def test_claim_link_in_the_url_opens_the_claim(demo_db):
    from streamlit.testing.v1 import AppTest
    from ui_helpers import APP
    cid = add_claim(demo_db)
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["claim"] = str(cid)
    at.run().switch_page(REVIEW).run()
    assert at.title[0].value == f"Claim #{cid}"


def _checked_claim_in_a_second_article(url: str) -> tuple[int, int]:
    """Article #2 holds a checked claim saying what the demo article says; returns (its id, article)."""
    from workbench import articles, claims
    from workbench.ingest import from_text
    with session_scope(get_engine(url)) as s:
        article = articles.import_document(s, doc=from_text(
            "Clinic leaflet. For about 30% of people that finish the whole collection, symptoms "
            "re-emerge within weeks.", title="A clinic leaflet"), actor="sam")
        cid = claims.create_claim_from_quote(
            s, article_id=article.id, quote="For about 30% of people that finish the whole collection",
            actor="sam").id
        citations.add_citation(s, claim_id=cid, url="https://example.org/a", actor="sam")
        review.set_verdict(s, claim_id=cid, rating="Unproven", rationale="No data.",
                           expected_version=1, actor="sam")
        review.mark_checked(s, claim_id=cid, expected_version=2, actor="sam")
    return cid, article.id


def test_a_claim_checked_in_another_article_is_shown_as_checked_before(demo_db):
    checked, article_id = _checked_claim_in_a_second_article(demo_db)
    cid = add_claim(demo_db)
    at = _open(demo_db, cid)
    [table] = [d for d in at.dataframe if d.key == f"review.matches.{cid}"]
    row = table.value.iloc[0]
    assert (row["claim_id"], row["article_id"], row["Article"], row["Verdict"]) == (
        checked, article_id, "A clinic leaflet", "Unproven")
    assert row["Similarity"] > 90
    at.session_state[f"review.matches.{cid}"] = {"selection": {"rows": [0], "columns": [],
                                                               "cells": []}}
    at.run()
    assert at.title[0].value == f"Claim #{checked}"


def test_a_claim_with_no_checked_match_says_so(demo_db):
    cid = add_claim(demo_db)
    at = _open(demo_db, cid)
    assert any(c.value == "No checked claim elsewhere says the same." for c in at.caption)
    assert not [d for d in at.dataframe if (d.key or "").startswith("review.matches.")]


def test_a_citation_says_what_the_archive_holds_of_its_page(demo_db):
    """Tests never reach the network: the fetch fails at once, is recorded, and is shown."""
    cid = add_claim(demo_db)
    at = _open(demo_db, cid)
    _cite(at)
    assert not at.exception
    assert any("Not archived" in c.value for c in at.caption)
